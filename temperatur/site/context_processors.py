import functools

from django.conf import settings
from django.db import connection
from django.utils.functional import SimpleLazyObject

from temperatur.site.assembly import collect
from temperatur.web.cache import cached_per_version
from temperatur.web.contact import site_contact
from temperatur.web.language import page_versions


def has_synthetic_data():
    """Whether any synthetic row exists (each app's ``synthetic`` in its ``public.py``), in
    one query."""
    statement = _synthetic_statement(connection.vendor)
    if statement is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return bool(cursor.fetchone()[0])


@functools.cache
def _synthetic_statement(vendor):
    """The query's SQL and parameters: the same on every page, so written once per process
    (and database vendor); None when no app declares synthetic rows."""
    parts = [rows().values("pk")[:1].query.sql_with_params() for rows in collect("synthetic")]
    if not parts:
        return None
    exists = " OR ".join(f"EXISTS ({sql})" for sql, _params in parts)
    return (
        f"SELECT CASE WHEN {exists} THEN 1 ELSE 0 END",
        tuple(param for _sql, params in parts for param in params),
    )


def site(request):
    """Settings that every page's layout shows, and whether it shows synthetic data."""
    return {
        "ACCESSIBILITY_STATEMENT_URL": settings.ACCESSIBILITY_STATEMENT_URL,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        # How to reach the editors (always something: a page, an address or the form).
        "SITE_CONTACT": SimpleLazyObject(site_contact),
        "DATA_LICENSE_NAME": settings.DATA_LICENSE_NAME,
        "DATA_LICENSE_URL": settings.DATA_LICENSE_URL,
        # This page in every language, for the language switch and hreflang links.
        "LANGUAGE_VERSIONS": SimpleLazyObject(lambda: page_versions(request)),
        # Cached with the content version: a query only after content has changed.
        "HAS_SYNTHETIC_DATA": cached_per_version(
            "has-synthetic-data", lambda: int(has_synthetic_data()), request=request
        )
        == 1,
    }

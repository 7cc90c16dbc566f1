from django.conf import settings
from django.db import connection
from django.utils.functional import SimpleLazyObject

from projects.models import Project
from resources.models import Resource
from temperatur.web.cache import cached_per_version
from temperatur.web.contact import site_contact
from temperatur.web.language import page_versions


def has_synthetic_data():
    """Whether any synthetic project or resource exists, in one query."""
    projects_sql, projects_params = (
        Project.objects.synthetic().values("pk")[:1].query.sql_with_params()
    )
    resources_sql, resources_params = (
        Resource.objects.filter(is_synthetic=True).values("pk")[:1].query.sql_with_params()
    )
    sql = f"SELECT CASE WHEN EXISTS ({projects_sql}) OR EXISTS ({resources_sql}) THEN 1 ELSE 0 END"
    with connection.cursor() as cursor:
        cursor.execute(sql, (*projects_params, *resources_params))
        return bool(cursor.fetchone()[0])


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

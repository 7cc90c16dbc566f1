"""Small helpers the test modules share: addresses, responses read as text, CSV or query
counts, and rows built once for a whole module.

Factories (``make_*``) live in tests/factories.py; fixtures every test gets in
tests/conftest.py.
"""

import csv
import io
import re
from html import unescape

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation


def admin_url(model, view, *args):
    """The admin's ``view`` (changelist, add, change, delete, history…) of ``model``."""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def listed(response):
    """The rows an admin change list shows."""
    return set(response.context["cl"].result_list)


def page_text(response):
    """The response's visible text: scripts and styles, tags and entities out, whitespace
    collapsed, for matching sentences."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def read_csv(response):
    """The rows of a CSV download: UTF-8 with a byte-order mark (so that Excel reads æøå),
    semicolons between the cells."""
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def count_queries(client, url, params=None):
    """How many queries answering ``url`` takes; the answer must be a 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


def built_once(build):
    """A module-scoped fixture: the rows ``build()`` makes, made once for all the tests of
    the module that ask for it, and its return value.

    The rows are written in a transaction that is rolled back when the module is done, and
    each test runs in a savepoint inside it (pytest-django's ``db``), so a test still sees
    exactly these rows, whatever the tests before it changed: as Django's
    ``TestCase.setUpTestData``. The module's tests must not be transactional
    (``transactional_db``, ``live_server``), and once one test has asked for the rows, the
    module's later tests see them too: keep such tests in a module of their own. While it
    builds, the cache is one of its own and the language Danish, as in every test.
    """

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        own_cache = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"built-once-{build.__module__}.{build.__name__}",
            }
        }
        outer = transaction.atomic()
        with django_db_blocker.unblock():
            outer.__enter__()
            try:
                with (
                    override_settings(CACHES=own_cache),
                    translation.override(django_settings.LANGUAGE_CODE),
                ):
                    data = build()
            except BaseException as error:
                outer.__exit__(type(error), error, error.__traceback__)
                raise
        yield data
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    return fixture

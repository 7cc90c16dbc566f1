"""Small helpers the test modules share: admin addresses and form data, responses read as
text, CSV or query counts, every free-text field of the content, and rows built once for
a whole module.

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


def admin_post_data(response, **overrides):
    """The POST data of a rendered admin add or change page, as a browser would send it.

    Covers the main form and every inline (management form and rows), so a test states
    only what it changes. An override of ``None`` leaves the field out.
    """
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(getattr(item, "pk", item)) for item in value]
            elif value is not None:
                data[field.html_name] = getattr(value, "pk", value)
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def edit_in_admin(client, obj, **fields):
    """Open ``obj``'s change form, change ``fields``, save; the response to the save (a
    redirect, or the form's errors in the failure)."""
    url = admin_url(type(obj), "change", obj.pk)
    response = client.post(url, admin_post_data(client.get(url), **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


# Every free-text field of every content row (the text tests)


def _field_names(model):
    return {field.name for field in model._meta.get_fields()}


CONTENT_APP_LABELS = ("projects", "challenges", "resources", "temperatur")


def text_fields(model):
    """The fields of ``model`` that hold free text: not slugs and not choices."""
    from django.db import models

    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
    ]


def content_models():
    """Every model of the content apps and the site's own, without the history copies."""
    from django.apps import apps

    return [
        model
        for label in CONTENT_APP_LABELS
        for model in apps.get_app_config(label).get_models()
        if "history_id" not in _field_names(model)
    ]


def overwrite_text(value):
    """Put ``value`` into every free-text field of every stored content row, as it is,
    past every check (an UPDATE, as a row written before a check existed would be).

    Each row's value ends in its own number, so unique fields stay unique; it is cut to
    the field's length.
    """
    for model in content_models():
        fields = text_fields(model)
        if not fields:
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            changes = {}
            for field in fields:
                suffix = f" {pk}"
                limit = (field.max_length or 10_000) - len(suffix)
                changes[field.attname] = value[:limit] + suffix
            model._default_manager.filter(pk=pk).update(**changes)


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

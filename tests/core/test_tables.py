"""Reference tables kept per process (temperatur/core/tables.py): never stale, never shared.

Outside a transaction (``transaction=True``), as in production: inside one, nothing is kept.
"""

import logging

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Municipality, Project, Region
from temperatur.core import tables
from temperatur.core.tables import table_rows
from temperatur.web.cache import schedule_bump
from tests.factories import make_municipality, make_project, make_region
from tests.helpers import edit_in_admin

transactional = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def keeping(kept_tables):
    """Every test here keeps the tables."""


def names():
    """The municipalities' names, and how many queries reading them took."""
    with CaptureQueriesContext(connection) as queries:
        rows = table_rows(Municipality.objects.all())
    return [row.name for row in rows], len(queries)


@transactional
def test_a_kept_table_is_read_once_per_process():
    make_municipality(name="Odder Kommune")

    assert names() == (["Odder Kommune"], 1)
    assert names() == (["Odder Kommune"], 0)


@transactional
def test_a_change_to_the_table_is_read_at_once():
    odder = make_municipality(name="Odder Kommune")
    names()

    odder.name = "Odder"
    odder.save()
    make_municipality(name="Skanderborg Kommune")

    assert names() == (["Odder", "Skanderborg Kommune"], 1)
    Municipality.objects.filter(name="Odder").delete()
    assert names() == (["Skanderborg Kommune"], 1)


@transactional
def test_a_change_in_another_process_is_read_at_once():
    """The version is in the shared cache: a change elsewhere replaces it there."""
    make_municipality(name="Odder Kommune")
    names()
    kept_version, _rows = next(iter(tables._KEPT.values()))
    Municipality.objects.update(name="Odder")  # no signal: this process does not know
    tables.bump_tables_version()  # what the other process's commit did

    assert tables.tables_version() != kept_version
    assert names() == (["Odder"], 1)


@transactional
def test_a_writer_without_signals_makes_every_process_read_again():
    make_municipality(name="Odder Kommune")
    names()

    Municipality.objects.update(name="Odder")
    schedule_bump()  # what bulk writers call (temperatur.web.cache)

    assert names() == (["Odder"], 1)


@transactional
def test_an_edit_of_content_leaves_the_kept_rows_alone():
    project = make_project(title="Talegenkendelse")
    kept, _queries = names()

    project.title = "Talegenkendelse i borgerservice"
    project.save()

    assert names() == (kept, 0)


@transactional
def test_a_rolled_back_change_is_never_kept():
    make_municipality(name="Odder Kommune")
    names()

    with pytest.raises(RuntimeError), transaction.atomic():
        Municipality.objects.update(name="Odder")
        assert names() == (["Odder"], 1)  # inside: read, not kept
        raise RuntimeError

    assert names() == (["Odder Kommune"], 0)


@transactional
def test_every_request_gets_copies_of_its_own():
    odder = make_municipality(name="Odder Kommune", region=make_region(name="Region Midtjylland"))
    first = table_rows(Municipality.objects.all())[0]
    first.projects_count = 3
    assert first.region.name == "Region Midtjylland"  # a related row, cached on the copy

    Region.objects.filter(pk=odder.region_id).update(name="Region Midt")  # not a kept table
    again = table_rows(Municipality.objects.all())[0]

    assert again is not first
    assert not hasattr(again, "projects_count")
    assert again.region.name == "Region Midt"


@transactional
def test_nothing_is_kept_with_keep_tables_off(settings):
    settings.KEEP_TABLES = False
    make_municipality(name="Odder Kommune")
    names()

    assert names() == (["Odder Kommune"], 1)


@transactional
def test_only_whole_reference_tables_are_kept():
    make_municipality(name="Odder Kommune")

    for read in (
        lambda: Municipality.objects.filter(name="Odder Kommune"),
        lambda: Municipality.objects.order_by("-name"),
        Project.objects.all,
    ):
        table_rows(read())
        with CaptureQueriesContext(connection) as queries:
            table_rows(read())
        assert len(queries) == 1, read().query


@transactional
def test_without_the_cache_the_table_is_read_every_time(monkeypatch, caplog):
    make_municipality(name="Odder Kommune")
    names()

    def unavailable(*args, **kwargs):
        raise ConnectionError("the cache does not answer")

    monkeypatch.setattr(tables.caches["default"], "get", unavailable)
    monkeypatch.setattr(tables.caches["default"], "set", unavailable)
    with caplog.at_level(logging.WARNING, logger="temperatur.core.tables"):
        assert names() == (["Odder Kommune"], 1)
        assert names() == (["Odder Kommune"], 1)
    assert len(caplog.records) == 1  # once per outage, not once per request

    Municipality.objects.update(name="Odder")
    tables.bump_tables_version()  # cannot be stored: made when the cache answers
    assert names() == (["Odder"], 1)
    monkeypatch.undo()

    assert tables._bump_pending.is_set()
    assert names() == (["Odder"], 1)  # the bump made first, then the rows read again
    assert not tables._bump_pending.is_set()
    assert names() == (["Odder"], 0)


@transactional
def test_the_filter_form_offers_a_municipality_renamed_in_the_admin(client, admin_client):
    """End to end: the project list's filter form, its table kept, an editor's rename."""
    odder = make_municipality(name="Odder Kommune")
    assert "Odder Kommune" in client.get(reverse("projects:list")).content.decode()

    edit_in_admin(admin_client, odder, name="Odder Kommune (ny)")
    page = client.get(reverse("projects:list")).content.decode()

    assert "Odder Kommune (ny)" in page


def test_a_request_reads_the_version_once_and_sees_its_own_bump(monkeypatch):
    """A page's filter forms ask for the version of each of their tables: within one request
    the shared cache is asked once; after a bump in that request, once again."""
    reads = []
    current = tables.TABLES.current
    monkeypatch.setattr(tables.TABLES, "current", lambda cache: reads.append(1) or current(cache))

    tables._request_started()  # as Django's request_started signal calls it
    try:
        first = [tables.tables_version() for _ in range(5)]
        tables.bump_tables_version()
        second = [tables.tables_version() for _ in range(5)]
    finally:
        tables._request_finished()
    outside = [tables.tables_version() for _ in range(2)]

    assert len(set(first)) == 1 and len(set(second)) == 1 and first[0] != second[0]
    assert outside == [second[0]] * 2
    assert len(reads) == 2 + 2  # once per request before and after the bump; outside, each time

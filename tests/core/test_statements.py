"""Kept statements: the rows are read afresh every time; a short key fails loudly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Domain, Project
from temperatur.core import statements
from temperatur.core.statements import KeptStatementMismatch, kept, kept_queryset, kept_table
from tests.factories import make_domain, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_store():
    statements._KEPT.clear()
    yield
    statements._KEPT.clear()


def in_domain(domain):
    return kept_queryset(
        ("test-in-domain", domain.pk),
        lambda: Project.objects.filter(domain=domain).select_related("domain").order_by("slug"),
    )


def test_a_kept_queryset_reads_the_rows_as_they_are_now(settings):
    settings.CHECK_KEPT_STATEMENTS = False
    health = make_domain(name="Sundhed")
    make_project(domain=health, slug="a")
    assert [p.slug for p in in_domain(health)] == ["a"]

    make_project(domain=health, slug="b")
    with CaptureQueriesContext(connection) as queries:
        rows = list(in_domain(health))

    assert [(p.slug, p.domain.name) for p in rows] == [("a", "Sundhed"), ("b", "Sundhed")]
    assert len(queries) == 1  # the domain joined, as built


def test_the_compiled_sql_is_kept_per_key(settings):
    settings.CHECK_KEPT_STATEMENTS = False
    health, school = make_domain(name="Sundhed"), make_domain(name="Skole")
    make_project(domain=school, slug="c")
    list(in_domain(health))
    built = []
    queryset = kept_queryset(("test-in-domain", health.pk), lambda: built.append(1))

    assert built == []  # neither built nor compiled again
    assert list(queryset) == []
    assert [p.slug for p in in_domain(school)] == ["c"]  # another key, its own SQL


def test_a_copy_of_a_kept_queryset_is_an_ordinary_one(settings):
    settings.CHECK_KEPT_STATEMENTS = False
    health = make_domain(name="Sundhed")
    make_project(domain=health, slug="a")
    make_project(domain=health, slug="b")
    list(in_domain(health))

    assert [p.slug for p in in_domain(health).filter(slug="b")] == ["b"]
    assert in_domain(health).count() == 2
    assert [p.slug for p in in_domain(health)[:1]] == ["a"]


def test_a_key_that_leaves_out_what_the_sql_depends_on_fails_when_checked():
    health, school = make_domain(name="Sundhed"), make_domain(name="Skole")
    short = ("test-short-key",)
    list(kept_queryset(short, lambda: Project.objects.filter(domain=health)))

    with pytest.raises(KeptStatementMismatch):
        list(kept_queryset(short, lambda: Project.objects.filter(domain=school)))
    kept(("test-value",), lambda: ("SELECT 1", ()))
    with pytest.raises(KeptStatementMismatch):
        kept(("test-value",), lambda: ("SELECT 2", ()))


def test_a_related_managers_queryset_cannot_be_kept():
    health = make_domain(name="Sundhed")

    with pytest.raises(ValueError, match="own manager"):
        kept_queryset(("test-related", health.pk), lambda: health.projects.all())
    assert Domain.objects.count() == 1


def test_a_whole_tables_sql_is_kept_and_any_other_query_is_not(settings):
    settings.CHECK_KEPT_STATEMENTS = False
    make_domain(name="Sundhed")
    whole = kept_table(Domain.objects.all())
    assert [domain.name for domain in whole] == ["Sundhed"]
    assert type(whole.query) is not type(Domain.objects.all().query)

    for partial in (
        Domain.objects.filter(name="Sundhed"),
        Domain.objects.order_by("-name"),
        Domain.objects.select_related(),
        Domain.objects.only("name"),
        Domain.objects.all()[:1],
    ):
        assert kept_table(partial) is partial


def in_keys(keys):
    return kept_queryset(("test-in-keys", tuple(keys)), lambda: Project.objects.filter(pk__in=keys))


def test_a_query_that_can_match_nothing_is_compiled_once_and_sends_nothing(settings, monkeypatch):
    settings.CHECK_KEPT_STATEMENTS = False
    make_project(slug="a")
    compiled = []
    compile_it = statements._Compiled.of.__func__
    monkeypatch.setattr(
        statements._Compiled,
        "of",
        classmethod(lambda cls, compiler: compiled.append(1) or compile_it(cls, compiler)),
    )
    with CaptureQueriesContext(connection) as queries:
        first, again = list(in_keys([])), list(in_keys([]))

    assert first == again == []
    assert len(compiled) == 1  # an empty page was compiled on every request before
    assert len(queries) == 0
    assert in_keys([]).count() == 0  # a copy is ordinary


def test_a_key_that_names_an_empty_query_and_a_full_one_fails_when_checked():
    project = make_project(slug="a")
    short = ("test-short-empty",)
    assert list(kept_queryset(short, lambda: Project.objects.filter(pk__in=[]))) == []

    with pytest.raises(KeptStatementMismatch):
        list(kept_queryset(short, lambda: Project.objects.filter(pk__in=[project.pk])))

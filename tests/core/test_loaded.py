"""``attach`` points rows at instances read already: the page reads nothing more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Domain, Project
from temperatur.core.loaded import attach, attach_rows
from tests.factories import make_domain, make_project

pytestmark = pytest.mark.django_db


def test_attached_rows_read_their_key_without_a_query():
    health, school = make_domain(name="Sundhed"), make_domain(name="Skole")
    make_project(domain=health, slug="a")
    make_project(domain=school, slug="b")
    domains = list(Domain.objects.all())
    projects = list(Project.objects.order_by("slug"))

    with CaptureQueriesContext(connection) as queries:
        attach(projects, "domain", domains)
        names = [project.domain.name for project in projects]

    assert names == ["Sundhed", "Skole"]
    assert len(queries) == 0
    assert projects[0].domain is next(d for d in domains if d.pk == health.pk)


def test_a_key_the_instances_lack_is_read_as_usual():
    make_project(domain=make_domain(name="Sundhed"), slug="a")
    projects = attach(list(Project.objects.all()), "domain", [])

    with CaptureQueriesContext(connection) as queries:
        assert projects[0].domain.name == "Sundhed"
    assert len(queries) == 1


def test_attached_rows_are_each_parents_own_in_order_and_read_once():
    health = make_domain(name="Sundhed")
    first, second = make_project(domain=health, slug="a"), make_project(domain=health, slug="b")
    lonely = make_project(domain=make_domain(name="Skole"), slug="c")
    projects = [first, second, lonely]

    with CaptureQueriesContext(connection) as queries:
        attach_rows(
            [health],
            "listed",
            Project.objects.filter(domain=health).order_by("-slug"),
            by="domain_id",
        )
        attach_rows(projects, "nothing", Project.objects.none(), by="domain_id")
        attach_rows([], "never", Project.objects.all())

    assert [project.slug for project in health.listed] == ["b", "a"]
    assert all(project.nothing == [] for project in projects)
    assert len(queries) == 1  # no parents: their rows are not read

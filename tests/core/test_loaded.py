"""``attach`` points rows at instances read already: the page reads nothing more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Domain, Project
from temperatur.core.loaded import attach
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

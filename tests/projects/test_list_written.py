"""The project list's rows, written once per process for each set of values they show
(temperatur.core.written), show each edit at once: run as production runs them, a row
whose key left out a shown value would show the value from before the edit."""

import datetime

import pytest
from django.urls import reverse

from challenges.models import ProjectChallenge
from tests.factories import make_area, make_domain, make_observation, make_project, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def as_in_production(written_as_in_production, kept_tables):
    pass


def table(client):
    """The list's table of projects (the filter form names domains and areas too)."""
    response = client.get(reverse("projects:list"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<table class="table table--compact')
    return html[start : html.index("</table>", start)]


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("title", "Chatbot til borgere", "Chatbot til borgere"),
        ("title_is_working", True, "arbejdstitel"),
        ("grant_dkk", 2_500_000, "2.500.000 kr."),
        ("status", "afsluttet", "Afsluttet"),
        ("status_as_of", datetime.date(2024, 4, 1), "april 2024"),
        ("domain_is_inferred", True, "udledt"),
    ],
)
def test_a_row_shows_an_edited_field(client, field, value, shown):
    project = make_project(title="Chatbot", grant_dkk=1_900_000, status="afproevning")
    assert shown not in table(client)

    setattr(project, field, value)
    project.save()

    assert shown in table(client)


@pytest.mark.django_db(transaction=True)
def test_a_row_shows_a_renamed_domain(client):
    domain = make_domain(name="Sundhed")
    make_project(domain=domain)
    assert "Sundhed" in table(client)

    domain.name = "Sundhed og omsorg"
    domain.save()

    assert "Sundhed og omsorg" in table(client)


def test_a_row_shows_the_areas_a_new_observation_met(client):
    area = make_area(name="Jura")
    project = make_project()
    make_record(project=project)
    assert "Ingen mødt" in table(client)

    make_observation(project=project, area=area, severity=ProjectChallenge.Severity.HIGH)
    html = table(client)

    assert "Ingen mødt" not in html
    assert ">Jura</a>" in html

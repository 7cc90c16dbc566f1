"""Fragments written once per process (temperatur.core.written) show each edit at once.

The area's chart, its projects, the heat map's rows, the table of areas and the
measurements' findings are kept by the values they show. These tests run as production
does (no second writing to compare), so a key that left out a shown value would show the
value from before the edit.
"""

import pytest
from django.urls import reverse

from challenges.models import ProjectChallenge
from tests.challenges.pages import temperature_url
from tests.factories import make_finding, make_observation, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def as_in_production(written_as_in_production):
    pass


def area_page(client, area):
    response = client.get(reverse("challenges:area", args=[area.slug]))
    assert response.status_code == 200
    return response.content.decode()


def temperature(client):
    response = client.get(temperature_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_area_page_shows_a_renamed_project_and_an_edited_observation(client, example):
    observation = ProjectChallenge.objects.get(
        project=example.p1, area=example.data, measurement=example.m1
    )
    observation.description = "Data lå i tre systemer."
    observation.save()
    assert "Data lå i tre systemer." in area_page(client, example.data)

    example.p1.title = "P1 med nyt navn"
    example.p1.save()
    observation.description = "Data lå i fire systemer."
    observation.save()
    html = area_page(client, example.data)

    assert "P1 med nyt navn" in html
    assert "Data lå i fire systemer." in html and "tre systemer" not in html


def test_an_area_page_counts_a_new_record_in_its_line(client, example):
    before = area_page(client, example.data)
    assert "1 af 2 registrerede projekter" in before  # m2: p1 of p1 and p4

    make_record(project=example.p3, measurement=example.m2)
    make_record(project=example.p5, measurement=example.m2)
    after = area_page(client, example.data)

    assert "1 af 4 registrerede projekter" in after
    assert "1 af 2 registrerede projekter" not in after


def test_the_pages_show_an_edited_finding(client, example):
    finding = make_finding(measurement=example.m1, area=example.data, summary="Data var svært.")
    assert "Data var svært." in area_page(client, example.data)
    assert "Data var svært." in temperature(client)

    finding.summary = "Data var det sværeste."
    finding.save()
    area_html, temperature_html = area_page(client, example.data), temperature(client)

    assert "Data var det sværeste." in area_html and "Data var svært." not in area_html
    assert "Data var det sværeste." in temperature_html
    assert "Data var svært." not in temperature_html


def test_the_temperature_counts_a_new_observation_in_its_table(client, example):
    assert "1 af 4" in temperature(client)  # jura: p1 of the four recorded projects

    make_observation(
        project=example.p4,
        area=example.jura,
        severity=ProjectChallenge.Severity.LOW,  # the mean severity stays 1.0
        measurement=example.m2,
    )
    after = temperature(client)

    assert "2 af 4" in after and "1 af 4" not in after


def test_the_heat_map_shows_a_renamed_project(client, example):
    assert ">P6</a>" in temperature(client)

    example.p6.title = "P6 med nyt navn"
    example.p6.save()
    after = temperature(client)

    assert ">P6 med nyt navn</a>" in after and ">P6</a>" not in after

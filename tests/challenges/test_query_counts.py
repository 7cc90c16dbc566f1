"""The temperature page and an area's page make as many queries for 40 projects as for 3."""

import pytest
from django.urls import reverse

from projects.models import Project
from resources.models import Resource
from tests.challenges.pages import temperature_url
from tests.factories import (
    make_advice,
    make_area,
    make_challenge,
    make_finding,
    make_measurement,
    make_observation,
    make_project,
    make_record,
    make_region,
    make_resource,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


# Query counts


def add_projects(areas, count, measurement):
    """``count`` projects recorded in ``measurement`` and outside the measurements, each
    meeting every area in both (with a concrete challenge in the measurement), and as many
    projects that are not recorded, with a single observation each. Every other recorded
    project is a region's, which the pages name by its region."""
    for n in range(count):
        make_observation(area=areas[n % len(areas)], measurement=measurement)
        if n % 2:
            project = make_project(owner_type=Project.OwnerType.REGIONAL, region=make_region())
        else:
            project = make_project()
        make_record(project=project, measurement=measurement)
        make_record(project=project)
        for i, area in enumerate(areas):
            make_observation(
                project=project,
                area=area,
                severity=(n + i) % 3 + 1,
                challenge=make_challenge(area=area),
                measurement=measurement,
            )
            make_observation(project=project, area=area, severity=None)


TEMPERATURE_CUTS = {
    "html": {},
    "json": {"format": "json"},
    "html-area": {"area": "a"},
    "json-area": {"area": "a", "format": "json"},
    "csv": {"format": "csv"},
}
AREA_CUTS = {"html": {}, "json": {"format": "json"}, "csv": {"format": "csv"}}


def count_each(client, url, cuts):
    return {name: count_queries(client, url, params) for name, params in cuts.items()}


def test_temperature_query_count_does_not_grow_with_projects(client):
    areas = [make_area(slug=slug) for slug in ("a", "b", "c")]
    measurement = make_measurement()
    make_finding(area=areas[0], measurement=measurement)
    add_projects(areas, 3, measurement)
    few = count_each(client, temperature_url(), TEMPERATURE_CUTS)

    add_projects(areas, 37, measurement)
    many = count_each(client, temperature_url(), TEMPERATURE_CUTS)

    assert few == many


def test_area_query_count_does_not_grow_with_projects(client):
    areas = [make_area(slug=slug) for slug in ("a", "b")]
    measurement = make_measurement()
    make_finding(area=areas[0], measurement=measurement)
    make_advice(areas=[areas[0]])
    make_resource(areas=[areas[0]], kind=Resource.Kind.CASE)
    url = reverse("challenges:area", args=["a"])
    add_projects(areas, 3, measurement)
    few = count_each(client, url, AREA_CUTS)

    add_projects(areas, 37, measurement)
    many = count_each(client, url, AREA_CUTS)

    assert few == many

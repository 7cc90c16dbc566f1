"""The project list and a project's page make as many queries for 40 projects as for 3."""

import pytest

from projects.models import Project
from tests.factories import (
    make_area,
    make_challenge,
    make_domain,
    make_funding_round,
    make_measurement,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_resource,
)
from tests.helpers import count_queries
from tests.projects.pages import LIST_URL

pytestmark = pytest.mark.django_db


def make_full_project(**kwargs):
    """A published project with participants, observations in two areas (outside the
    measurements and in one, each recorded) and a resource."""
    project = make_project(
        municipalities=[make_municipality(), make_municipality()],
        organisations=[make_organisation()],
        grant_dkk=1_900_000,
        start_year=2022,
        end_year=2024,
        status=Project.Status.TRIAL,
        funding_round=kwargs.pop("funding_round", None) or make_funding_round(),
        **kwargs,
    )
    measurement = make_measurement()
    make_record(project=project)
    make_record(project=project, measurement=measurement)
    make_observation(project=project, area=make_area(), challenge=None)
    make_observation(project=project, challenge=make_challenge(), measurement=measurement)
    make_resource(projects=[project])
    return project


# Queries do not grow with the data


def test_list_makes_the_same_number_of_queries_for_3_and_40_projects(client):
    domain, funding_round = make_domain(slug="sundhed"), make_funding_round(slug="r1")

    def add(count):
        for _ in range(count):
            make_full_project(domain=domain, funding_round=funding_round)

    url = LIST_URL + "?domain=sundhed&funding_round=r1&status=afproevning&sort=-areas"
    add(3)
    few = count_queries(client, url)
    add(37)
    many = count_queries(client, url)

    assert few == many


def test_detail_makes_the_same_number_of_queries_with_3_and_40_projects(client):
    domain = make_domain()
    project = make_full_project(domain=domain)
    shared_area = project.challenges.first().area

    def add(count):
        for _ in range(count):
            other = make_full_project(domain=domain)
            make_observation(project=other, area=shared_area, challenge=None)
            make_observation(project=project, area=make_area())

    add(2)
    few = count_queries(client, project.get_absolute_url())
    add(37)
    many = count_queries(client, project.get_absolute_url())

    assert few == many

"""Every public page runs at most ten queries, the same number at two data sizes (issue 6)."""

import pytest
from django.urls import reverse

from challenges.models import ChallengeArea
from projects.models import Domain, Project, Region
from tests.factories import (
    make_area,
    make_challenge,
    make_domain,
    make_finding,
    make_highlight,
    make_measurement,
    make_municipality,
    make_observation,
    make_project,
    make_record,
    make_region,
    make_resource,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


# Every public page: at most ten queries, the same number at two data sizes (issue 6)

PAGE_QUERY_LIMIT = 10


def build_public_site(n):
    """``n`` more projects with observations, challenges, resources and highlights each."""
    region = make_region_once("region-test")
    domain = make_domain_once("domaene-test")
    area = make_area_once("omraade-test")
    measurement = make_measurement()
    for rank in range(n):
        other = make_area()
        municipality = make_municipality(region=region)
        project = make_project(domain=domain, lead_municipality=municipality, region=region)
        challenge = make_challenge(area=area)
        make_record(project=project, measurement=measurement)
        make_observation(project=project, area=area, challenge=challenge, measurement=measurement)
        make_observation(project=project, area=other, severity=rank % 3 + 1)
        make_finding(measurement=measurement, area=other, rank=rank + 1)
        make_resource(areas=[area], projects=[project])
        make_highlight(project=project)
    return region, domain, area


def make_region_once(slug):
    return Region.objects.filter(slug=slug).first() or make_region(slug=slug)


def make_domain_once(slug):
    return Domain.objects.filter(slug=slug).first() or make_domain(slug=slug)


def make_area_once(slug):
    return ChallengeArea.objects.filter(slug=slug).first() or make_area(slug=slug)


PUBLIC_PAGES = [
    ("home", {}, ""),
    ("projects:list", {}, ""),
    ("projects:list", {}, "?region=region-test&area=omraade-test"),
    ("projects:detail", {"slug": "first"}, ""),
    ("challenges:temperature", {}, ""),
    ("challenges:temperature", {}, "?owner_type=kommunal&domain=domaene-test"),
    ("challenges:temperature", {}, "?format=json"),
    ("challenges:area", {"slug": "omraade-test"}, ""),
    ("resources:list", {}, ""),
]


def test_every_public_page_runs_at_most_ten_queries_whatever_the_data(client):
    build_public_site(2)
    first = Project.objects.order_by("pk").first().slug
    urls = [
        reverse(name, kwargs={"slug": first} if kwargs.get("slug") == "first" else kwargs) + query
        for name, kwargs, query in PUBLIC_PAGES
    ]
    few = {url: count_queries(client, url) for url in urls}
    build_public_site(30)
    many = {url: count_queries(client, url) for url in urls}

    assert {url: count for url, count in few.items() if count > PAGE_QUERY_LIMIT} == {}
    assert few == many

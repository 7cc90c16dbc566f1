"""The machine-readable twins of the project list: ?format=json here, ?format=csv in
test_csv_export.py."""

import csv
import datetime
import io
import json

import pytest

from projects.models import Project
from tests.factories import (
    make_area,
    make_domain,
    make_funding_round,
    make_measurement,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_region,
)
from tests.projects.pages import LIST_URL

pytestmark = pytest.mark.django_db


CSV_HEADER = [
    "Kort navn",
    "Titel",
    "Ejer",
    "Region",
    "Projektejer (kommune)",
    "Projektejer (organisation)",
    "Deltagende kommuner",
    "Deltagende organisationer",
    "Fagområde",
    "Fase",
    "Ansøgningsrunde",
    "Bevilling (kr.)",
    "Startår",
    "Slutår",
    "Titlen er en arbejdstitel",
    "Fagområdet er udledt",
    "Fasen gælder pr.",
    "Runden er udledt",
    "Bevillingen er afrundet",
    "Udfordringer registreret i",
    "Udfordringsområder",
    "Kontaktside",
    "Navngiven kontakt",
    "Kontaktens e-mail",
    "Adresse",
    "Senest opdateret",
]

FLAGS = [
    "title_is_working",
    "domain_is_inferred",
    "status_as_of",
    "funding_round_is_inferred",
    "grant_is_approximate",
]


def get_json(client, query=""):
    response = client.get(f"{LIST_URL}?format=json&{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def get_csv(client, query=""):
    response = client.get(f"{LIST_URL}?format=csv&{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response.content.decode("utf-8")


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def page_slugs(client, query=""):
    return [project.slug for project in client.get(f"{LIST_URL}?{query}").context["projects"]]


def make_described_project():
    """A project where every exported field has a value; its challenges are recorded
    outside the measurements."""
    region = make_region(slug="midtjylland")
    project = make_project(
        slug="tale",
        title="Talegenkendelse",
        owner_type=Project.OwnerType.MUNICIPAL,
        region=region,
        lead_municipality=make_municipality(slug="aarhus", region=region),
        lead_organisation=make_organisation(slug="auh"),
        municipalities=[
            make_municipality(name="Odder", slug="odder"),
            make_municipality(name="Skanderborg", slug="skanderborg"),
        ],
        organisations=[make_organisation(slug="kl")],
        domain=make_domain(slug="beskaeftigelse"),
        status=Project.Status.TRIAL,
        funding_round=make_funding_round(slug="runde-2021"),
        grant_dkk=1_900_000,
        start_year=2021,
        end_year=2023,
    )
    make_record(project=project)
    make_observation(project=project, area=make_area(slug="data", order=1))
    make_observation(project=project, area=make_area(slug="jura", order=2))
    make_observation(project=project, area=make_area(slug="etik", order=3), is_published=False)
    return project


# JSON


def test_json_row_has_every_field_as_slugs(client):
    project = make_described_project()

    (row,) = get_json(client)["results"]

    assert row == {
        "slug": "tale",
        "title": "Talegenkendelse",
        "owner_type": "kommunal",
        "region": "midtjylland",
        "lead_municipality": "aarhus",
        "lead_organisation": "auh",
        "municipalities": ["odder", "skanderborg"],
        "organisations": ["kl"],
        "domain": "beskaeftigelse",
        "status": "afproevning",
        "funding_round": "runde-2021",
        "grant_dkk": 1_900_000,
        "start_year": 2021,
        "end_year": 2023,
        "title_is_working": False,
        "domain_is_inferred": False,
        "status_as_of": None,
        "funding_round_is_inferred": False,
        "grant_is_approximate": False,
        "recorded_in": [None],  # a record outside the measurements
        "areas": ["data", "jura"],
        # No public contact known: null, as the page says »no public contact«.
        "contact_url": None,
        "contact_name": None,
        "contact_email": None,
        "url": f"http://testserver{project.get_absolute_url()}",
        "updated_at": row["updated_at"],
    }
    assert row["updated_at"].startswith(str(project.updated_at.year))


def test_json_unknown_values_are_null(client):
    make_project(owner_type=Project.OwnerType.REGIONAL, region=None, status="", funding_round=None)

    (row,) = get_json(client)["results"]

    for key in ["region", "lead_municipality", "lead_organisation", "status", "funding_round"]:
        assert row[key] is None, key
    for key in ["grant_dkk", "start_year", "end_year"]:
        assert row[key] is None, key
    assert row["municipalities"] == row["organisations"] == row["recorded_in"] == []
    assert row["areas"] is None  # not recorded: the areas it met are unknown, not none


def test_json_areas_of_a_project_without_a_record_are_unknown_not_its_single_observations(
    client,
):
    project = make_project(slug="enkelt")
    make_observation(project=project, area=make_area(slug="data"))
    make_record(project=make_project(slug="registreret"))

    rows = {row["slug"]: row for row in get_json(client)["results"]}

    assert (rows["enkelt"]["recorded_in"], rows["enkelt"]["areas"]) == ([], None)
    assert (rows["registreret"]["recorded_in"], rows["registreret"]["areas"]) == ([None], [])


def make_flagged_project():
    """A project whose title, domain, round and grant the sources leave uncertain."""
    return make_project(
        slug="usikker",
        title_is_working=True,
        domain_is_inferred=True,
        status=Project.Status.SCALING,
        status_as_of=datetime.date(2021, 4, 1),
        funding_round=make_funding_round(),
        funding_round_is_inferred=True,
        grant_dkk=1_900_000,
        grant_is_approximate=True,
    )


def test_json_says_how_sure_each_fact_is(client):
    make_flagged_project()

    (row,) = get_json(client)["results"]

    assert {key: row[key] for key in FLAGS} == {
        "title_is_working": True,
        "domain_is_inferred": True,
        "status_as_of": "2021-04-01",
        "funding_round_is_inferred": True,
        "grant_is_approximate": True,
    }


def test_csv_says_how_sure_each_fact_is_as_the_json_does(client):
    make_flagged_project()

    header, row = csv_rows(get_csv(client))

    values = dict(zip(header, row, strict=True))
    assert {name: values[name] for name in CSV_HEADER[14:19]} == {
        "Titlen er en arbejdstitel": "true",
        "Fagområdet er udledt": "true",
        "Fasen gælder pr.": "2021-04-01",
        "Runden er udledt": "true",
        "Bevillingen er afrundet": "true",
    }


def test_json_has_every_matching_row_not_one_page(client):
    health = make_domain(slug="sundhed")
    for _ in range(25):
        make_project(domain=health)
    make_project()

    data = get_json(client, "domain=sundhed&page=1")

    assert data["count"] == 25
    assert len(data["results"]) == 25


def test_json_has_the_same_rows_in_the_same_order_as_the_page(client):
    health = make_domain(slug="sundhed")
    for grant in [300, None, 100, 200]:
        make_project(domain=health, grant_dkk=grant)
    make_project(grant_dkk=999)
    query = "domain=sundhed&sort=-grant"

    rows = get_json(client, query)["results"]

    assert [row["slug"] for row in rows] == page_slugs(client, query)


def test_json_areas_respect_the_chosen_measurement(client):
    first, second = make_measurement(slug="m1"), make_measurement(slug="m2")
    project = make_project()
    make_record(project=project, measurement=first)
    make_record(project=project, measurement=second)
    make_observation(project=project, area=make_area(slug="data", order=1), measurement=first)
    make_observation(project=project, area=make_area(slug="jura", order=2), measurement=second)

    (row,) = get_json(client, "measurement=m1")["results"]
    assert (row["recorded_in"], row["areas"]) == (["m1"], ["data"])

    (row,) = get_json(client)["results"]
    assert (row["recorded_in"], row["areas"]) == (["m1", "m2"], ["data", "jura"])


def test_json_never_has_drafts(client):
    make_project(slug="offentlig")
    make_project(slug="kladde", is_published=False)

    assert [row["slug"] for row in get_json(client)["results"]] == ["offentlig"]


def test_json_with_invalid_filters_is_400_with_the_errors(client):
    response = client.get(f"{LIST_URL}?format=json&domain=findes-ikke&sort=pris")

    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert set(errors) == {"domain", "sort"}
    assert all(isinstance(message, str) for message in errors["sort"])

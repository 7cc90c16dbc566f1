"""The machine-readable twins of the project list: ?format=json and ?format=csv."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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

pytestmark = pytest.mark.django_db

LIST_URL = "/projekter/"

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
        municipalities=[make_municipality(slug="odder"), make_municipality(slug="skanderborg")],
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


# CSV


def test_csv_starts_with_a_bom_and_a_danish_header_separated_by_semicolons(client):
    content = get_csv(client)

    assert content.startswith("\ufeff")
    assert content.splitlines()[0] == "\ufeff" + ";".join(CSV_HEADER)


def test_csv_is_an_attachment_named_for_the_list_and_the_date(client):
    response = client.get(f"{LIST_URL}?format=csv")

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="projekter-{today}.csv"'


def test_export_file_names_name_the_filters_but_not_the_order_or_the_page(client):
    make_project(domain=make_domain(slug="sundhed"))
    today = timezone.localdate().isoformat()

    csv = client.get(f"{LIST_URL}?format=csv&domain=sundhed&sort=-grant&page=2&utm=x&q=kræft")
    json_ = client.get(f"{LIST_URL}?format=json&domain=sundhed&q=kræft")

    name = f"projekter-domain-sundhed-q-kraeft-{today}"
    assert csv["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    assert json_["Content-Disposition"] == f'inline; filename="{name}.json"'


def test_csv_columns_and_numbers_are_the_same_whatever_the_page_language(client):
    make_described_project()

    danish = csv_rows(get_csv(client))
    english = csv_rows(client.get(f"/en{LIST_URL}?format=csv").content.decode("utf-8"))

    assert danish[0] == english[0] == CSV_HEADER
    # Only the address of the project's page follows the language that asked.
    address = CSV_HEADER.index("Adresse")
    assert [row[:address] for row in danish] == [row[:address] for row in english]
    assert english[1][address].endswith("/en/projekter/tale/")


def test_json_row_carries_the_projects_public_contact(client):
    make_project(
        contact_url="https://example.dk/kontakt",
        contact_name="Projektleder",
        contact_email="projekt@example.dk",
    )

    (row,) = get_json(client)["results"]

    assert (row["contact_url"], row["contact_name"], row["contact_email"]) == (
        "https://example.dk/kontakt",
        "Projektleder",
        "projekt@example.dk",
    )


def test_csv_round_trips_danish_letters(client):
    make_project(title="Æbler, øl & åer; »citat«")

    header, row = csv_rows(get_csv(client))

    assert row[header.index("Titel")] == "Æbler, øl & åer; »citat«"


def test_csv_agrees_with_json_and_joins_lists_with_commas(client):
    make_described_project()
    for _ in range(24):
        make_project(grant_dkk=5)

    header, *rows = csv_rows(get_csv(client, "sort=-grant"))
    results = get_json(client, "sort=-grant")["results"]

    assert header == CSV_HEADER
    assert len(rows) == len(results) == 25
    first = dict(zip(header, rows[0], strict=True))
    assert first["Kort navn"] == results[0]["slug"] == "tale"
    assert first["Deltagende kommuner"] == "odder, skanderborg"
    assert first["Udfordringer registreret i"] == "uden-maaling"  # outside the measurements
    assert first["Udfordringsområder"] == "data, jura"
    assert first["Bevilling (kr.)"] == "1900000"
    assert first["Fase"] == "afproevning"
    assert first["Adresse"] == results[0]["url"]
    assert first["Senest opdateret"] == results[0]["updated_at"]
    assert [row[0] for row in rows] == [result["slug"] for result in results]
    unrecorded = dict(zip(header, rows[1], strict=True))
    assert unrecorded["Udfordringer registreret i"] == unrecorded["Udfordringsområder"] == ""


def test_csv_never_has_drafts(client):
    make_project(slug="offentlig")
    make_project(slug="kladde", is_published=False)

    _header, *rows = csv_rows(get_csv(client))

    assert [row[0] for row in rows] == ["offentlig"]


def test_csv_with_invalid_filters_is_400_with_the_errors(client):
    response = client.get(f"{LIST_URL}?format=csv&region=findes-ikke")

    assert response.status_code == 400
    assert response.content.decode().startswith("region: ")


# Formats


def test_unknown_format_is_400(client):
    response = client.get(f"{LIST_URL}?format=xml")

    assert response.status_code == 400
    assert "format=csv" in response.content.decode()


def test_empty_format_is_the_page(client):
    assert client.get(f"{LIST_URL}?format=").status_code == 200


# Queries do not grow with the data


def make_projects(count, domain):
    for _ in range(count):
        project = make_project(
            domain=domain,
            municipalities=[make_municipality(), make_municipality()],
            organisations=[make_organisation()],
            funding_round=make_funding_round(),
        )
        make_observation(project=project)
        make_observation(project=project)


@pytest.mark.parametrize("output", ["json", "csv"])
def test_export_makes_the_same_number_of_queries_for_3_and_40_projects(client, output):
    domain = make_domain(slug="sundhed")
    url = f"{LIST_URL}?format={output}&domain=sundhed&sort=-areas"

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    make_projects(3, domain)
    few = count()
    make_projects(37, domain)
    many = count()

    assert few == many

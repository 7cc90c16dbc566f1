"""The project list as CSV (?format=csv): the columns, the flags and Excel's needs; the formats
the list answers; and the export's queries, which do not grow with the data.
"""

import pytest
from django.utils import timezone

from tests.factories import (
    make_domain,
    make_funding_round,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
)
from tests.helpers import count_queries
from tests.projects.pages import LIST_URL
from tests.projects.test_exports import (
    CSV_HEADER,
    csv_rows,
    get_csv,
    get_json,
    make_described_project,
)

pytestmark = pytest.mark.django_db


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


def test_exports_make_the_same_number_of_queries_for_3_and_40_projects(client):
    domain = make_domain(slug="sundhed")
    urls = [f"{LIST_URL}?format={output}&domain=sundhed&sort=-areas" for output in ("json", "csv")]

    make_projects(3, domain)
    few = {url: count_queries(client, url) for url in urls}
    make_projects(37, domain)
    many = {url: count_queries(client, url) for url in urls}

    assert few == many

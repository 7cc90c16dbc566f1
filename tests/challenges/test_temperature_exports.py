"""The machine-readable twins of the temperature page: ``?format=json`` and ``?format=csv``.

They carry the same numbers as the page; bad input is a 400 in the asked-for format.
"""

import csv
import io

import pytest
from django.urls import reverse

from tests.challenges.pages import get_json, temperature_url
from tests.factories import make_area, make_observation, make_record

pytestmark = pytest.mark.django_db


def get_csv(client, **params):
    response = client.get(temperature_url(), {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads æøå
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_json_has_the_documented_keys(client, example):
    data = get_json(client)

    assert set(data) == {
        "projects_total",
        "projects_assessed",
        "projects_not_recorded",
        "minimum_assessed",
        "filters",
        "measurement",
        "areas",
        "measurements",
        "definitions",
    }
    assert set(data["areas"][0]) == {
        "slug",
        "name",
        "projects",
        "projects_assessed",
        "share",
        "share_low",
        "share_high",
        "mean_severity",
        "projects_url",
    }


def test_json_with_chosen_areas_has_the_cooccurrence(client, example):
    data = get_json(client, area="data")

    # Of the projects that met data (p1, p2; both recorded), p1 also met jura.
    assert [(item["slug"], item["projects"]) for item in data["cooccurrence"]] == [
        ("jura", 1),
        ("etik", 0),
    ]


def test_json_without_filters_has_no_filters_and_no_measurement(client, example):
    data = get_json(client)

    assert data["filters"] == {}
    assert data["measurement"] is None


def test_json_project_urls_are_absolute(client, example):
    data = get_json(client, domain="sundhed")

    assert data["areas"][0]["projects_url"].startswith("http://testserver/")


def test_json_names_the_active_filters_as_slugs(client, example):
    data = get_json(client, domain=["sundhed", "miljoe"], region="nord", measurement="m1")

    assert data["filters"] == {
        "domain": ["sundhed", "miljoe"],
        "region": ["nord"],
        "measurement": "m1",
    }


def test_csv_has_a_danish_header_and_a_row_per_area(client, example):
    rows = get_csv(client)

    assert rows[0] == [
        "slug",
        "navn",
        "projekter_i_alt",
        "ikke_registrerede",
        "projekter",
        "registrerede",
        "andel",
        "andel_nedre",
        "andel_oevre",
        "gennemsnitlig_alvor",
    ]
    # 6 projects, 4 recorded (p1 p2 p4 p6); data met by p1 and p2: 2/4, Wilson 0.15–0.85.
    assert rows[1] == ["data", "Data", "6", "2", "2", "4", "0,5000", "0,1500", "0,8500", "2,50"]
    # Recorded, met by none: a share of 0 (known), severity unknown (empty).
    assert rows[3] == ["etik", "Etik", "6", "2", "0", "4", "0,0000", "0,0000", "0,4899", ""]


def test_csv_agrees_with_json(client, example):
    data = get_json(client, region="nord")
    rows = get_csv(client, region="nord")

    by_slug = {area["slug"]: area for area in data["areas"]}
    header, *rows = rows
    assert [row[0] for row in rows] == [area["slug"] for area in data["areas"]]
    # Nord: p1 p3 p5, of which only p1 is recorded.
    assert (data["projects_total"], data["projects_assessed"]) == (3, 1)
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        area = by_slug[cells["slug"]]
        assert cells["navn"] == area["name"]
        assert int(cells["projekter_i_alt"]) == data["projects_total"]
        assert int(cells["ikke_registrerede"]) == data["projects_not_recorded"]
        assert int(cells["projekter"]) == area["projects"]
        assert int(cells["registrerede"]) == area["projects_assessed"]
        for column, key in [
            ("andel", "share"),
            ("andel_nedre", "share_low"),
            ("andel_oevre", "share_high"),
        ]:
            assert float(cells[column].replace(",", ".")) == pytest.approx(area[key], abs=1e-4)
        if area["mean_severity"] is None:
            assert cells["gennemsnitlig_alvor"] == ""
        else:
            assert float(cells["gennemsnitlig_alvor"].replace(",", ".")) == pytest.approx(
                area["mean_severity"], abs=1e-2
            )


def test_json_agrees_with_the_page(client, example):
    page = client.get(temperature_url(), {"domain": "sundhed"})
    data = get_json(client, domain="sundhed")

    assert page.context["result"].projects_total == data["projects_total"]
    on_page = {
        row.prevalence.area.slug: (row.prevalence.projects, row.prevalence.mean_severity)
        for row in page.context["rows"]
    }
    assert on_page == {a["slug"]: (a["projects"], a["mean_severity"]) for a in data["areas"]}


def test_page_links_to_its_csv_and_json(client, example):
    html = client.get(temperature_url(), {"domain": "sundhed"}).content.decode()

    assert "?domain=sundhed&amp;format=csv" in html
    assert "?domain=sundhed&amp;format=json" in html


@pytest.mark.parametrize("params", [{"domain": "findes-ikke"}, {"q": "a\x00b"}])
def test_invalid_filters_give_400_json_with_the_errors(client, example, params):
    response = client.get(temperature_url(), {**params, "format": "json"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


def test_invalid_filters_give_400_csv(client, example):
    response = client.get(temperature_url(), {"region": "findes-ikke", "format": "csv"})

    assert response.status_code == 400


@pytest.mark.parametrize("value", ["xml", "", "\x00", "j" * 1000])
def test_unknown_format_gives_400(client, example, value):
    response = client.get(temperature_url(), {"format": value})

    # An empty format means the page itself.
    assert response.status_code == (200 if value == "" else 400)


# The twins of an area's page


def area_url(slug):
    return reverse("challenges:area", args=[slug])


def test_area_json_lists_the_projects_that_met_it(client, example):
    response = client.get(area_url("data"), {"format": "json"})

    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == "data"
    # The base: 6 published projects, 4 of them recorded; data met by 2 of those 4.
    assert (data["projects_total"], data["projects_assessed"]) == (6, 4)
    assert (data["met"]["projects"], data["met"]["share"]) == (2, 0.5)
    assert [(p["slug"], p["highest_severity"]) for p in data["projects"]] == [
        ("p1", 3),
        ("p2", 2),
    ]
    assert [o["measurement"] for o in data["projects"][0]["observations"]] == ["m1", "m2"]


def test_area_json_pages_through_the_projects_like_the_page(client):
    area = make_area(slug="stor")
    for _ in range(30):
        make_observation(area=area, project=make_record().project)

    first = client.get(area_url("stor"), {"format": "json"}).json()
    second = client.get(first["next"]).json()

    assert (first["met"]["projects"], first["page"], first["pages"]) == (30, 1, 2)
    assert len(first["projects"]) == 25
    assert len(second["projects"]) == 5
    assert second["next"] is None
    assert {p["slug"] for p in first["projects"]}.isdisjoint(p["slug"] for p in second["projects"])


def test_area_json_agrees_with_the_temperature(client, example):
    area = client.get(area_url("jura"), {"format": "json"}).json()
    temperature = get_json(client)

    jura = next(item for item in temperature["areas"] if item["slug"] == "jura")
    assert area["projects_total"] == temperature["projects_total"]
    assert area["projects_assessed"] == temperature["projects_assessed"]
    assert {key: area["met"][key] for key in ("projects", "projects_assessed", "share")} == {
        key: jura[key] for key in ("projects", "projects_assessed", "share")
    }
    assert area["projects_url"] == jura["projects_url"]


def test_area_csv_has_a_row_per_project(client, example):
    response = client.get(area_url("data"), {"format": "csv"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["slug", "titel", "projektejer", "fagomraade", "hoejeste_alvor"]
    assert [(row[0], row[3], row[4]) for row in rows[1:]] == [
        ("p1", "sundhed", "3"),
        ("p2", "sundhed", "2"),
    ]


def test_area_unknown_format_is_400(client, example):
    assert client.get(area_url("data"), {"format": "xml"}).status_code == 400

"""The temperature page beyond its numbers: which areas occur together, the page with nothing
to show, the measurements' findings, and filters it does not know.
"""

import pytest

from tests.challenges.pages import get_json, listed_slugs, temperature_url
from tests.factories import (
    make_area,
    make_finding,
)

pytestmark = pytest.mark.django_db


# Co-occurrence


def test_area_filter_shows_the_other_areas_met_by_the_same_projects(client, example):
    data = get_json(client, area="data")

    assert data["projects_total"] == 2  # p1 and p2
    assert [(a["slug"], a["projects"]) for a in data["cooccurrence"]] == [("jura", 1), ("etik", 0)]


def test_cooccurrence_links_list_projects_with_both_areas(client, example):
    data = get_json(client, area="data")

    jura = data["cooccurrence"][0]
    assert listed_slugs(client, jura["projects_url"]) == {"p1"}


def test_cooccurrence_is_on_the_page(client, example):
    response = client.get(temperature_url(), {"area": "data"})

    assert [row.prevalence.area.slug for row in response.context["cooccurrence"]] == [
        "jura",
        "etik",
    ]
    assert "Hvad projekterne også mødte" in response.content.decode()


def test_no_cooccurrence_without_an_area_filter(client, example):
    assert "cooccurrence" not in get_json(client)
    assert "Hvad projekterne også mødte" not in client.get(temperature_url()).content.decode()


# Nothing to show


def test_projects_without_a_record_lead_with_the_measurements_findings(client, example):
    make_finding(area=example.data, summary="Data var svært for de fleste.")

    # p3 and p5: an observation each, but no published record.
    response = client.get(temperature_url(), {"domain": "miljoe", "region": "nord"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Projekternes egne udfordringer er ikke registreret" in html
    assert "temperature-bar" not in html
    assert 'class="table table--compact heatmap"' not in html
    assert "Ikke mødt" not in html
    assert "0\xa0%" not in html
    assert "Data var svært for de fleste." in html
    # The findings come first, before the comparison and the downloads.
    assert html.index('id="findings-heading"') < html.index('id="trend-heading"')


def test_recorded_projects_that_met_nothing_show_not_met(client, example):
    # p4 alone: recorded in m2, no observation.
    response = client.get(temperature_url(), {"domain": "miljoe", "region": "syd"})

    html = response.content.decode()
    assert "For 1 af 1 projekt er udfordringerne registreret." in html
    assert "<td>0 af 1</td>" in html  # each area: met by none of the one recorded project
    assert [cell.level for cell in response.context["heatmap_rows"][0].cells] == ["none"] * 3
    assert "Projekternes egne udfordringer er ikke registreret" not in html


def test_no_projects_at_all_gets_the_message(client):
    make_area()

    response = client.get(temperature_url())

    html = response.content.decode()
    assert "Ingen offentliggjorte projekter passer til de valgte filtre" in html
    assert "temperature-bar" not in html
    assert "0\xa0%" not in html


# Findings


def test_findings_are_shown_with_their_area(client, example):
    make_finding(
        measurement=example.m1,
        area=example.jura,
        rank=1,
        projects_reporting=9,
        summary="Jura fyldte mest.",
    )

    html = client.get(temperature_url()).content.decode()
    data = get_json(client)

    assert "Jura fyldte mest." in html
    assert example.m1.name in html
    measurements = {item["slug"]: item for item in data["measurements"]}
    assert measurements["m1"]["projects_recorded"] == 3  # p1 p2 p6
    assert measurements["m1"]["findings"] == [
        {
            "measurement": "m1",
            "area": "jura",
            "rank": 1,
            "projects_reporting": 9,
            "summary": "Jura fyldte mest.",
            "quote": None,
        }
    ]
    assert measurements["m2"]["findings"] == []


# Bad input


@pytest.mark.parametrize(
    "params",
    [
        {"domain": "findes-ikke"},
        {"area": "findes-ikke"},
        {"measurement": "findes-ikke"},
        {"municipality": "findes-ikke"},
        {"status": "findes-ikke"},
        {"q": "a\x00b"},
        {"domain": "sund\x00hed"},
        {"measurement": "m\x001"},
        {"area": "x" * 5000},
    ],
)
def test_invalid_filters_give_400_with_the_errors(client, example, params):
    response = client.get(temperature_url(), params)

    assert response.status_code == 400
    assert "Filtrene kunne ikke bruges" in response.content.decode()
    assert response.context["filter"].form.errors

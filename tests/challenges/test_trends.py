"""Trends between measurements: the temperature page's comparison and an area's line.

Hand-computed with ``make_temperature_example`` (see its table). Published observations
of published projects:

- m1: p1 data (3), p1 jura (1), p2 data (2) — p5's jura is unpublished, the draft is a draft;
- m2: p1 data (1), p3 etik (unknown).

Denominators: m1 → {p1, p2} = 2, m2 → {p1, p3} = 2.
Shares: data 100 % → 50 % (−50 pp), jura 50 % → 0 % (−50 pp), etik 0 % → 50 % (+50 pp).
With ``domain=sundhed``: m1 → {p1, p2}, m2 → {p1}: data 100 % → 100 % (0 pp),
jura 50 % → 0 % (−50 pp), etik 0 % → 0 % (0 pp).
m3 has only findings: no per-project data.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges.trends import area_line
from tests.factories import (
    make_area,
    make_finding,
    make_measurement,
    make_observation,
    make_project,
    make_temperature_example,
)

pytestmark = pytest.mark.django_db

NO_DATA = "Målingen har kun offentliggjort samlede konklusioner, ikke tal pr. projekt"


@pytest.fixture
def example():
    example = make_temperature_example()
    example.m3 = make_measurement(slug="m3", name="Evaluering")
    make_finding(measurement=example.m1, area=example.data, rank=1, summary="Data først.")
    make_finding(measurement=example.m2, area=example.data, rank=2, summary="Data nr. to.")
    make_finding(measurement=example.m3, area=example.jura, rank=1, summary="Jura fylder.")
    return example


def comparison(client, **params):
    response = client.get(reverse("challenges:temperature"), {**params, "format": "json"})
    assert response.status_code == 200
    data = response.json()["comparison"]
    return data, {area["slug"]: area for area in data["areas"]}


def test_comparison_shares_and_percentage_points(client, example):
    data, areas = comparison(client, **{"from": "m1", "to": "m2"})
    assert [m["projects_total"] for m in data["measurements"]] == [2, 2]
    assert areas["data"]["from"] == {"projects": 2, "share": 1.0}
    assert areas["data"]["to"] == {"projects": 1, "share": 0.5}
    assert areas["data"]["change_points"] == pytest.approx(-50)
    assert areas["jura"]["change_points"] == pytest.approx(-50)
    assert areas["etik"]["from"] == {"projects": 0, "share": 0.0}
    assert areas["etik"]["change_points"] == pytest.approx(50)


def test_comparison_carries_the_published_ranks_and_findings(client, example):
    _data, areas = comparison(client, **{"from": "m1", "to": "m2"})
    assert areas["data"]["from_finding"]["rank"] == 1
    assert areas["data"]["to_finding"]["summary"] == "Data nr. to."
    assert areas["jura"]["from_finding"] is None


def test_comparison_follows_the_filters(client, example):
    data, areas = comparison(client, domain="sundhed", **{"from": "m1", "to": "m2"})
    assert [m["projects_total"] for m in data["measurements"]] == [2, 1]
    assert areas["data"]["to"] == {"projects": 1, "share": 1.0}
    assert areas["data"]["change_points"] == pytest.approx(0)
    assert areas["jura"]["change_points"] == pytest.approx(-50)


def test_denominator_matches_the_measurement_filter(client, example):
    data, _areas = comparison(client, **{"from": "m1", "to": "m2"})
    listed = client.get(reverse("projects:list"), {"measurement": "m2"}).context["paginator"]
    assert listed.count == data["measurements"][1]["projects_total"]


def test_measurement_without_project_data_is_not_zeros(client, example):
    data, areas = comparison(client, **{"from": "m1", "to": "m3"})
    assert data["measurements"][1]["has_project_data"] is False
    assert areas["data"]["to"] is None
    assert areas["data"]["change_points"] is None
    assert areas["jura"]["to_finding"]["rank"] == 1


def test_page_shows_the_comparison_and_the_no_data_message(client, example):
    response = client.get(reverse("challenges:temperature"), {"from": "m1", "to": "m3"})
    assert response.status_code == 200
    content = response.content.decode()
    assert NO_DATA in content
    assert "temperature-bar__fill--100" in content  # data in m1: 2 of 2
    assert "<caption>" in content and 'scope="row"' in content


def test_page_shows_percentage_points(client, example):
    response = client.get(reverse("challenges:temperature"), {"from": "m1", "to": "m2"})
    content = response.content.decode()
    assert "-50 procentpoint" in content
    assert "+50 procentpoint" in content


def test_comparison_csv(client, example):
    response = client.get(
        reverse("challenges:temperature"), {"from": "m1", "to": "m2", "format": "csv"}
    )
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("slug;navn;maaling_fra")
    data_row = next(line for line in lines if line.startswith("data;"))
    assert data_row.split(";")[2:] == [
        *("m1", "2", "2", "1,0000", "1"),
        *("m2", "1", "2", "0,5000", "2"),
        "-50,00",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "m1"},
        {"from": "m1", "to": "m1"},
        {"from": "findes-ikke", "to": "m2"},
        {"from": "m1\x00", "to": "m2"},
        {"from": "m" * 5000, "to": "m2"},
    ],
)
def test_bad_comparison_is_400_with_errors(client, example, params):
    response = client.get(reverse("challenges:temperature"), params)
    assert response.status_code == 400
    assert 'class="form-error-message"' in response.content.decode()
    json_response = client.get(reverse("challenges:temperature"), {**params, "format": "json"})
    assert json_response.status_code == 400
    assert "errors" in json_response.json()


def test_area_line_through_the_measurements(example):
    points = {point.measurement.slug: point for point in area_line(example.data).points}
    assert (points["m1"].projects, points["m1"].projects_total) == (2, 2)
    assert (points["m2"].projects, points["m2"].projects_total) == (1, 2)
    assert points["m3"].has_project_data is False


def test_area_page_shows_its_line(client, example):
    response = client.get(example.data.get_absolute_url())
    content = response.content.decode()
    assert "<svg" in content and "<title" in content and "<desc" in content
    assert NO_DATA in content
    assert " style=" not in content


def build(n):
    areas = [make_area() for _ in range(3)]
    m1, m2 = make_measurement(), make_measurement()
    for i in range(n):
        project = make_project()
        make_observation(project=project, area=areas[i % 3], measurement=m1)
        make_observation(project=project, area=areas[(i + 1) % 3], measurement=m2)
        if i < 3:
            make_finding(measurement=m1, area=areas[i])
    return m1, m2, areas


@pytest.mark.parametrize("page", ["temperature", "area"])
def test_query_count_does_not_grow(client, page):
    counts = []
    for n in (3, 37):  # 3, then 40 projects in all
        m1, m2, areas = build(n)
        if page == "temperature":
            url = reverse("challenges:temperature") + f"?from={m1.slug}&to={m2.slug}"
        else:
            url = areas[0].get_absolute_url()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

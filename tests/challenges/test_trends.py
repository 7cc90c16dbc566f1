"""Trends between measurements: the temperature page's comparison and an area's line.

Hand-computed with ``make_temperature_example`` (see its table). A comparison ignores the
»Måling« filter; in each measurement its base is the view's projects recorded in it
(published records of published projects), and only observations that count (published,
belonging to a published record in the same measurement) are counted:

- m1: recorded p1, p2, p6 (p5's record is unpublished, the draft is a draft), of the 6
  published projects; met: data p1 (3), p2 (2); jura p1 (1); etik none.
- m2: recorded p1, p4; met: data p1 (1). p6's jura in m2 and p3's etik in m2 do not
  count (no record in m2).

Shares: data 2/3 → 1/2 (−16.67 pp), jura 1/3 → 0/2 (−33.33 pp), etik 0/3 → 0/2 (0 pp).
With ``domain=sundhed`` (p1, p2, p6): m1 → 3 recorded, m2 → {p1}: data 2/3 → 1/1
(+33.33 pp), jura 1/3 → 0/1 (−33.33 pp), etik 0/3 → 0/1 (0 pp).
m3 has only findings: no project is recorded in it, so its shares are unknown.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges.models import Measurement
from challenges.prevalence import tally
from challenges.trends import area_line
from projects.models import Project
from tests.examples import make_temperature_example
from tests.factories import (
    make_area,
    make_finding,
    make_measurement,
    make_observation,
    make_project,
    make_record,
)

pytestmark = pytest.mark.django_db

NO_DATA = (
    "Ingen af projekterne er registreret i målingen, så andelene kan ikke beregnes. "
    "Målingens egne konklusioner står i tabellen."
)
# A change in words, as the comparison shows it when both shares are known.
CHANGE = re.compile(r"[-+]\d+ procentpoint|Uændret \(0 procentpoint\)")
NO_LINE_POINT = "Kan ikke beregnes: ingen projekter er registreret i målingen"


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


def count(projects, recorded):
    """The JSON's share fields for ``projects`` of ``recorded``, as a dict to compare with."""
    return {"projects": projects, "projects_assessed": recorded, "share": projects / recorded}


def shares(side):
    return {key: side[key] for key in ("projects", "projects_assessed", "share")}


def test_comparison_shares_and_percentage_points(client, example):
    data, areas = comparison(client, **{"from": "m1", "to": "m2"})
    sides = [(m["projects_total"], m["projects_assessed"]) for m in data["measurements"]]
    assert sides == [(6, 3), (6, 2)]
    assert shares(areas["data"]["from"]) == count(2, 3)
    assert shares(areas["data"]["to"]) == count(1, 2)
    assert areas["data"]["change_points"] == pytest.approx(-50 / 3)
    assert areas["jura"]["change_points"] == pytest.approx(-100 / 3)
    # Recorded and met by none: a known 0, not an unknown.
    assert shares(areas["etik"]["from"]) == count(0, 3)
    assert areas["etik"]["change_points"] == pytest.approx(0)


def test_comparison_counts_only_observations_of_the_measurements_records(client, example):
    _data, areas = comparison(client, **{"from": "m1", "to": "m2"})
    # p6's jura and p3's etik in m2 are single observations: no record in m2.
    assert areas["jura"]["to"]["projects"] == 0
    assert areas["etik"]["to"]["projects"] == 0


def test_comparison_carries_the_published_ranks_and_findings(client, example):
    _data, areas = comparison(client, **{"from": "m1", "to": "m2"})
    assert areas["data"]["from_finding"]["rank"] == 1
    assert areas["data"]["to_finding"]["summary"] == "Data nr. to."
    assert areas["jura"]["from_finding"] is None


def test_comparison_follows_the_filters(client, example):
    data, areas = comparison(client, domain="sundhed", **{"from": "m1", "to": "m2"})
    sides = [(m["projects_total"], m["projects_assessed"]) for m in data["measurements"]]
    assert sides == [(3, 3), (3, 1)]
    assert shares(areas["data"]["to"]) == count(1, 1)
    assert areas["data"]["change_points"] == pytest.approx(100 / 3)
    assert areas["jura"]["change_points"] == pytest.approx(-100 / 3)


def test_comparison_ignores_the_measurement_filter(client, example):
    with_filter, _areas = comparison(client, measurement="m2", **{"from": "m1", "to": "m2"})
    without, _areas = comparison(client, **{"from": "m1", "to": "m2"})
    assert with_filter == without


def test_denominator_matches_the_measurement_filter(client, example):
    data, _areas = comparison(client, **{"from": "m1", "to": "m2"})
    listed = client.get(reverse("projects:list"), {"measurement": "m2"}).context["paginator"]
    # The projects recorded in m2 (p1, p4) are those the »Måling« filter keeps.
    assert listed.count == data["measurements"][1]["projects_assessed"] == 2


def test_measurement_without_recorded_projects_is_unknown_not_zeros(client, example):
    data, areas = comparison(client, **{"from": "m1", "to": "m3"})
    assert data["measurements"][1]["projects_assessed"] == 0
    assert areas["data"]["to"]["share"] is None
    assert areas["etik"]["to"]["share"] is None
    assert areas["data"]["change_points"] is None
    assert areas["jura"]["to_finding"]["rank"] == 1


def test_page_shows_the_comparison_and_the_not_recorded_message(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    response = client.get(reverse("challenges:temperature"), {"from": "m1", "to": "m3"})
    assert response.status_code == 200
    content = response.content.decode()
    assert NO_DATA in content
    # The share, its base and its 95 % interval, in the comparison's table.
    assert "67\u00a0%" in content
    assert "(2 af 3 registrerede projekter; 95 %-sikkerhedsinterval: 21–94\u00a0%)" in content
    # One side unknown: no bars and no change, said in words.
    assert "trend-chart__area" not in content
    assert "kan ikke beregnes" in content
    assert not CHANGE.search(content)
    assert "<caption" in content and 'scope="row"' in content


def test_page_shows_percentage_points(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    response = client.get(reverse("challenges:temperature"), {"from": "m1", "to": "m2"})
    content = response.content.decode()
    assert "temperature-bar__fill--67" in content  # data in m1: 2 of 3
    assert "-17 procentpoint" in content  # data
    assert "-33 procentpoint" in content  # jura
    assert "Uændret (0 procentpoint)" in content  # etik


def test_page_below_the_minimum_shows_counts_and_no_change(client, example):
    # The default minimum (5) is more than either side's recorded projects (3 and 2).
    response = client.get(reverse("challenges:temperature"), {"from": "m1", "to": "m2"})
    content = response.content.decode()
    assert "2 af 3 registrerede projekter" in content
    assert "1 af 2 registrerede projekter" in content
    assert "For få registrerede projekter til at vise andele" in content
    assert "trend-chart__area" not in content
    assert not CHANGE.search(content)
    assert "67\u00a0%" not in content


def test_comparison_csv(client, example):
    response = client.get(
        reverse("challenges:temperature"), {"from": "m1", "to": "m2", "format": "csv"}
    )
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";") == [
        "slug",
        "navn",
        *("maaling_fra", "projekter_fra", "registrerede_fra", "andel_fra"),
        *("andel_nedre_fra", "andel_oevre_fra", "placering_fra"),
        *("maaling_til", "projekter_til", "registrerede_til", "andel_til"),
        *("andel_nedre_til", "andel_oevre_til", "placering_til"),
        "aendring_procentpoint",
    ]
    data_row = next(line for line in lines if line.startswith("data;"))
    assert data_row.split(";")[2:] == [
        *("m1", "2", "3", "0,6667", "0,2077", "0,9385", "1"),
        *("m2", "1", "2", "0,5000", "0,0945", "0,9055", "2"),
        "-16,67",
    ]


def test_comparison_csv_leaves_unknowns_empty(client, example):
    response = client.get(
        reverse("challenges:temperature"), {"from": "m1", "to": "m3", "format": "csv"}
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    jura_row = next(line for line in lines if line.startswith("jura;"))
    assert jura_row.split(";")[9:] == ["m3", "0", "0", "", "", "", "1", ""]


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
    counts = tally(Project.objects.published(), group="measurement")
    measurements = list(Measurement.objects.order_by("published_on"))
    line = area_line(example.data, measurements, counts)
    points = {point.measurement.slug: point for point in line}
    assert (points["m1"].count.projects, points["m1"].count.recorded) == (2, 3)
    assert (points["m2"].count.projects, points["m2"].count.recorded) == (1, 2)
    assert points["m3"].is_recorded is False
    assert points["m3"].count.share is None


def test_area_page_shows_its_line(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    response = client.get(example.data.get_absolute_url())
    content = response.content.decode()
    assert "<svg" in content and "<title" in content and "<desc" in content
    assert "67\u00a0% (2 af 3 registrerede projekter)" in content  # m1, in the description
    assert NO_LINE_POINT in content  # m3
    assert " style=" not in content


def test_area_page_below_the_minimum_has_no_line_only_counts(client, example):
    response = client.get(example.data.get_absolute_url())
    content = response.content.decode()
    assert 'class="area-line"' not in content
    assert "2 af 3 registrerede projekter" in content
    assert NO_LINE_POINT in content


def build(n):
    areas = [make_area() for _ in range(3)]
    m1, m2 = make_measurement(), make_measurement()
    for i in range(n):
        project = make_project()
        make_record(project=project, measurement=m1)
        make_record(project=project, measurement=m2)
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

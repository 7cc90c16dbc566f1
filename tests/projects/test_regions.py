"""The regional picture (/regioner/) and a municipality's page.

A region's projects are the published projects owned in it (``Project.region``, the lead
municipality's region) or joined by a municipality in it — the project list's ``region``
filter — so the figures equal what their links show. A region's shares are over its recorded
projects (``challenges.prevalence``).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    make_area,
    make_finding,
    make_measurement,
    make_municipality,
    make_observation,
    make_project,
    make_record,
    make_region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def example():
    """Nord: p1 (data, jura), p2 (data), draft (data), p3 (jura), owned in Syd and joined
    by a Nord municipality, and p4 (data, a single observation: not recorded). Syd: p3.
    One published project without region. Every project but p4 is recorded."""
    from types import SimpleNamespace

    nord = make_region(name="Region Nordjylland", slug="region-nordjylland", code=1081)
    syd = make_region(name="Region Syddanmark", slug="region-syddanmark", code=1083)
    aalborg = make_municipality(name="Aalborg", slug="aalborg", region=nord)
    hjoerring = make_municipality(name="Hjørring", slug="hjoerring", region=nord)
    odense = make_municipality(name="Odense", slug="odense", region=syd)
    data = make_area(slug="data", name="Data", order=1)
    jura = make_area(slug="jura", name="Jura", order=2)
    p1 = make_project(title="P1", slug="p1", lead_municipality=aalborg)
    p2 = make_project(title="P2", slug="p2", lead_municipality=aalborg, municipalities=[hjoerring])
    p3 = make_project(title="P3", slug="p3", lead_municipality=odense, municipalities=[aalborg])
    p4 = make_project(title="P4", slug="p4", lead_municipality=hjoerring)
    draft = make_project(
        title="Kladde", slug="kladde", lead_municipality=hjoerring, is_published=False
    )
    without = make_project(title="Uden region", slug="uden", owner_type="regional")
    for project in (p1, p2, p3, draft, without):
        make_record(project=project)
    make_observation(project=p1, area=data)
    make_observation(project=p1, area=jura)
    make_observation(project=p2, area=data)
    make_observation(project=p3, area=jura)
    make_observation(project=p4, area=data)
    make_observation(project=draft, area=data)
    make_observation(project=p2, area=jura, is_published=False)
    return SimpleNamespace(**locals())


def rows(client):
    response = client.get(reverse("regions"))
    assert response.status_code == 200
    return response, {row.region.slug: row for row in response.context["rows"]}


def counts(row):
    return [(item.area.slug, item.projects, item.share) for item in row.temperature.areas]


def test_region_figures(client, example):
    response, by_slug = rows(client)
    nord = by_slug["region-nordjylland"]
    assert nord.projects == 4  # p1, p2, p4 owned; p3 joined by Aalborg
    assert nord.temperature.projects_assessed == 3  # p4 is not recorded
    assert counts(nord) == [("data", 2, 2 / 3), ("jura", 2, 2 / 3)]
    syd = by_slug["region-syddanmark"]
    assert (syd.projects, syd.temperature.projects_assessed) == (1, 1)
    assert counts(syd) == [("data", 0, 0.0), ("jura", 1, 1.0)]
    assert response.context["without_region"] == 1


def test_region_count_matches_its_project_list(client, example):
    _response, by_slug = rows(client)
    for row in by_slug.values():
        listed = client.get(row.projects_url).context["paginator"].count
        assert listed == row.projects
        temperature = client.get(row.temperature_url + "&format=json").json()
        assert temperature["projects_total"] == row.projects
        assert temperature["projects_assessed"] == row.temperature.projects_assessed


def test_owned_in_one_region_and_joined_from_another_counts_in_both_once(client):
    syd = make_region(name="Region Syddanmark", slug="region-syddanmark", code=1083)
    hovedstaden = make_region(name="Region Hovedstaden", slug="region-hovedstaden", code=1084)
    data = make_area(slug="data", name="Data", order=1)
    odense = make_municipality(name="Odense", slug="odense", region=syd)
    koebenhavn = make_municipality(name="København", slug="koebenhavn", region=hovedstaden)
    frederiksberg = make_municipality(name="Frederiksberg", slug="frb", region=hovedstaden)
    # Owned in Syddanmark, joined by two Hovedstaden municipalities and one of its own.
    shared = make_project(
        slug="faelles",
        lead_municipality=odense,
        municipalities=[koebenhavn, frederiksberg, make_municipality(region=syd)],
    )
    measurement = make_measurement()
    make_record(project=shared)
    make_record(project=shared, measurement=measurement)
    make_observation(project=shared, area=data)
    # A second observation of the area: still one project.
    make_observation(project=shared, area=data, measurement=measurement)
    make_record(project=make_project(slug="kun-syd", lead_municipality=odense))
    # No region of its own, but a participant in Hovedstaden: in Hovedstaden, not apart.
    make_project(slug="uden", owner_type="regional", municipalities=[koebenhavn])

    response, by_slug = rows(client)
    assert response.context["without_region"] == 0
    syd_row, hovedstaden_row = by_slug["region-syddanmark"], by_slug["region-hovedstaden"]
    assert syd_row.projects == 2
    assert hovedstaden_row.projects == 2
    # Syddanmark: faelles and kun-syd, both recorded; Hovedstaden: faelles and uden (not).
    assert counts(syd_row) == [("data", 1, 1 / 2)]
    assert counts(hovedstaden_row) == [("data", 1, 1.0)]
    for row in (syd_row, hovedstaden_row):
        listed = client.get(row.projects_url).context["paginator"]
        assert listed.count == row.projects
        assert [p.slug for p in listed.object_list].count("faelles") == 1
        temperature = client.get(row.temperature_url + "&format=json").json()
        assert temperature["projects_total"] == row.projects
    data_json = client.get(reverse("regions"), {"format": "json"}).json()
    assert {r["slug"]: (r["projects"], r["projects_assessed"]) for r in data_json["regions"]} == {
        "region-syddanmark": (2, 2),
        "region-hovedstaden": (2, 1),
    }
    assert data_json["projects_without_region"] == 0


def test_region_lists_municipalities_that_lead_or_join(client, example):
    _response, by_slug = rows(client)
    nord = by_slug["region-nordjylland"]
    # Aalborg leads p1, p2 and joins p3; Hjørring leads p4 and joins p2 (its draft does
    # not count).
    assert [(m.slug, m.project_count) for m in nord.municipalities] == [
        ("aalborg", 3),
        ("hjoerring", 2),
    ]


def test_page_has_tile_map_and_table(client, example):
    response, _by_slug = rows(client)
    content = response.content.decode()
    assert "<svg" in content and "<title" in content
    assert 'aria-label="Region Nordjylland: 4 projekter"' in content
    assert "?region=region-nordjylland" in content
    assert "/udfordringer/?region=region-nordjylland" in content
    assert '<caption id="region-table-caption">' in content and 'scope="row"' in content
    # Below the minimum of recorded projects: counts, no shares.
    assert "2 af 3 registrerede projekter" in content
    assert "For 3 af de 4 projekter er udfordringerne registreret; 1 projekt er ikke" in content
    assert "\xa0%" not in content
    assert " style=" not in content


def test_page_shows_shares_from_the_minimum(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 3
    response, _by_slug = rows(client)
    content = response.content.decode()
    assert "67\xa0%" in content  # Nordjylland: data and jura, 2 of 3
    assert "<td>1 af 1 registreret projekt</td>" in content  # Syddanmark: jura, below it


def test_page_without_recorded_projects_says_so_instead_of_shares(client):
    region = make_region(code=1081)
    area = make_area()
    make_finding(area=area, summary="Området fyldte mest.")
    project = make_project(lead_municipality=make_municipality(region=region))
    make_observation(project=project, area=area)  # a single observation

    response = client.get(reverse("regions"))

    content = response.content.decode()
    assert "Projekternes egne udfordringer er ikke registreret" in content
    assert "Området fyldte mest." in content
    assert "region-table-caption" not in content
    assert "\xa0%" not in content
    assert "Ikke mødt" not in content


def test_municipality_page_labels_lead_and_participant(client, example):
    url = reverse("municipality", args=["region-nordjylland", "aalborg"])
    response = client.get(url)
    assert response.status_code == 200
    assert [p.slug for p in response.context["led"]] == ["p1", "p2"]
    assert [p.slug for p in response.context["joined"]] == ["p3"]
    content = response.content.decode()
    assert "Projektejer" in content and "Deltager" in content
    listed = client.get(response.context["projects_url"]).context["paginator"].count
    assert listed == response.context["count"] == 3


@pytest.mark.parametrize(
    "args",
    [
        ("region-nordjylland", "findes-ikke"),
        ("findes-ikke", "aalborg"),
        ("region-syddanmark", "aalborg"),  # the wrong region
    ],
)
def test_unknown_slugs_are_404(client, example, args):
    assert client.get(reverse("municipality", args=args)).status_code == 404


def test_municipality_without_published_projects_is_404(client, example):
    make_municipality(slug="tom", region=example.nord)
    assert (
        client.get(reverse("municipality", args=["region-nordjylland", "tom"])).status_code == 404
    )


def build(n, region, areas):
    municipality = make_municipality(region=region)
    for i in range(n):
        project = make_project(
            lead_municipality=make_municipality(region=region),
            region=region,
            municipalities=[municipality],
        )
        make_record(project=project)
        make_observation(project=project, area=areas[i % len(areas)])
    return municipality


@pytest.mark.parametrize("page", ["regions", "municipality"])
def test_query_count_does_not_grow(client, page):
    region = make_region(code=1082, slug="midt")
    areas = [make_area() for _ in range(3)]
    counts = []
    for n in (3, 37):  # 3, then 40 projects in all
        municipality = build(n, region, areas)
        url = (
            reverse("regions")
            if page == "regions"
            else reverse("municipality", args=[region.slug, municipality.slug])
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_regions_json_and_csv_carry_the_figures(client, example):
    data = client.get(reverse("regions"), {"format": "json"}).json()
    nord = next(r for r in data["regions"] if r["slug"] == "region-nordjylland")
    assert (nord["projects"], nord["projects_assessed"], nord["projects_not_recorded"]) == (4, 3, 1)
    assert {a["slug"]: (a["projects"], a["share"]) for a in nord["areas"]} == {
        "data": (2, 2 / 3),
        "jura": (2, 2 / 3),
    }
    assert [m["slug"] for m in nord["municipalities"]] == ["aalborg", "hjoerring"]
    assert data["projects_without_region"] == 1
    lines = client.get(reverse("regions"), {"format": "csv"}).content.decode("utf-8-sig")
    header, *rows = lines.splitlines()
    assert header == (
        "region;projekter_i_alt;omraade;projekter;registrerede;andel;andel_nedre;andel_oevre"
    )
    # Rounded (0,6667), not truncated; with the 95 % interval of 2 of 3.
    assert "region-nordjylland;4;data;2;3;0,6667;0,2077;0,9385" in rows
    assert client.get(reverse("regions"), {"format": "xml"}).status_code == 400


def test_regions_json_and_csv_leave_unknown_shares_empty(client):
    region = make_region(slug="midt", code=1082)
    area = make_area(slug="data")
    project = make_project(lead_municipality=make_municipality(region=region))
    make_observation(project=project, area=area)  # not recorded

    data = client.get(reverse("regions"), {"format": "json"}).json()
    (midt,) = data["regions"]
    assert (midt["projects"], midt["projects_assessed"]) == (1, 0)
    assert [(a["projects"], a["share"]) for a in midt["areas"]] == [(0, None)]
    lines = client.get(reverse("regions"), {"format": "csv"}).content.decode("utf-8-sig")
    assert lines.splitlines()[1] == "midt;1;data;0;0;;;"

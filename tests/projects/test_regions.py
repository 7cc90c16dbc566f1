"""The regional picture (/regioner/) and a municipality's page.

A region's projects are the published projects owned in it (``Project.region``, the lead
municipality's region) or joined by a municipality in it — the project list's ``region``
filter — so the figures equal what their links show.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    make_area,
    make_measurement,
    make_municipality,
    make_observation,
    make_project,
    make_region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def example():
    """Nord: p1 (data, jura), p2 (data), draft (data), and p3 (jura), owned in Syd and
    joined by a Nord municipality. Syd: p3. One published project without region."""
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
    draft = make_project(
        title="Kladde", slug="kladde", lead_municipality=hjoerring, is_published=False
    )
    make_project(title="Uden region", slug="uden", owner_type="regional")
    make_observation(project=p1, area=data)
    make_observation(project=p1, area=jura)
    make_observation(project=p2, area=data)
    make_observation(project=p3, area=jura)
    make_observation(project=draft, area=data)
    make_observation(project=p2, area=jura, is_published=False)
    return SimpleNamespace(**locals())


def rows(client):
    response = client.get(reverse("regions"))
    assert response.status_code == 200
    return response, {row.region.slug: row for row in response.context["rows"]}


def test_region_figures(client, example):
    response, by_slug = rows(client)
    nord = by_slug["region-nordjylland"]
    assert nord.projects == 3  # p1, p2 owned; p3 joined by Aalborg
    assert [(s.area.slug, s.projects, s.share) for s in nord.shares] == [
        ("data", 2, 2 / 3),
        ("jura", 2, 2 / 3),
    ]
    syd = by_slug["region-syddanmark"]
    assert syd.projects == 1
    assert [(s.area.slug, s.projects) for s in syd.shares] == [("data", 0), ("jura", 1)]
    assert response.context["without_region"] == 1


def test_region_count_matches_its_project_list(client, example):
    _response, by_slug = rows(client)
    for row in by_slug.values():
        listed = client.get(row.projects_url).context["paginator"].count
        assert listed == row.projects
        temperature = client.get(row.temperature_url + "&format=json").json()
        assert temperature["projects_total"] == row.projects


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
    make_observation(project=shared, area=data)
    # A second observation of the area: still one project.
    make_observation(project=shared, area=data, measurement=make_measurement())
    make_project(slug="kun-syd", lead_municipality=odense)
    # No region of its own, but a participant in Hovedstaden: in Hovedstaden, not apart.
    make_project(slug="uden", owner_type="regional", municipalities=[koebenhavn])

    response, by_slug = rows(client)
    assert response.context["without_region"] == 0
    syd_row, hovedstaden_row = by_slug["region-syddanmark"], by_slug["region-hovedstaden"]
    assert syd_row.projects == 2
    assert hovedstaden_row.projects == 2
    assert [(s.area.slug, s.projects) for s in syd_row.shares] == [("data", 1)]
    assert [(s.area.slug, s.projects) for s in hovedstaden_row.shares] == [("data", 1)]
    for row in (syd_row, hovedstaden_row):
        listed = client.get(row.projects_url).context["paginator"]
        assert listed.count == row.projects
        assert [p.slug for p in listed.object_list].count("faelles") == 1
        temperature = client.get(row.temperature_url + "&format=json").json()
        assert temperature["projects_total"] == row.projects
    data_json = client.get(reverse("regions"), {"format": "json"}).json()
    assert {r["slug"]: r["projects"] for r in data_json["regions"]} == {
        "region-syddanmark": 2,
        "region-hovedstaden": 2,
    }
    assert data_json["projects_without_region"] == 0


def test_region_lists_municipalities_that_lead_or_join(client, example):
    _response, by_slug = rows(client)
    nord = by_slug["region-nordjylland"]
    # Aalborg leads p1, p2 and joins p3; Hjørring joins p2 (its draft does not count).
    assert [(m.slug, m.project_count) for m in nord.municipalities] == [
        ("aalborg", 3),
        ("hjoerring", 1),
    ]


def test_page_has_tile_map_and_table(client, example):
    response, _by_slug = rows(client)
    content = response.content.decode()
    assert "<svg" in content and "<title" in content
    assert 'aria-label="Region Nordjylland: 3 projekter"' in content
    assert "?region=region-nordjylland" in content
    assert "/udfordringer/?region=region-nordjylland" in content
    assert "<caption>" in content and 'scope="row"' in content
    assert " style=" not in content


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
    assert nord["projects"] == 3
    assert {a["slug"]: a["share"] for a in nord["areas"]} == {"data": 2 / 3, "jura": 2 / 3}
    assert [m["slug"] for m in nord["municipalities"]] == ["aalborg", "hjoerring"]
    assert data["projects_without_region"] == 1
    lines = client.get(reverse("regions"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "region-nordjylland;3;0,6666;0,6666" in lines.splitlines()
    assert client.get(reverse("regions"), {"format": "xml"}).status_code == 400

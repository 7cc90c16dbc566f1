"""The temperature page (/udfordringer/): its numbers, its count links and its heat map.

Its other sections are in test_temperature_sections.py, its query counts in
test_query_counts.py, the page of one area in test_area_page.py.

Most tests use ``example`` (``make_temperature_example``, in tests/challenges/conftest.py):
six published projects, four of them recorded, and a draft; the numbers are computed by
hand in its docstring and here. Shares are over the recorded projects only; observations
count only when they belong to a published record (``challenges.prevalence``).
"""

import pytest
from django.urls import reverse

from tests.challenges.pages import get_json, listed_slugs, numbers, temperature_url
from tests.factories import (
    make_area,
    make_domain,
    make_observation,
    make_project,
    make_record,
)

pytestmark = pytest.mark.django_db


# The numbers


def base(data):
    return (data["projects_total"], data["projects_assessed"], data["projects_not_recorded"])


def test_unfiltered_numbers(client, example):
    data = get_json(client)

    # p1 p2 p4 p6 are recorded; p3 and p5 (unpublished record) are not.
    assert base(data) == (6, 4, 2)
    assert numbers(data) == {
        "data": (2, 0.5, 2.5),
        "jura": (1, 0.25, 1.0),
        "etik": (0, 0.0, None),  # recorded projects that did not meet it: a known 0
    }


def test_numbers_filtered_by_domain(client, example):
    data = get_json(client, domain="sundhed")

    assert base(data) == (3, 3, 0)  # p1 p2 p6; the draft is not a project of the view
    assert numbers(data) == {
        "data": (2, 2 / 3, 2.5),
        "jura": (1, 1 / 3, 1.0),
        "etik": (0, 0.0, None),
    }


def test_numbers_filtered_by_region(client, example):
    data = get_json(client, region="nord")

    # p1 p3 p5, of which only p1 is recorded: p3's etik is a single observation.
    assert base(data) == (3, 1, 2)
    assert numbers(data) == {
        "data": (1, 1.0, 3.0),
        "jura": (1, 1.0, 1.0),
        "etik": (0, 0.0, None),
    }


def test_numbers_within_a_measurement(client, example):
    data = get_json(client, measurement="m2")

    assert data["measurement"] == "m2"
    assert base(data) == (2, 2, 0)  # p1 and p4 have a published record in m2
    assert numbers(data) == {
        "data": (1, 0.5, 1.0),
        "jura": (0, 0.0, None),  # p6's jura in m2 does not count: p6 is recorded in m1 only
        "etik": (0, 0.0, None),  # p3's etik in m2 does not count: p3 has no record
    }


def test_unpublished_projects_records_and_observations_do_not_count(client, example):
    data = get_json(client, domain="sundhed")

    # The draft (recorded, with data in m1) is not a project of the view, and p2's etik
    # observation is unpublished.
    assert base(data) == (3, 3, 0)
    assert numbers(data)["etik"] == (0, 0.0, None)

    data = get_json(client, region="nord", domain="miljoe")

    # p3 and p5; p5's record is unpublished, so neither is recorded and nothing is known.
    assert base(data) == (2, 0, 2)
    assert numbers(data) == {
        "data": (0, None, None),
        "jura": (0, None, None),
        "etik": (0, None, None),
    }


def rows_url(slug):
    return f"{reverse('projects:list')}?area={slug}"


def test_page_shows_each_area_as_text(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 4

    response = client.get(temperature_url())

    assert response.status_code == 200
    rows = {row.prevalence.area.slug: row.prevalence for row in response.context["rows"]}
    assert (rows["data"].projects, rows["data"].recorded, rows["data"].percent) == (2, 4, 50)
    html = response.content.decode()
    assert f'<a href="{rows_url("data")}">2 af 4</a>' in html  # met, of the recorded
    assert "For 4 af de 6 projekter er udfordringerne registreret; 2 projekter er ikke" in html
    assert "50\xa0%" in html  # a non-breaking space before the sign, as Danish writes it
    assert "<td>15–85" in html  # the 95 % interval of 2 of 4
    assert "2,5" in html  # the mean severity, with a Danish decimal comma
    assert "temperature-bar__fill--50" in html


def test_interval_is_written_like_every_percentage(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 4

    danish = client.get(temperature_url()).content.decode()
    english = client.get("/en" + temperature_url()).content.decode()

    assert "<td>15–85\xa0%</td>" in danish  # as »50\xa0%«: no line break before the sign
    assert "<td>15–85%</td>" in english  # as »50%«


def test_page_below_the_minimum_shows_counts_only(client, example):
    # 4 recorded projects, fewer than the default minimum of 5.
    response = client.get(temperature_url())

    html = response.content.decode()
    assert f'<a href="{rows_url("data")}">2 af 4</a>' in html
    assert "For få registrerede projekter til at vise andele: der skal være mindst 5." in html
    assert "temperature-bar" not in html
    assert "50\xa0%" not in html


def met_by_more(example):
    """Etik met by three recorded projects (p1, p4, p6): more than data (2) and jura (1)."""
    for project, measurement in [(example.p1, example.m1), (example.p4, example.m2)]:
        make_observation(project=project, area=example.etik, measurement=measurement)
    make_observation(project=example.p6, area=example.etik, measurement=example.m1)


def test_areas_are_ranked_most_projects_first(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 4
    met_by_more(example)

    response = client.get(temperature_url())

    assert [row.prevalence.area.slug for row in response.context["rows"]] == [
        "etik",
        "data",
        "jura",
    ]


def test_areas_below_the_minimum_keep_their_own_order(client, example):
    met_by_more(example)

    response = client.get(temperature_url())

    assert [row.prevalence.area.slug for row in response.context["rows"]] == [
        "data",
        "jura",
        "etik",
    ]


# The count links


@pytest.mark.parametrize(
    "params",
    [{}, {"domain": "sundhed"}, {"region": "nord"}, {"measurement": "m2"}, {"area": "data"}],
)
def test_count_links_list_exactly_the_counted_projects(client, example, params):
    page = client.get(temperature_url(), params)

    heatmap = page.context["heatmap_rows"]
    for index, area in enumerate(page.context["areas"]):
        row = next(row for row in page.context["rows"] if row.prevalence.area == area)
        met = {line.project.slug for line in heatmap if line.cells[index].met}
        listed = listed_slugs(client, row.projects_url)
        assert listed == met, area.slug
        assert len(listed) == row.prevalence.projects, area.slug


def test_total_links_to_the_list_of_all_the_projects_of_the_view(client, example):
    page = client.get(temperature_url(), {"region": "nord"})

    assert listed_slugs(client, page.context["all_projects_url"]) == {"p1", "p3", "p5"}


def test_count_link_keeps_the_filters_and_adds_the_area(client, example):
    data = get_json(client, domain="sundhed", measurement="m1")

    url = next(area["projects_url"] for area in data["areas"] if area["slug"] == "data")
    assert reverse("projects:list") in url
    assert "domain=sundhed" in url
    assert "measurement=m1" in url
    assert "area=data" in url
    assert listed_slugs(client, url) == {"p1", "p2"}


def test_count_links_on_the_page_match_the_json(client, example):
    page = client.get(temperature_url(), {"domain": "sundhed"})
    data = get_json(client, domain="sundhed")

    html = page.content.decode()
    for area in data["areas"]:
        if area["projects"]:
            relative = area["projects_url"].removeprefix("http://testserver")
            assert f'href="{relative.replace("&", "&amp;")}"' in html


# The heat map


def test_heatmap_cells_show_the_three_states_as_text_and_colour(client, example):
    # p4 (recorded in m2) met etik there, severity not given.
    make_observation(project=example.p4, area=example.etik, severity=None, measurement=example.m2)

    response = client.get(temperature_url())

    rows = {row.project.slug: row for row in response.context["heatmap_rows"]}
    assert [cell.level for cell in rows["p1"].cells] == ["3", "1", "none"]
    assert [cell.level for cell in rows["p4"].cells] == ["none", "none", "unknown"]
    assert [str(cell.label) for cell in rows["p2"].cells] == ["Middel", "Ikke mødt", "Ikke mødt"]
    # p6's jura in m2 does not count (no record in m2): recorded, met nothing.
    assert [cell.level for cell in rows["p6"].cells] == ["none", "none", "none"]
    # p3 has an observation but no record: not recorded, never »not met«.
    assert rows["p3"].recorded is False
    assert [cell.level for cell in rows["p3"].cells] == ["unrecorded"] * 3
    html = response.content.decode()
    assert '<td class="heat heat--3">Høj</td>' in html
    assert '<td class="heat heat--2">Middel</td>' in html
    assert '<td class="heat heat--1">Lav</td>' in html
    assert '<td class="heat heat--unknown">Alvor ikke oplyst</td>' in html
    assert '<td class="heat heat--none">Ikke mødt</td>' in html
    assert '<td class="heat heat--unrecorded" colspan="3">Ikke registreret</td>' in html


def test_heatmap_rows_are_the_projects_of_the_view(client, example):
    response = client.get(temperature_url(), {"region": "nord"})

    assert [row.project.slug for row in response.context["heatmap_rows"]] == ["p1", "p3", "p5"]
    assert reverse("projects:detail", args=["p1"]) in response.content.decode()


def test_heatmap_rows_follow_the_chosen_sort(client, example):
    response = client.get(temperature_url(), {"sort": "-areas"})

    assert response.context["heatmap_rows"][0].project.slug == "p1"  # data and jura


def test_heatmap_has_a_legend(client, example):
    html = client.get(temperature_url()).content.decode()

    legend = html[html.index('<ul class="heatmap-legend') :]
    legend = legend[: legend.index("</ul>")]
    for label in ("Høj", "Middel", "Lav", "Alvor ikke oplyst", "Ikke mødt", "Ikke registreret"):
        assert label in legend
    assert "Signaturforklaring" in legend


def test_heatmap_is_paginated_keeping_the_query_string(client):
    area = make_area()
    domain = make_domain(slug="stor")
    for n in range(30):
        project = make_project(domain=domain, title=f"Projekt {n:02}")
        make_record(project=project)
        make_observation(project=project, area=area)

    first = client.get(temperature_url(), {"domain": "stor"})
    second = client.get(temperature_url(), {"domain": "stor", "page": 2})

    assert len(first.context["heatmap_rows"]) == 25
    assert len(second.context["heatmap_rows"]) == 5
    assert "?domain=stor&amp;page=2" in first.content.decode()
    assert second.context["result"].projects_total == 30  # the numbers cover every page
    assert second.context["result"].areas[0].projects == 30


@pytest.mark.parametrize("page", ["99999999999999999999999", "-1", "x", "1\x00"])
def test_heatmap_page_out_of_range_shows_a_page(client, example, page):
    response = client.get(temperature_url(), {"page": page})

    assert response.status_code == 200
    assert response.context["heatmap_rows"]

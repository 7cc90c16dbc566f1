"""The temperature page (/udfordringer/) and the page of one area (/udfordringer/<slug>/).

Most tests use ``example`` (``make_temperature_example``): six published projects, four
of them recorded, and a draft; the numbers are computed by hand in its docstring and here.
Shares are over the recorded projects only; observations count only when they belong to a
published record (``challenges.prevalence``).
"""

import pytest
from django.urls import reverse

from resources.models import Resource
from tests.factories import (
    make_advice,
    make_area,
    make_challenge,
    make_domain,
    make_finding,
    make_measurement,
    make_observation,
    make_project,
    make_record,
    make_resource,
    make_temperature_example,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def temperature_url():
    return reverse("challenges:temperature")


@pytest.fixture
def example():
    return make_temperature_example()


def get_json(client, **params):
    response = client.get(temperature_url(), {**params, "format": "json"})
    assert response.status_code == 200
    return response.json()


def numbers(data):
    """``{slug: (projects, share, mean_severity)}`` from the JSON."""
    return {
        area["slug"]: (area["projects"], area["share"], area["mean_severity"])
        for area in data["areas"]
    }


def listed_slugs(client, url):
    """The slugs of the projects a project-list URL shows (all pages)."""
    response = client.get(url)
    assert response.status_code == 200
    paginator = response.context["paginator"]
    return {project.slug for project in paginator.object_list}


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


# Query counts


def add_projects(areas, count, measurement):
    """``count`` projects recorded in ``measurement`` and outside the measurements, each
    meeting every area in both (with a concrete challenge in the measurement), and as many
    projects that are not recorded, with a single observation each."""
    for n in range(count):
        make_observation(area=areas[n % len(areas)], measurement=measurement)
        project = make_project()
        make_record(project=project, measurement=measurement)
        make_record(project=project)
        for i, area in enumerate(areas):
            make_observation(
                project=project,
                area=area,
                severity=(n + i) % 3 + 1,
                challenge=make_challenge(area=area),
                measurement=measurement,
            )
            make_observation(project=project, area=area, severity=None)


@pytest.mark.parametrize(
    "params",
    [{}, {"format": "json"}, {"area": "a"}, {"area": "a", "format": "json"}, {"format": "csv"}],
    ids=["html", "json", "html-area", "json-area", "csv"],
)
def test_temperature_query_count_does_not_grow_with_projects(client, params):
    areas = [make_area(slug=slug) for slug in ("a", "b", "c")]
    measurement = make_measurement()
    make_finding(area=areas[0], measurement=measurement)
    add_projects(areas, 3, measurement)
    few = count_queries(client, temperature_url(), params)

    add_projects(areas, 37, measurement)
    many = count_queries(client, temperature_url(), params)

    assert few == many


@pytest.mark.parametrize(
    "params", [{}, {"format": "json"}, {"format": "csv"}], ids=["html", "json", "csv"]
)
def test_area_query_count_does_not_grow_with_projects(client, params):
    areas = [make_area(slug=slug) for slug in ("a", "b")]
    measurement = make_measurement()
    make_finding(area=areas[0], measurement=measurement)
    make_advice(areas=[areas[0]])
    make_resource(areas=[areas[0]], kind=Resource.Kind.CASE)
    url = reverse("challenges:area", args=["a"])
    add_projects(areas, 3, measurement)
    few = count_queries(client, url, params)

    add_projects(areas, 37, measurement)
    many = count_queries(client, url, params)

    assert few == many


# The area page


def area_page(client, slug):
    response = client.get(reverse("challenges:area", args=[slug]))
    assert response.status_code == 200
    return response


def test_unknown_area_gives_404(client):
    assert client.get(reverse("challenges:area", args=["findes-ikke"])).status_code == 404


def test_area_page_shows_name_and_description(client):
    make_area(slug="data", name="Data og infrastruktur", description="Adgang til data.")

    html = area_page(client, "data").content.decode()

    assert "Data og infrastruktur" in html
    assert "Adgang til data." in html


def test_area_page_counts_published_projects_per_challenge(client, example):
    access = make_challenge(area=example.data, slug="adgang", name="Adgang til data", order=1)
    quality = make_challenge(area=example.data, slug="kvalitet", name="Datakvalitet", order=2)
    data, m1, m2 = example.data, example.m1, example.m2
    make_observation(project=example.p1, area=data, challenge=access, measurement=m1)
    make_observation(project=example.p1, area=data, challenge=access, measurement=m2)  # once
    make_observation(project=example.p2, area=data, challenge=access, measurement=m1)
    make_observation(project=example.p2, area=data, challenge=access, measurement=m2)  # no record
    make_observation(project=example.p3, area=data, challenge=access, measurement=m2)  # single
    make_observation(project=example.draft, area=data, challenge=access, measurement=m1)
    make_observation(
        project=example.p4, area=data, challenge=quality, measurement=m2, is_published=False
    )

    response = area_page(client, "data")

    counts = {
        challenge.slug: (count.projects, count.recorded)
        for challenge, count in response.context["challenges"]
    }
    assert counts == {"adgang": (2, 4), "kvalitet": (0, 4)}
    assert "2 af 4 registrerede projekter" in response.content.decode()


def test_area_page_lists_the_published_projects_that_met_it(client, example):
    response = area_page(client, "data")

    listed = [(project.slug, cell.label) for project, cell in response.context["projects"]]
    assert [(slug, str(label)) for slug, label in listed] == [("p1", "Høj"), ("p2", "Middel")]
    html = response.content.decode()
    assert reverse("projects:detail", args=["p1"]) in html
    assert '2 af 4 registrerede projekter har mødt »<span lang="da">Data</span>«' in html
    assert "Kladde" not in html


def test_area_page_shows_the_descriptions_of_the_observations(client, example):
    jura, m2 = example.jura, example.m2
    make_observation(
        project=example.p4, area=jura, severity=None, measurement=m2, description="Uklar hjemmel."
    )
    make_observation(
        project=example.p4,
        area=jura,
        challenge=make_challenge(area=jura),
        description="Skjult.",
        is_published=False,
        measurement=m2,
    )
    make_observation(project=example.p3, area=jura, description="Enkeltstående.")

    response = area_page(client, "jura")

    html = response.content.decode()
    assert "Uklar hjemmel." in html
    assert "Skjult." not in html
    assert "Enkeltstående." not in html  # p3 is not recorded: a single observation
    listed = {project.slug: str(cell.label) for project, cell in response.context["projects"]}
    # p5's record is unpublished; p6's jura is in m2, where p6 has no record.
    assert listed == {"p1": "Lav", "p4": "Alvor ikke oplyst"}


def test_area_page_shows_published_advice_for_the_area(client, example):
    make_advice(areas=[example.data], title="Start med data", slug="start-med-data")
    make_advice(areas=[example.data], title="Hemmeligt råd", is_published=False)
    make_advice(areas=[example.jura], title="Spørg juristen")

    html = area_page(client, "data").content.decode()

    assert "Start med data" in html
    assert f"{reverse('resources:advice')}#start-med-data" in html
    assert "Hemmeligt råd" not in html
    assert "Spørg juristen" not in html


def test_area_page_shows_published_tools_and_cases_for_the_area(client, example):
    tool = make_resource(areas=[example.data], kind=Resource.Kind.TOOL, title="Datatjekliste")
    make_resource(areas=[example.data], kind=Resource.Kind.CASE, title="Aarhus-casen")
    make_resource(areas=[example.data], kind=Resource.Kind.TOOL, title="Kladde", is_published=False)
    make_resource(areas=[example.jura], kind=Resource.Kind.TOOL, title="Jura-værktøj")

    response = area_page(client, "data")

    assert [r.title for r in response.context["tools"]] == ["Datatjekliste"]
    assert [r.title for r in response.context["cases"]] == ["Aarhus-casen"]
    html = response.content.decode()
    assert reverse("resources:detail", args=[tool.slug]) in html
    assert "Jura-værktøj" not in html


def test_area_page_shows_the_findings_in_measurement_order(client, example):
    later = make_measurement(name="Anden måling", published_on="2023-05-01")
    earlier = make_measurement(name="Første måling", published_on="2021-04-28")
    make_finding(measurement=later, area=example.data, summary="Senere fund.")
    make_finding(measurement=earlier, area=example.data, rank=2, summary="Tidligere fund.")
    make_finding(measurement=earlier, area=example.jura, summary="Om jura.")

    response = area_page(client, "data")

    findings = [f.summary for item in response.context["measurements"] for f in item.findings]
    assert findings == ["Tidligere fund.", "Senere fund."]
    html = response.content.decode()
    assert html.index("Tidligere fund.") < html.index("Senere fund.")
    assert "Om jura." not in html


def test_area_page_without_recorded_projects_leads_with_the_findings(client):
    area = make_area(slug="data")
    make_observation(area=area)  # a single observation: its project is not recorded
    make_finding(area=area, summary="Data fyldte mest.")

    response = area_page(client, "data")

    html = response.content.decode()
    assert "Projekternes egne udfordringer er ikke registreret" in html
    assert "Data fyldte mest." in html
    assert not response.context["base"].is_recorded
    assert "har mødt området" not in html
    assert "0\xa0%" not in html


def test_area_page_paginates_its_projects(client):
    area = make_area(slug="data", name="Data")
    for _ in range(30):
        make_observation(area=area, project=make_record().project)

    first = area_page(client, "data")
    second = client.get(reverse("challenges:area", args=["data"]), {"page": 2})

    assert len(first.context["projects"]) == 25
    assert len(second.context["projects"]) == 5
    summary = '30 af 30 registrerede projekter har mødt »<span lang="da">Data</span>«'
    assert summary in first.content.decode()


def test_area_page_links_to_its_csv_and_json(client, example):
    html = area_page(client, "data").content.decode()

    assert 'href="?format=csv"' in html
    assert 'href="?format=json"' in html


# One name for the page; buttons that say what they do


def test_the_temperature_has_one_name_in_menu_heading_title_and_breadcrumb(client, example):
    content = client.get(temperature_url()).content.decode()

    assert "<title>Temperaturen – Temperatur</title>" in content
    assert "<h1>Temperaturen</h1>" in content
    assert '<li class="breadcrumbs__list-item" aria-current="page">' in content
    assert 'aria-current="page"><span>Temperaturen</span></a>' in content  # the menu
    assert ">Udfordringer<" not in content


def test_the_temperature_filters_button_shows_the_temperature_not_projects(client, example):
    content = client.get(temperature_url()).content.decode()

    assert '<button type="submit" class="button button-primary">Vis temperaturen</button>' in (
        content
    )
    assert ">Vis projekter<" not in content
    assert '<button type="submit" class="button button-secondary">Sammenlign målingerne' in (
        content
    )


def test_the_comparison_says_the_measurement_filter_does_not_apply_to_it(client, example):
    with_filter = client.get(temperature_url(), {"measurement": "m1"}).content.decode()
    without = client.get(temperature_url()).content.decode()

    assert "gælder temperaturen ovenfor, men ikke sammenligningen" in with_filter
    assert "gælder temperaturen ovenfor, men ikke sammenligningen" not in without


def test_filters_fold_behind_one_button_that_counts_the_active_filters(client, example):
    content = client.get(temperature_url(), {"domain": "sundhed", "measurement": "m1"})
    content = content.content.decode()

    assert '<details class="filter-disclosure">' in content  # folded until opened
    assert "(2 aktive filtre)" in content
    invalid = client.get(temperature_url(), {"domain": "findes-ikke"}).content.decode()
    assert '<details class="filter-disclosure" open>' in invalid  # errors show at once

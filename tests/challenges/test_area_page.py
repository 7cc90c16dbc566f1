"""The page of one challenge area (/udfordringer/<slug>/), and the temperature page's one name
and buttons that say what they do.
"""

import pytest
from django.urls import reverse

from challenges.models import ProjectChallenge
from resources.models import Resource
from tests.challenges.pages import temperature_url
from tests.factories import (
    make_advice,
    make_area,
    make_challenge,
    make_finding,
    make_measurement,
    make_observation,
    make_project,
    make_record,
    make_resource,
)

pytestmark = pytest.mark.django_db


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


def test_area_page_says_of_each_observation_what_how_severe_and_where(client, example):
    jura, m2 = example.jura, example.m2
    hjemmel = make_challenge(area=jura, name="Hjemmel")
    make_observation(
        project=example.p4,
        area=jura,
        challenge=hjemmel,
        description="Uklar <hjemmel>.",
        severity=ProjectChallenge.Severity.HIGH,
        measurement=m2,
    )
    samtykke = make_challenge(area=jura, name="Samtykke")
    make_observation(project=example.p4, area=jura, challenge=samtykke, measurement=m2)
    make_observation(project=example.p4, area=jura, severity=None, measurement=m2)

    html = area_page(client, "jura").content.decode()

    assert (
        '<strong lang="da">Hjemmel</strong>: <span lang="da">Uklar &lt;hjemmel&gt;.</span> '
        f'<span class="form-hint">(alvor: Høj, <span lang="da">{m2.name}</span>)</span>'
    ) in html
    assert '<li><strong lang="da">Samtykke</strong> <span class="form-hint">(alvor: ' in html
    assert (
        'Ingen beskrivelse <span class="form-hint">(alvor ikke oplyst, '
        f'<span lang="da">{m2.name}</span>)</span>'
    ) in html


def test_area_pages_list_the_most_severe_first_then_by_title_across_pages(client):
    area = make_area(slug="omraade")
    severities = [
        ProjectChallenge.Severity.LOW,
        ProjectChallenge.Severity.HIGH,
        None,
        ProjectChallenge.Severity.MEDIUM,
    ]
    for n in range(30):
        project = make_project(slug=f"p{n:02}", title=f"Projekt {n:02}")
        make_record(project=project)
        make_observation(project=project, area=area, severity=severities[n % 4])

    pages = [
        client.get(reverse("challenges:area", args=["omraade"]), {"page": page}) for page in (1, 2)
    ]

    shown = [
        (project.title, cell.severity)
        for page in pages
        for project, cell in page.context["projects"]
    ]
    order = {ProjectChallenge.Severity.HIGH: 0, ProjectChallenge.Severity.MEDIUM: 1}
    order |= {ProjectChallenge.Severity.LOW: 2, None: 3}
    expected = sorted(
        ((f"Projekt {n:02}", severities[n % 4]) for n in range(30)),
        key=lambda row: (order[row[1]], row[0]),
    )
    assert [len(page.context["projects"]) for page in pages] == [25, 5]
    assert shown == expected


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


def test_area_page_lists_the_first_ten_tools_and_links_to_all_of_them(client, example):
    for number in range(12):
        make_resource(areas=[example.data], kind=Resource.Kind.TOOL, title=f"Værktøj {number:02}")
    make_resource(areas=[example.data], kind=Resource.Kind.CASE, title="Eneste case")

    response = area_page(client, "data")

    tools = response.context["tools"]
    assert [r.title for r in tools] == [f"Værktøj {number:02}" for number in range(10)]
    html = response.content.decode()
    assert "Værktøj 10" not in html
    assert "Se alle 12 værktøjer om området" in html
    listed = client.get(tools.url)
    assert listed.status_code == 200
    assert {r.title for r in listed.context["page_obj"]} >= {"Værktøj 10", "Værktøj 11"}
    assert listed.context["page_obj"].paginator.count == 12
    # One case: it is listed, and there is no link to more of them.
    assert "Eneste case" in html
    assert "cases om området" not in html
    data = client.get(reverse("challenges:area", args=["data"]), {"format": "json"}).json()
    assert [(k["kind"], k["count"]) for k in data["resources_by_kind"]] == [
        ("vaerktoej", 12),
        ("case", 1),
    ]
    assert len(data["resources"]) == 11
    assert data["resources_by_kind"][0]["url"].endswith(tools.url)


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

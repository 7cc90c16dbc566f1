"""The project list (/projekter/) and a project's page (/projekter/<slug>/)."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import (
    make_area,
    make_challenge,
    make_domain,
    make_funding_round,
    make_highlight,
    make_measurement,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_region,
    make_resource,
)
from tests.helpers import count_queries, page_text

pytestmark = pytest.mark.django_db

LIST_URL = "/projekter/"


def rows(response):
    """The visible text of the result rows only (the filter form names every area, too)."""
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def listed(response):
    return [project.slug for project in response.context["projects"]]


def make_full_project(**kwargs):
    """A published project with participants, observations in two areas (outside the
    measurements and in one, each recorded) and a resource."""
    project = make_project(
        municipalities=[make_municipality(), make_municipality()],
        organisations=[make_organisation()],
        grant_dkk=1_900_000,
        start_year=2022,
        end_year=2024,
        status=Project.Status.TRIAL,
        funding_round=kwargs.pop("funding_round", None) or make_funding_round(),
        **kwargs,
    )
    measurement = make_measurement()
    make_record(project=project)
    make_record(project=project, measurement=measurement)
    make_observation(project=project, area=make_area(), challenge=None)
    make_observation(project=project, challenge=make_challenge(), measurement=measurement)
    make_resource(projects=[project])
    return project


# The list


def test_list_reverses_to_projekter():
    assert reverse("projects:list") == LIST_URL


def test_list_shows_published_projects_and_never_drafts(client):
    make_project(slug="offentlig")
    make_project(slug="kladde", title="Hemmelig kladde", is_published=False)

    response = client.get(LIST_URL)

    assert listed(response) == ["offentlig"]
    assert "Hemmelig kladde" not in page_text(response)


def test_list_is_sorted_by_title_by_default(client):
    make_project(slug="b", title="Beta")
    make_project(slug="a", title="Alfa")

    assert listed(client.get(LIST_URL)) == ["a", "b"]


def test_list_applies_the_filters(client):
    health = make_domain(slug="sundhed")
    make_project(slug="ja", domain=health)
    make_project(slug="nej")

    assert listed(client.get(LIST_URL + "?domain=sundhed")) == ["ja"]


def test_list_applies_the_sort(client):
    make_project(slug="lille", title="A", grant_dkk=10)
    make_project(slug="stor", title="B", grant_dkk=1000)
    make_project(slug="ukendt", title="C")

    assert listed(client.get(LIST_URL + "?sort=-grant")) == ["stor", "lille", "ukendt"]


def test_row_shows_title_link_owner_domain_region_status_round_grant(client):
    municipality = make_municipality(name="Aarhus Kommune")
    project = make_project(
        title="Talegenkendelse",
        lead_municipality=municipality,
        region=make_region(name="Region Midtjylland"),
        domain=make_domain(name="Beskæftigelse"),
        status=Project.Status.SCALING,
        funding_round=make_funding_round(name="Runde 2021"),
        grant_dkk=1_900_000,
    )

    response = client.get(LIST_URL)
    page = rows(response)

    assert f'href="{project.get_absolute_url()}"' in response.content.decode()
    for expected in [
        "Talegenkendelse",
        "Aarhus Kommune",
        "Beskæftigelse",
        "Region Midtjylland",
        "Skalering",
        "Runde 2021",
        "1.900.000 kr.",
    ]:
        assert expected in page


def test_row_owner_is_the_lead_organisation_of_a_regional_project(client):
    make_project(
        owner_type=Project.OwnerType.REGIONAL,
        lead_organisation=make_organisation(name="Aarhus Universitetshospital"),
    )

    assert "Aarhus Universitetshospital" in rows(client.get(LIST_URL))


def test_row_says_when_fields_are_unknown(client):
    make_project(status="", grant_dkk=None, funding_round=None)

    assert rows(client.get(LIST_URL)).count("Ikke oplyst") == 3


def make_uncertain_project(**kwargs):
    """A project whose sources leave its title, domain, round and grant uncertain."""
    return make_project(
        **{
            "title": "Mailsortering",
            "title_is_working": True,
            "domain": make_domain(name="Administration"),
            "domain_is_inferred": True,
            "status": Project.Status.SCALING,
            "status_as_of": datetime.date(2021, 4, 1),
            "funding_round": make_funding_round(name="Runde 2"),
            "funding_round_is_inferred": True,
            "grant_dkk": 1_900_000,
            "grant_is_approximate": True,
            **kwargs,
        }
    )


def test_row_says_which_facts_the_sources_leave_uncertain(client):
    make_uncertain_project()

    page = rows(client.get(LIST_URL))

    for expected in [
        "Mailsortering (arbejdstitel)",
        "Administration (udledt)",
        "Skalering (pr. april 2021)",
        "Runde 2 (udledt)",
        "ca. 1,9 mio. kr.",
    ]:
        assert expected in page, expected


def test_row_has_no_flags_for_facts_the_sources_state(client):
    make_project(
        title="Mailsortering",
        status=Project.Status.SCALING,
        funding_round=make_funding_round(name="Runde 2"),
        grant_dkk=1_900_000,
    )

    page = rows(client.get(LIST_URL))

    assert "Mailsortering" in page
    for flag in ["arbejdstitel", "udledt", "pr. ", "ca. "]:
        assert flag not in page, flag
    assert "1.900.000 kr." in page


def test_flag_is_in_the_pages_language_beside_the_danish_fact(client):
    make_uncertain_project()

    html = client.get(LIST_URL).content.decode()

    assert (
        '<span lang="da">Mailsortering</span> <span class="source-flag">(arbejdstitel)</span>'
        in html
    )


def test_detail_says_which_facts_the_sources_leave_uncertain(client):
    project = make_uncertain_project()

    response = client.get(project.get_absolute_url())
    page = page_text(response)

    assert re.search(r"<h1>\s*<span lang=\"da\">Mailsortering</span> ", response.content.decode())
    for expected in [
        "Mailsortering (arbejdstitel)",
        "Fagområde Administration (udledt)",
        "Fase Skalering (pr. april 2021)",
        "Ansøgningsrunde Runde 2 (udledt)",
        "Bevilling ca. 1,9 mio. kr.",
    ]:
        assert expected in page, expected


def test_english_detail_flags_uncertain_facts_in_english(client):
    project = make_uncertain_project(slug="mail")

    page = page_text(client.get("/en/projekter/mail/"))

    for expected in [
        "Mailsortering (working title)",
        "Domain Administration (inferred)",
        "Scaling (as of April 2021)",
        "Runde 2 (inferred)",
        "approx. DKK 1.9 million",
    ]:
        assert expected in page, expected
    assert project.slug == "mail"


def test_phase_without_a_date_is_shown_without_one(client):
    make_project(status=Project.Status.SCALING)

    page = rows(client.get(LIST_URL))

    assert "Skalering" in page
    assert "pr." not in page


def test_municipality_page_flags_working_titles_and_inferred_domains(client):
    municipality = make_municipality()
    make_uncertain_project(lead_municipality=municipality, region=municipality.region)

    url = reverse("municipality", args=[municipality.region.slug, municipality.slug])
    page = page_text(client.get(url))

    assert "Mailsortering (arbejdstitel)" in page
    assert "Administration (udledt)" in page


def test_row_shows_areas_met_from_published_observations_only(client):
    project = make_project()
    make_record(project=project)
    make_observation(project=project, area=make_area(name="Data"))
    make_observation(project=project, area=make_area(name="Jura"), is_published=False)

    page = rows(client.get(LIST_URL))

    assert "Data" in page
    assert "Jura" not in page


def test_row_of_a_project_that_is_not_recorded_says_so_not_its_single_observations(client):
    project = make_project()
    make_observation(project=project, area=make_area(name="Data"))

    page = rows(client.get(LIST_URL))

    assert "Ikke registreret" in page
    assert "Data" not in page
    assert "Ingen mødt" not in page


def test_row_of_a_recorded_project_that_met_nothing_says_none_met(client):
    make_record(project=make_project())

    page = rows(client.get(LIST_URL))

    assert "Ingen mødt" in page
    assert "Ikke registreret" not in page


def test_row_shows_each_area_once(client):
    project = make_project()
    make_record(project=project)
    data = make_area(name="Datagrundlag")
    make_observation(project=project, area=data, challenge=make_challenge(area=data))
    make_observation(project=project, area=data, challenge=None)

    assert rows(client.get(LIST_URL)).count("Datagrundlag") == 1


def test_count_text_is_plural_for_several_projects(client):
    for _ in range(12):
        make_project()

    assert "12 projekter" in page_text(client.get(LIST_URL))


def test_count_text_is_singular_for_one_project(client):
    make_project()

    page = page_text(client.get(LIST_URL))

    assert "1 projekt " in page
    assert "1 projekter" not in page


def test_count_is_in_a_live_region(client):
    make_project()

    assert 'aria-live="polite"' in client.get(LIST_URL).content.decode()


def test_empty_result_says_so_and_links_to_clear_the_filters(client):
    make_project()
    make_domain(slug="tom")

    response = client.get(LIST_URL + "?domain=tom")

    assert response.status_code == 200
    assert "0 projekter" in page_text(response)
    assert "Ingen projekter passer til filtrene" in page_text(response)
    assert (
        f'<a href="{LIST_URL}">Nulstil filtre og se alle projekter</a>' in response.content.decode()
    )


def test_filter_form_is_on_the_page_with_get_and_the_list_as_action(client):
    html = client.get(LIST_URL).content.decode()

    assert f'<form class="project-filters" method="get" action="{LIST_URL}"' in html
    assert "Vis projekter" in html
    assert "Nulstil filtre" in html


def test_chips_show_the_active_filters_with_remove_links(client):
    make_domain(slug="sundhed", name="Sundhed")
    make_domain(slug="pleje", name="Pleje")

    response = client.get(LIST_URL + "?domain=sundhed&domain=pleje&sort=-grant")
    html = response.content.decode()

    assert "Fjern filter:" in html
    assert "Fagområde: Sundhed" in page_text(response)
    chips = {chip.label: chip.remove_url for chip in response.context["chips"]}
    removed = urlsplit(chips["Fagområde: Sundhed"].replace("&amp;", "&"))
    assert parse_qs(removed.query) == {"domain": ["pleje"], "sort": ["-grant"]}
    assert f'href="{chips["Fagområde: Sundhed"].replace("&", "&amp;")}"' in html


def test_no_chips_without_filters(client):
    assert "Fjern filter:" not in client.get(LIST_URL).content.decode()


def test_pagination_shows_20_then_5_and_keeps_the_query_string(client):
    health = make_domain(slug="sundhed")
    for n in range(25):
        make_project(title=f"Projekt {n:02}", domain=health)

    first = client.get(LIST_URL + "?domain=sundhed")
    second = client.get(LIST_URL + "?domain=sundhed&page=2")

    assert len(first.context["projects"]) == 20
    assert len(second.context["projects"]) == 5
    assert "25 projekter" in page_text(first)
    assert 'href="?domain=sundhed&amp;page=2"' in first.content.decode()
    assert set(listed(first)).isdisjoint(listed(second))


def test_page_beyond_the_end_is_404(client):
    make_project()

    assert client.get(LIST_URL + "?page=2").status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "%00"])
def test_page_that_is_not_a_number_is_400_with_a_message(client, page):
    make_project()

    response = client.get(LIST_URL + f"?page={page}")

    assert response.status_code == 400
    assert "Sidetallet skal være et helt tal fra 1." in page_text(response)


@pytest.mark.parametrize(
    "query, label",
    [
        ("domain=findes-ikke", "Fagområde"),
        ("sort=pris", "Sortér efter"),
        ("municipality=findes-ikke", "Kommune"),
        ("status=forkert", "Fase"),
    ],
)
def test_invalid_filter_value_is_400_with_the_form_error(client, query, label):
    make_project()

    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 400
    assert response.context["filter"].errors
    assert "Der er en fejl i filtrene" in page_text(response)
    assert f"{label}:" in page_text(response)
    assert 'class="form-error-message"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "domain=%00",
        "region=%00",
        "area=%00",
        "municipality=%00",
        "measurement=%00",
        "funding_round=%00",
        "owner_type=%00",
        "status=%00",
        "sort=%00",
        "page=%00",
        "municipality=" + "x" * 10_000,
        "domain=" + "x" * 10_000,
        "q=" + "x" * 10_000,
        "page=99999999999999999999",
        "page=" + "9" * 5000,
        "format=%00",
        "format=json&domain=%00",
        "format=csv&municipality=" + "x" * 10_000,
    ],
)
def test_nasty_input_is_never_a_server_error(client, query):
    make_project()

    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code in (400, 404)


# A project's page


def test_detail_shows_everything_about_the_project(client):
    project = make_project(
        title="Talegenkendelse",
        summary="Et kort resumé.",
        description="En længere beskrivelse.",
        lead_municipality=make_municipality(name="Aarhus Kommune"),
        municipalities=[make_municipality(name="Odder Kommune")],
        organisations=[make_organisation(name="KL")],
        region=make_region(name="Region Midtjylland"),
        domain=make_domain(name="Beskæftigelse"),
        status=Project.Status.IMPLEMENTATION,
        funding_round=make_funding_round(name="Runde 2021"),
        grant_dkk=1_900_000,
        start_year=2021,
        end_year=2023,
        highlight="Borgerne tog godt imod det.",
        source_url="https://example.org/kilde",
    )

    response = client.get(project.get_absolute_url())
    page = page_text(response)

    assert response.status_code == 200
    for expected in [
        "Talegenkendelse",
        "Et kort resumé.",
        "En længere beskrivelse.",
        "Kommunalt",
        "Aarhus Kommune",
        "Odder Kommune",
        "KL",
        "Region Midtjylland",
        "Beskæftigelse",
        "Implementering",
        "Runde 2021",
        "1.900.000 kr.",
        "2021–2023",
        "Borgerne tog godt imod det.",
        "Senest opdateret",
    ]:
        assert expected in page, expected
    assert 'href="https://example.org/kilde"' in response.content.decode()


def test_detail_shows_the_highlights_of_the_first_year(client):
    project = make_project()
    make_highlight(project=project, text="Sagsbehandlerne sparede tid.")

    assert "Sagsbehandlerne sparede tid." in page_text(client.get(project.get_absolute_url()))


def test_detail_shows_the_update_date_in_danish(client):
    project = make_project()
    Project.objects.filter(pk=project.pk).update(published_changed_at="2025-03-04T12:00:00+00:00")

    assert "4. marts 2025" in page_text(client.get(project.get_absolute_url()))


def test_detail_shows_no_update_date_when_it_is_unknown(client):
    """Content loaded from the sources has no known date; the day it was loaded is not one."""
    project = make_project()
    Project.objects.filter(pk=project.pk).update(published_changed_at=None)

    assert "Senest opdateret" not in page_text(client.get(project.get_absolute_url()))


def test_detail_says_ikke_oplyst_for_unknown_fields(client):
    project = make_project(
        owner_type=Project.OwnerType.REGIONAL,
        region=None,
        status="",
        grant_dkk=None,
        funding_round=None,
        source_url="",
    )

    page = page_text(client.get(project.get_absolute_url()))

    for fact in ["Region", "Fase", "Ansøgningsrunde", "Bevilling", "Periode", "Kilde"]:
        assert f"{fact} Ikke oplyst" in page, fact


def test_detail_groups_published_challenges_by_area_with_severity_as_text(client):
    project = make_project()
    data = make_area(name="Datagrundlag", slug="data")
    law = make_area(name="Jura")
    measurement = make_measurement(name="Første måling")
    make_record(project=project, measurement=measurement)
    make_observation(
        project=project,
        area=data,
        challenge=make_challenge(area=data, name="Manglende data"),
        severity=3,
        measurement=measurement,
        description="Data var spredt.",
    )
    make_observation(
        project=project, area=data, challenge=None, severity=None, measurement=measurement
    )
    make_observation(project=project, area=law, severity=1, is_published=False)

    response = client.get(project.get_absolute_url())
    page = page_text(response)

    assert f'<a href="{reverse("challenges:area", args=["data"])}" lang="da">Datagrundlag</a>' in (
        response.content.decode()
    )
    assert "Registreret i Første måling" in page
    for expected in ["Manglende data", "Høj", "Første måling", "Data var spredt.", "Ikke oplyst"]:
        assert expected in page, expected
    # Jura's only observation is unpublished: in a recorded measurement, not met.
    assert "Ikke mødt: Jura" in page
    assert page.count("Jura") == 1
    assert page.count("Datagrundlag") == 2  # the heading and the facts' list of areas


def test_detail_shows_observations_without_a_record_as_single_observations(client):
    project = make_project()
    make_observation(
        project=project,
        area=make_area(name="Datagrundlag"),
        severity=3,
        description="Data var spredt.",
    )

    page = page_text(client.get(project.get_absolute_url()))

    assert "Projektets udfordringer er ikke registreret her." in page
    assert "Enkeltstående registreringer" in page
    assert "Data var spredt." in page
    assert "Udfordringsområder Ikke registreret" in page  # the facts: unknown, not none
    assert "Ikke mødt" not in page


def test_detail_links_published_resources_only(client):
    project = make_project()
    tool = make_resource(title="Et værktøj", projects=[project])
    make_resource(title="En kladde", projects=[project], is_published=False)

    response = client.get(project.get_absolute_url())

    assert f'href="{tool.get_absolute_url()}"' in response.content.decode()
    assert "En kladde" not in page_text(response)


def test_similar_projects_share_the_domain_or_an_area_most_shared_areas_first(client):
    domain = make_domain()
    data, law, ethics = make_area(), make_area(), make_area()
    project = make_project(domain=domain)
    make_record(project=project)
    for area in (data, law, ethics):
        make_observation(project=project, area=area)
    two = make_project(slug="to-omraader", title="Z")
    make_record(project=two)
    make_observation(project=two, area=data)
    make_observation(project=two, area=law)
    one = make_project(slug="et-omraade", title="Y")
    make_record(project=one)
    make_observation(project=one, area=ethics)
    make_project(slug="samme-fagomraade", title="X", domain=domain)
    make_project(slug="intet-til-faelles")
    make_project(slug="kladde", domain=domain, is_published=False)
    hidden = make_project(slug="kun-kladde-observation")
    make_record(project=hidden)
    make_observation(project=hidden, area=data, is_published=False)
    # Single observations (no record) do not make a project similar.
    single = make_project(slug="kun-enkeltstaaende", title="A")
    make_observation(project=single, area=data)
    make_observation(project=single, area=law)

    response = client.get(project.get_absolute_url())

    assert [similar.slug for similar in response.context["similar_projects"]] == [
        "to-omraader",
        "et-omraade",
        "samme-fagomraade",
    ]


def test_similar_projects_are_at_most_five(client):
    domain = make_domain()
    project = make_project(domain=domain)
    for _ in range(7):
        make_project(domain=domain)

    assert len(client.get(project.get_absolute_url()).context["similar_projects"]) == 5


def test_detail_of_a_draft_is_404(client):
    draft = make_project(is_published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_detail_of_an_unknown_slug_is_404(client):
    assert client.get("/projekter/findes-ikke/").status_code == 404


# Queries do not grow with the data


def test_list_makes_the_same_number_of_queries_for_3_and_40_projects(client):
    domain, funding_round = make_domain(slug="sundhed"), make_funding_round(slug="r1")

    def add(count):
        for _ in range(count):
            make_full_project(domain=domain, funding_round=funding_round)

    url = LIST_URL + "?domain=sundhed&funding_round=r1&status=afproevning&sort=-areas"
    add(3)
    few = count_queries(client, url)
    add(37)
    many = count_queries(client, url)

    assert few == many


def test_detail_makes_the_same_number_of_queries_with_3_and_40_projects(client):
    domain = make_domain()
    project = make_full_project(domain=domain)
    shared_area = project.challenges.first().area

    def add(count):
        for _ in range(count):
            other = make_full_project(domain=domain)
            make_observation(project=other, area=shared_area, challenge=None)
            make_observation(project=project, area=make_area())

    add(2)
    few = count_queries(client, project.get_absolute_url())
    add(37)
    many = count_queries(client, project.get_absolute_url())

    assert few == many

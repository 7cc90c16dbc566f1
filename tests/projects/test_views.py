"""The project list (/projekter/): rows, filters, sorting, pagination and bad input.

A project's page is in test_project_page.py, the flags on uncertain facts in
test_uncertain_facts.py, the query counts in test_query_counts.py."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import (
    make_area,
    make_challenge,
    make_domain,
    make_funding_round,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_region,
)
from tests.helpers import page_text
from tests.projects.pages import LIST_URL, rows

pytestmark = pytest.mark.django_db


def listed(response):
    return [project.slug for project in response.context["projects"]]


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


def test_the_unfiltered_count_follows_publishing_and_deleting(client):
    """Unfiltered, the list's count is the one the database keeps (challenges.population)."""
    shown, draft = make_project(), make_project(is_published=False)
    make_project()
    assert "2 projekter" in page_text(client.get(LIST_URL))

    Project.objects.filter(pk=draft.pk).update(is_published=True)
    assert "3 projekter" in page_text(client.get(LIST_URL))
    shown.delete()
    Project.objects.filter(pk=draft.pk).update(is_published=False)
    assert "1 projekt " in page_text(client.get(LIST_URL))


def test_the_unfiltered_count_of_no_project_ever_published_is_zero(client):
    make_project(is_published=False)

    assert "0 projekter" in page_text(client.get(LIST_URL))


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


def test_a_sorted_list_goes_on_in_order_on_the_next_page(client):
    health = make_domain(slug="sundhed")
    for n in range(25):
        make_project(title=f"Projekt {n:02}", domain=health, grant_dkk=1_000_000 + 1_000 * n)
    make_project(title="Uden bevilling", domain=health, grant_dkk=None)

    pages = [
        client.get(LIST_URL, {"domain": "sundhed", "sort": "-grant", "page": page})
        for page in (1, 2)
    ]

    titles = [project.title for page in pages for project in page.context["projects"]]
    assert titles == [f"Projekt {n:02}" for n in reversed(range(25))] + ["Uden bevilling"]


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

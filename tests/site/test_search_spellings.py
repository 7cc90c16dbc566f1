"""The search finds Danish letters typed the ASCII way and the names of related rows, on both
databases; and a search without hits says so.
"""

import pytest
from django.db import connection
from django.urls import reverse

from projects.filters import search_related
from projects.models import Project
from temperatur.core import search, search_hits
from tests.factories import (
    make_area,
    make_domain,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_resource,
)
from tests.site.test_search import layout_queries, postgres_only, search_page, titles

pytestmark = pytest.mark.django_db


# Danish letters typed the ASCII way, and the names of related rows (both databases)


def test_spellings_are_the_word_and_its_danish_letters_the_other_way_round():
    assert search.spellings("kraeft") == ["kraeft", "kræft"]
    assert search.spellings("Kræft") == ["kræft", "kraeft"]
    assert search.spellings("koebenhavn") == ["koebenhavn", "københavn"]
    assert search.spellings("data") == ["data"]
    assert len(search.spellings("aa" * 20)) == search.MAX_SPELLINGS


def cancer_projects():
    """Two cancer projects (one says so only through its domain) and one about health."""
    cancer = make_domain(name="Kræftbehandling", slug="kraeftbehandling")
    health = make_domain(name="Sundhed generelt", slug="sundhed-generelt")
    make_project(title="Bedre diagnostik af prostatakræft", domain=cancer)
    make_project(title="Reduceret stråledosis ved skanninger", domain=cancer)
    make_project(title="Hurtigere diagnose af akutte patienter", domain=health)
    make_project(title="Opsporing af kritisk sygdom", domain=health)


def project_titles(client, query):
    response = client.get(reverse("projects:list"), {"q": query, "format": "json"})
    return sorted(row["title"] for row in response.json()["results"])


def test_kraeft_typed_without_a_danish_keyboard_finds_the_cancer_projects(client):
    cancer_projects()
    expected = ["Bedre diagnostik af prostatakræft", "Reduceret stråledosis ved skanninger"]

    assert project_titles(client, "kraeft") == expected
    assert project_titles(client, "kræft") == expected
    content = search_page(client, q="kraeft").content.decode()
    assert "2 resultater for »kraeft«" in content


@pytest.mark.parametrize("stemmed", [True, False])
def test_a_word_typed_the_ascii_way_is_marked_where_it_is_spelled_the_danish_way(stemmed):
    marked = search_hits.highlight("Kræftbehandling", search.parse("kraeft"), stemmed=stemmed)
    assert str(marked).startswith("<mark>Kræft")


def test_a_domain_name_finds_every_project_in_the_domain(client):
    cancer_projects()

    assert project_titles(client, "sundhed") == [
        "Hurtigere diagnose af akutte patienter",
        "Opsporing af kritisk sygdom",
    ]


def test_municipality_and_organisation_names_find_their_projects(client):
    aarhus = make_municipality(name="Aarhus Kommune", slug="aarhus")
    hospital = make_organisation(name="Rigshospitalet", slug="rigshospitalet")
    make_project(title="Ledet fra Aarhus", lead_municipality=aarhus)
    make_project(title="Med Rigshospitalet", organisations=[hospital])
    make_project(title="Noget andet")

    assert titles(Project.objects.search("århus", related=search_related())) == ["Ledet fra Aarhus"]
    assert titles(Project.objects.search("rigshospitalet", related=search_related())) == [
        "Med Rigshospitalet"
    ]


def test_every_word_must_match_the_text_or_a_related_name(client):
    cancer_projects()

    # »diagnose« in the title, »sundhed« in the domain's name.
    assert project_titles(client, "diagnose sundhed") == ["Hurtigere diagnose af akutte patienter"]
    assert project_titles(client, "skanninger sundhed") == []


def test_an_area_name_finds_only_the_projects_that_met_it_in_a_record(client):
    law = make_area(name="Jura", slug="jura")
    counted = make_project(title="Registreret")
    make_record(project=counted)
    make_observation(project=counted, area=law)
    single = make_project(title="Enkeltstående")
    make_observation(project=single, area=law)  # no record: does not count
    draft = make_project(title="Kladde-observation")
    make_record(project=draft)
    make_observation(project=draft, area=law, is_published=False)

    assert project_titles(client, "jura") == ["Registreret"]


def test_a_resource_is_found_by_its_areas_name(client):
    make_resource(title="Værktøjskasse", areas=[make_area(name="Jura", slug="jura")])
    make_resource(title="Noget andet")

    response = client.get(reverse("resources:list"), {"q": "jura", "format": "json"})
    assert [row["title"] for row in response.json()["results"]] == ["Værktøjskasse"]


@postgres_only
def test_full_text_search_with_related_names_still_uses_the_gin_index():
    make_project(title="Ledige borgere")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Project.objects.search("ledig", related=search_related()).explain()
    assert "projects_project_search_idx" in plan


@postgres_only
def test_a_stop_word_does_not_narrow_the_search_but_alone_finds_nothing():
    make_project(title="Ledige borgere")
    assert titles(Project.objects.search("og ledige", related=search_related())) == [
        "Ledige borgere"
    ]
    assert titles(Project.objects.search("og", related=search_related())) == []


# A search without hits


def test_a_search_without_hits_says_so_and_suggests_what_to_try(client):
    make_area(name="Jura", slug="jura")
    make_domain(name="Beskæftigelse", slug="beskaeftigelse")
    make_project(title="Sprogmodel")

    response = search_page(client, q="findesikke heller")
    content = response.content.decode()

    assert response.status_code == 200
    assert "0 resultater for »findesikke heller«" in content
    assert "Vi fandt intet på Temperatur" in content
    assert "ae, oe og aa" in content  # another spelling
    assert f'href="{reverse("search")}?q=findesikke"' in content  # fewer words
    assert f'href="{reverse("challenges:area", args=["jura"])}"' in content  # by area
    assert f'href="{reverse("projects:list")}?domain=beskaeftigelse"' in content  # by domain


def test_a_search_without_hits_in_the_chosen_kind_offers_every_kind(client):
    make_project(title="Sprogmodel")

    content = search_page(client, q="sprogmodel", kind="raad").content.decode()

    assert "Vi fandt intet af den valgte type" in content
    assert "søge i alle typer" in content
    assert "Projekter (1)" in content


def test_a_search_without_hits_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    make_project(title="Sprogmodel")
    # The counts (no page to read), then the areas and the domains to browse by.
    with django_assert_num_queries(layout_queries(client) + 3):
        search_page(client, q="findesikke")

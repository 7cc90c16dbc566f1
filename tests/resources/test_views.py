"""The advice page (/raad/), the resource list (/ressourcer/) and its machine-readable twins.
A resource's page is in test_resource_page.py.

Most list tests use ``library``: five published resources and one draft.

    slug          kind       areas        words
    kasse         vaerktoej  jura         "juridisk værktøjskasse"
    samkoering    vaerktoej  etik         "datasamkøring"
    anonym        case       jura, data   "anonymisering af data"
    kodeks        case       etik         "kodeks"
    status        rapport    –            "statusrapport data"
    draft         vaerktoej  jura         (not published: never shown)
"""

import json
from types import SimpleNamespace

import pytest
from django.urls import reverse

from resources.models import Resource
from tests.factories import (
    make_advice,
    make_area,
    make_organisation,
    make_project,
    make_resource,
)
from tests.helpers import count_queries, page_text, read_csv

pytestmark = pytest.mark.django_db

TOOL, CASE, REPORT = Resource.Kind.TOOL, Resource.Kind.CASE, Resource.Kind.REPORT
LIST_URL = "/ressourcer/"


@pytest.fixture
def library():
    data = make_area(name="Data", slug="data", order=1)
    jura = make_area(name="Jura", slug="jura", order=2)
    etik = make_area(name="Etik", slug="etik", order=3)
    make_resource(
        kind=TOOL, slug="kasse", title="Juridisk værktøjskasse", summary="Skabeloner.", areas=[jura]
    )
    make_resource(
        kind=TOOL,
        slug="samkoering",
        title="Værktøj til datasamkøring",
        summary="Spørgsmål før samkøring.",
        areas=[etik],
    )
    make_resource(
        kind=CASE,
        slug="anonym",
        title="Anonymisering",
        summary="Sådan blev data gjort anonyme.",
        areas=[jura, data],
    )
    make_resource(
        kind=CASE, slug="kodeks", title="Kodeks", summary="Et etisk kodeks.", areas=[etik]
    )
    make_resource(
        kind=REPORT, slug="status", title="Statusrapport", summary="Status.", body="Om data."
    )
    make_resource(kind=TOOL, slug="draft", title="Kladde", areas=[jura], is_published=False)
    return SimpleNamespace(data=data, jura=jura, etik=etik)


def slugs(response):
    return [resource.slug for resource in response.context["page_obj"].object_list]


# Advice


def test_advice_shows_only_published_advice_in_number_order(client, db):
    make_advice(number=2, title="Undgå teknologifiksering", slug="teknologi")
    make_advice(number=1, title="Find gode samarbejdspartnere", slug="partnere")
    make_advice(number=3, title="Et udkast", slug="udkast", is_published=False)
    response = client.get(reverse("resources:advice"))
    assert response.status_code == 200
    assert [advice.slug for advice in response.context["advice_list"]] == ["partnere", "teknologi"]
    page = page_text(response)
    assert page.index("Find gode samarbejdspartnere") < page.index("Undgå teknologifiksering")
    assert "Et udkast" not in page


def test_advice_is_an_ordered_list_with_anchors_and_numbers(client, db):
    make_advice(number=4, slug="respekt-for-data", body="Dataetikken betyder noget.")
    content = client.get(reverse("resources:advice")).content.decode()
    assert '<ol class="advice-list">' in content
    assert '<li id="respekt-for-data" value="4">' in content
    assert "Dataetikken betyder noget." in content


def test_advice_links_to_the_areas_it_addresses(client, db):
    jura = make_area(name="Jura", slug="jura")
    make_advice(areas=[jura])
    content = client.get(reverse("resources:advice")).content.decode()
    assert f'<a href="{reverse("challenges:area", args=["jura"])}" lang="da">Jura</a>' in content


def test_advice_query_count_does_not_grow_with_the_data(client, db, django_assert_num_queries):
    for _ in range(2):
        make_advice(areas=[make_area(), make_area()])
    expected = count_queries(client, reverse("resources:advice"))
    for _ in range(28):
        make_advice(areas=[make_area(), make_area()])
    with django_assert_num_queries(expected):
        client.get(reverse("resources:advice"))


# The resource list


def test_resource_list_shows_published_resources_with_their_count(client, library):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert slugs(response) == ["anonym", "kodeks", "status", "kasse", "samkoering"]
    assert "5 ressourcer" in page_text(response)


def test_resource_list_filters_by_kind(client, library):
    response = client.get(LIST_URL, {"kind": "case"})
    assert slugs(response) == ["anonym", "kodeks"]
    assert "2 ressourcer" in page_text(response)


def test_resource_list_filters_by_several_kinds(client, library):
    response = client.get(f"{LIST_URL}?kind=case&kind=rapport")
    assert slugs(response) == ["anonym", "kodeks", "status"]


def test_resource_list_filters_by_area(client, library):
    response = client.get(LIST_URL, {"area": "jura"})
    assert slugs(response) == ["anonym", "kasse"]


def test_resource_list_filters_by_several_areas_without_repeating_rows(client, library):
    response = client.get(f"{LIST_URL}?area=jura&area=data")
    assert slugs(response) == ["anonym", "kasse"]
    assert "2 ressourcer" in page_text(response)


def test_resource_list_searches_title_summary_and_body(client, library):
    response = client.get(LIST_URL, {"q": "data"})
    # "data" in anonym's summary, samkoering's title ("datasamkøring") and status's body.
    assert slugs(response) == ["anonym", "status", "samkoering"]


def test_resource_list_search_needs_every_word(client, library):
    response = client.get(LIST_URL, {"q": "data anonyme"})
    assert slugs(response) == ["anonym"]


def test_resource_list_combines_kind_area_and_words(client, library):
    response = client.get(f"{LIST_URL}?kind=vaerktoej&kind=case&area=etik&q=kodeks")
    assert slugs(response) == ["kodeks"]
    assert "1 ressource" in page_text(response)


def test_resource_list_with_no_match_says_so_and_offers_to_clear_the_filters(client, library):
    response = client.get(LIST_URL, {"kind": "rapport", "area": "etik"})
    assert response.status_code == 200
    assert slugs(response) == []
    page = page_text(response)
    assert "0 ressourcer" in page
    assert "Ingen ressourcer passer til filtrene." in page
    assert "Nulstil filtrene og se alle ressourcer" in page


@pytest.mark.parametrize(("name", "value"), [("kind", "nope"), ("area", "nope")])
def test_resource_list_invalid_filter_value_is_400_with_the_form_error(
    client, library, name, value
):
    response = client.get(LIST_URL, {name: value})
    assert response.status_code == 400
    assert response.context["filterset"].errors[name]
    content = response.content.decode()
    assert 'data-module="error-summary"' in content
    assert "nope" in page_text(response)  # the error names the value that was refused
    assert 'class="form-group form-error" id="field-' + name + '"' in content


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_resource_export_with_invalid_filter_value_is_400(client, library, fmt):
    response = client.get(LIST_URL, {"kind": "nope", "format": fmt})
    assert response.status_code == 400


def test_resource_list_pages_by_twenty_and_keeps_the_filters(client, db):
    for number in range(25):
        make_resource(kind=TOOL, title=f"Værktøj {number:02d}")
    first = client.get(LIST_URL, {"kind": "vaerktoej"})
    assert len(slugs(first)) == 20
    assert "25 ressourcer" in page_text(first)
    assert 'href="?kind=vaerktoej&amp;page=2"' in first.content.decode()
    second = client.get(LIST_URL, {"kind": "vaerktoej", "page": 2})
    assert len(slugs(second)) == 5


def test_resource_list_query_count_does_not_grow_with_the_data(
    client, db, django_assert_num_queries
):
    areas = [make_area(), make_area()]
    for _ in range(2):
        make_resource(areas=areas, publisher_organisation=make_organisation())
    url = f"{LIST_URL}?area={areas[0].slug}"
    expected = count_queries(client, url)
    for _ in range(28):
        make_resource(areas=areas, publisher_organisation=make_organisation())
    with django_assert_num_queries(expected):
        client.get(url)


# Machine-readable twins


@pytest.fixture
def many():
    """25 published resources: more than one page."""
    area = make_area(slug="data")
    project = make_project(slug="projekt")
    hidden = make_project(slug="skjult", is_published=False)
    for number in range(25):
        make_resource(
            kind=TOOL, title=f"Værktøj {number:02d}", areas=[area], projects=[project, hidden]
        )


def test_json_has_every_matching_row_not_just_one_page(client, many):
    page = client.get(LIST_URL)
    response = client.get(LIST_URL, {"format": "json"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == 25 == page.context["page_obj"].paginator.count
    assert len(data["results"]) == 25
    assert [row["slug"] for row in data["results"][:20]] == slugs(page)


def test_json_row_has_the_documented_fields(client, many):
    row = json.loads(client.get(LIST_URL, {"format": "json"}).content)["results"][0]
    assert list(row) == [
        "slug",
        "title",
        "kind",
        "summary",
        "url",
        "publisher",
        "year",
        "areas",
        "projects",
        "page_url",
    ]
    assert row["kind"] == "vaerktoej"
    assert row["areas"] == ["data"]
    assert row["projects"] == ["projekt"]  # the unpublished project is left out
    assert row["page_url"] == f"http://testserver{reverse('resources:detail', args=[row['slug']])}"


def test_json_follows_the_filters(client, library):
    data = json.loads(client.get(f"{LIST_URL}?kind=case&format=json").content)
    assert [row["slug"] for row in data["results"]] == ["anonym", "kodeks"]
    assert data["count"] == 2


def test_csv_has_every_matching_row_in_the_pages_order(client, many):
    page = client.get(LIST_URL)
    rows = read_csv(client.get(LIST_URL, {"format": "csv"}))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Kort navn", "Titel", "Type"]
    assert len(header) == 10
    assert len(body) == 25
    assert [row[0] for row in body[:20]] == slugs(page)


def test_csv_starts_with_a_bom_uses_semicolons_and_round_trips_danish_letters(client, db):
    make_resource(slug="aeoeaa", title="Æbler, øl og åer", summary="Blåbærgrød; rødgrød")
    response = client.get(LIST_URL, {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8").splitlines()[0].count(";") == 9
    row = read_csv(response)[1]
    assert row[1] == "Æbler, øl og åer"
    assert row[3] == "Blåbærgrød; rødgrød"


def test_unknown_format_is_400(client, library):
    response = client.get(LIST_URL, {"format": "xml"})
    assert response.status_code == 400


def test_export_query_count_does_not_grow_with_the_data(client, db, django_assert_num_queries):
    area = make_area()
    for _ in range(2):
        make_resource(areas=[area], projects=[make_project()])
    url = f"{LIST_URL}?format=json"
    expected = count_queries(client, url)
    for _ in range(28):
        make_resource(areas=[area], projects=[make_project()])
    with django_assert_num_queries(expected):
        client.get(url)


@pytest.mark.django_db
def test_resource_list_shows_areas_added_after_it_was_first_served(client, settings):
    """The page's SQL is kept per process (``temperatur.core.statements``); its rows are
    read afresh on every request."""
    settings.CHECK_KEPT_STATEMENTS = False  # the kept SQL itself, as in production
    resource = make_resource(title="Værktøj", areas=[make_area(name="Data", order=1)])
    assert "Udfordringsområder: Data" in page_text(client.get(LIST_URL))

    resource.areas.add(make_area(name="Jura", order=2))
    make_resource(title="Kodeks", areas=[make_area(name="Etik", order=3)])
    page = client.get(LIST_URL).content.decode()

    assert '<span lang="da">Data</span>, <span lang="da">Jura</span></p>' in page
    assert 'Udfordringsområder: <span lang="da">Etik</span></p>' in page

"""The advice page (/raad/) and the resources (/ressourcer/, /ressourcer/<slug>/).

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


# The resource page


def test_resource_page_shows_the_resource(client, db):
    jura = make_area(name="Jura", slug="jura")
    publisher = make_organisation(name="KL")
    project = make_project(title="Et projekt")
    resource = make_resource(
        kind=TOOL,
        title="Juridisk værktøjskasse",
        summary="Skabeloner til juridiske dokumenter.",
        body="Fx en konsekvensanalyse.",
        url="https://example.org/kasse",
        publisher_organisation=publisher,
        year=2020,
        areas=[jura],
        projects=[project],
    )
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    page = page_text(response)
    for expected in (
        "Juridisk værktøjskasse",
        "Værktøj",
        "KL",
        "2020",
        "Skabeloner til juridiske dokumenter.",
        "Fx en konsekvensanalyse.",
        "Senest opdateret",
    ):
        assert expected in page
    content = response.content.decode()
    assert 'href="https://example.org/kasse"' in content
    assert f'href="{reverse("challenges:area", args=["jura"])}"' in content
    assert f'href="{project.get_absolute_url()}"' in content


def test_resource_page_leaves_out_unpublished_projects(client, db):
    hidden = make_project(title="Skjult projekt", is_published=False)
    resource = make_resource(projects=[hidden])
    assert "Skjult projekt" not in page_text(client.get(resource.get_absolute_url()))


def test_unpublished_resource_is_404(client, db):
    resource = make_resource(is_published=False)
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_unknown_resource_is_404(client, db):
    assert client.get(reverse("resources:detail", args=["findes-ikke"])).status_code == 404


def test_resource_page_query_count_does_not_grow_with_the_data(
    client, db, django_assert_num_queries
):
    resource = make_resource(areas=[make_area(), make_area()], projects=[make_project()])
    expected = count_queries(client, resource.get_absolute_url())
    resource.areas.add(*[make_area() for _ in range(28)])
    resource.projects.add(*[make_project() for _ in range(29)])
    with django_assert_num_queries(expected):
        client.get(resource.get_absolute_url())


# Resources a reader cannot reach


def test_a_resource_page_without_a_link_says_so_and_whom_to_ask(client, settings):
    settings.CONTACT_URL = ""
    settings.CONTACT_EMAIL = "redaktion@example.org"
    publisher = make_organisation(name="KL")
    resource = make_resource(url="", summary="", body="", publisher_organisation=publisher)

    content = client.get(resource.get_absolute_url()).content.decode()

    assert "Intet offentligt link" in content
    assert "Vi kender ingen offentlig adresse, hvor ressourcen kan hentes eller læses." in content
    assert 'Spørg udgiveren, <span lang="da">KL</span>, eller redaktionen:' in content
    assert 'href="mailto:redaktion@example.org"' in content
    assert "Der er endnu ingen beskrivelse af ressourcen" in content


def test_a_resource_page_with_a_link_leads_there(client):
    resource = make_resource(url="https://example.org/vaerktoej")

    content = client.get(resource.get_absolute_url()).content.decode()

    assert 'href="https://example.org/vaerktoej"' in content
    assert "Intet offentligt link" not in content
    assert "Der er endnu ingen beskrivelse af ressourcen" not in content


def test_the_resource_list_marks_resources_without_a_link(client):
    make_resource(title="Med link", url="https://example.org/")
    make_resource(title="Uden link", url="")

    content = client.get(LIST_URL).content.decode()

    with_link, without_link = content.split("Med link")[1], content.split("Uden link")[1]
    assert "intet offentligt link" not in with_link.split("</li>")[0]
    assert "intet offentligt link" in without_link.split("</li>")[0]


def test_resource_csv_is_the_same_whatever_the_page_language(client):
    make_resource(title="Værktøjskasse", url="https://example.org/")

    danish = client.get(LIST_URL, {"format": "csv"}).content.decode()
    english = client.get("/en" + LIST_URL, {"format": "csv"}).content.decode()

    assert danish.splitlines()[0] == english.splitlines()[0]
    assert danish.splitlines()[0].startswith("\ufeffKort navn;Titel;Type;Resumé;Link")

"""A resource's page (/ressourcer/<slug>/), and resources a reader cannot reach (no link, or
a link that no longer answers).
"""

import pytest
from django.urls import reverse

from tests.factories import (
    make_area,
    make_organisation,
    make_project,
    make_resource,
)
from tests.helpers import count_queries, page_text
from tests.resources.test_views import LIST_URL, TOOL

pytestmark = pytest.mark.django_db


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

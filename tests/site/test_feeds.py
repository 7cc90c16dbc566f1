"""Atom feeds of new projects, resources and measurements: valid Atom, published items only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import make_measurement, make_project, make_resource

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["feed_projects", "feed_resources", "feed_measurements"]


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def assert_valid_atom(root):
    """The elements RFC 4287 requires of a feed and of each entry."""
    for element in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{element}") is not None, element
    datetime.datetime.fromisoformat(root.find(f"{ATOM}updated").text)
    ids = []
    for entry in entries(root):
        for element in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{element}").text, element
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href")
        ids.append(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(set(ids))


def titles(root):
    return [entry.find(f"{ATOM}title").text for entry in entries(root)]


@pytest.mark.parametrize("name", FEEDS)
def test_feed_is_valid_atom_when_empty(client, name):
    assert_valid_atom(parse(client.get(reverse(name))))


def test_project_feed_has_only_published_projects_newest_first(client):
    make_project(title="Ældste")
    make_project(title="Nyeste")
    make_project(title="Kladde", is_published=False)
    root = parse(client.get(reverse("feed_projects")))
    assert_valid_atom(root)
    assert titles(root) == ["Nyeste", "Ældste"]
    assert root.find(f"{ATOM}title").text == "Temperatur: nye og opdaterede projekter"


def test_resource_feed_has_only_published_resources(client):
    make_resource(title="Et værktøj", summary="Om <b>data</b>.")
    make_resource(title="Skjult", is_published=False)
    root = parse(client.get(reverse("feed_resources")))
    assert_valid_atom(root)
    assert titles(root) == ["Et værktøj"]
    assert entries(root)[0].find(f"{ATOM}summary").text == "Om <b>data</b>."


def test_measurement_feed_lists_measurements_by_publication_date(client):
    make_measurement(name="Første", published_on=datetime.date(2021, 5, 1))
    make_measurement(name="Anden", published_on=datetime.date(2023, 5, 1))
    root = parse(client.get(reverse("feed_measurements")))
    assert_valid_atom(root)
    assert titles(root) == ["Anden", "Første"]


def test_every_page_links_the_feeds_in_its_head(client):
    content = client.get(reverse("home")).content.decode()
    head = content.split("</head>")[0]
    for name in FEEDS:
        assert f'<link rel="alternate" type="application/atom+xml" href="{reverse(name)}"' in head


@pytest.mark.parametrize("size", [1, 5])
@pytest.mark.parametrize("name", FEEDS)
def test_feed_runs_one_query_whatever_the_data(client, django_assert_num_queries, name, size):
    for _ in range(size):
        make_project()
        make_resource()
        make_measurement()
    with django_assert_num_queries(1):
        response = client.get(reverse(name))
    assert len(entries(parse(response))) == size


# Text: plain, escaped once, never broken by what is stored

ODD_TITLE = 'Tryg & sikker <AI> "pilot" – 5 < 7'
ODD_SUMMARY = 'Om <b>data</b> & "jura"; ikke &amp; markup.'


def test_each_feed_shows_titles_and_summaries_exactly_as_stored(client):
    make_project(title=ODD_TITLE, summary=ODD_SUMMARY)
    make_resource(title=ODD_TITLE, summary=ODD_SUMMARY)
    make_measurement(name=ODD_TITLE, summary=ODD_SUMMARY)
    for name in FEEDS:
        root = parse(client.get(reverse(name)))
        [entry] = entries(root)
        assert entry.find(f"{ATOM}title").text == ODD_TITLE, name
        summary = entry.find(f"{ATOM}summary")
        assert summary.text == ODD_SUMMARY, name
        # Plain text, so a feed reader shows the characters and never runs the markup.
        assert summary.get("type", "text") == "text", name


def test_a_control_character_in_stored_text_does_not_break_a_feed(client):
    project = make_project()
    resource = make_resource()
    measurement = make_measurement()
    # Stored past save() (as rows written before it cleaned text would be).
    odd = "Linje\vskift\x01 og \x1b[31m farve\ufffe"
    type(project).objects.filter(pk=project.pk).update(title=odd, summary=odd)
    type(resource).objects.filter(pk=resource.pk).update(title=odd, summary=odd)
    type(measurement).objects.filter(pk=measurement.pk).update(name=odd, summary=odd)
    for name in FEEDS:
        root = parse(client.get(reverse(name)))
        [entry] = entries(root)
        assert entry.find(f"{ATOM}title").text == "Linje\nskift og [31m farve", name

"""The real content on the pages: the counts, the flags on what the sources leave uncertain,
in Danish and English. The seed runs once for the module (``built_once``)."""

import re
from html import unescape

import pytest

from tests.helpers import built_once
from tests.management.test_seed import seed

pytestmark = pytest.mark.django_db

seeded = built_once(seed)


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(without_tags))


def test_front_page_says_how_many_of_each_rounds_projects_are_described(seeded, client):
    page = page_text(client, "/")
    assert "26 projekter beskrevet her" in page
    assert "Runde 1 : 15 projekter i runden, heraf 12 beskrevet her" in page
    assert "Runde 2 : 13 projekter i runden, heraf 8 beskrevet her" in page
    assert "Runde 3 : 12 projekter i runden, heraf 4 beskrevet her" in page
    assert "samlet bevilling ca. 67 mio. kr." in page
    assert "Runde ikke oplyst : 2 projekter beskrevet her" in page


def test_about_page_names_the_evaluations_publishers_and_the_rounds(seeded, client):
    page = page_text(client, "/om/")
    assert "Digitaliseringsstyrelsen, KL og Danske Regioner med bistand fra Deloitte" in page
    assert "Runde 3 : 12 projekter i runden, heraf 4 beskrevet her" in page
    assert "Syddjurs deltager i fire af de seks kommunale projekter" in page


def test_project_list_flags_working_titles_inferred_facts_dates_and_rounded_grants(seeded, client):
    page = page_text(client, "/projekter/")
    for expected in [
        "Kunstig intelligens i byggesagsbehandling (arbejdstitel)",
        "Socialområdet (udledt)",
        "Skalering (pr. april 2021)",
        "Runde 2 (udledt)",
        "ca. 1,9 mio. kr.",
        "ca. 8,7 mio. kr.",
    ]:
        assert expected in page, expected


def test_project_pages_flag_what_the_sources_leave_uncertain(seeded, client):
    supercomputer = page_text(client, "/projekter/supercomputer-til-databehandling/")
    assert "Supercomputer til databehandling (arbejdstitel)" in supercomputer
    assert "Fagområde Sundhed generelt (udledt)" in supercomputer
    assert "Fase Proof of concept (pr. april 2021)" in supercomputer
    esbjerg = page_text(client, "/projekter/visitering-af-rengoeringshjaelp/")
    assert "Ansøgningsrunde Ikke oplyst" in esbjerg
    assert "Bevilling ca. 2,2 mio. kr." in esbjerg
    assert "Periode 2020–2021" in esbjerg


def test_english_pages_flag_the_real_content_in_english(seeded, client):
    page = page_text(client, "/en/projekter/")
    for expected in [
        "Kunstig intelligens i byggesagsbehandling (working title)",
        "Socialområdet (inferred)",
        "Scaling (as of April 2021)",
        "approx. DKK 1.9 million",
    ]:
        assert expected in page, expected
    home = page_text(client, "/en/")
    assert "15 projects in the round, of which 12 described here" in home
    assert "Round not stated : 2 projects described here" in home

"""What the sources leave uncertain (working titles, inferred facts, phases as of a date,
rounded grants) is flagged on the list, on a project's page and on a municipality's page,
in the page's language; what they state is not.
"""

import datetime
import re

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import (
    make_domain,
    make_funding_round,
    make_municipality,
    make_project,
)
from tests.helpers import page_text
from tests.projects.pages import LIST_URL, rows

pytestmark = pytest.mark.django_db


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

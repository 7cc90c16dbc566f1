"""Whom to ask: a project's public contact, and the site's own contact on every page.

A project shows the contact its fields hold (only what a public source gives); without
one, its page says that no public contact is known and points to the site's contact: the
CONTACT_URL, else CONTACT_EMAIL, else the readers' form (/fejl/), which always works.
"""

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from temperatur.models import Feedback
from temperatur.settings import env_url
from tests.factories import make_area, make_domain, make_observation, make_project, make_record

pytestmark = pytest.mark.django_db

NO_CONTACT = "Ingen offentlig kontakt til projektet er kendt."


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of the test's own, so the form's rate limit counts only this test's posts."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"contact-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def no_site_contact(settings):
    settings.CONTACT_URL = ""
    settings.CONTACT_EMAIL = ""


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The site's own contact


def test_every_page_shows_the_sites_contact_form_when_nothing_is_configured(
    client, no_site_contact
):
    footer = page(client, reverse("home")).split('id="footer-contact"')[1]
    assert f'href="{reverse("feedback")}">Skriv til redaktionen</a>' in footer


def test_the_footer_gives_the_configured_address_or_page(client, settings):
    settings.CONTACT_URL = ""
    settings.CONTACT_EMAIL = "redaktion@example.org"
    footer = page(client, reverse("home")).split('id="footer-contact"')[1]
    assert 'href="mailto:redaktion@example.org">redaktion@example.org</a>' in footer

    settings.CONTACT_URL = "https://example.org/kontakt"
    footer = page(client, reverse("home")).split('id="footer-contact"')[1]
    assert 'href="https://example.org/kontakt">Kontakt redaktionen</a>' in footer


@pytest.mark.parametrize("value", ["example.org/kontakt", "mailto:x@example.org", "https://"])
def test_a_contact_url_that_is_no_web_address_is_refused(monkeypatch, value):
    monkeypatch.setenv("CONTACT_URL", value)
    with pytest.raises(ImproperlyConfigured, match="CONTACT_URL"):
        env_url("CONTACT_URL")


def test_the_form_without_a_page_takes_a_message_to_the_editors(client, no_site_contact):
    content = page(client, reverse("feedback"))
    assert "<h1>Skriv til redaktionen</h1>" in content
    assert "Din besked til redaktionen" in content

    response = client.post(reverse("feedback"), {"message": "Hvem kan jeg spørge om AIR?"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('about')}#fejlrapport"
    message = Feedback.objects.get()
    assert message.message == "Hvem kan jeg spørge om AIR?"
    assert message.page_path == reverse("about")
    assert message.content_type is None and message.object_id is None
    about = client.get(response["Location"]).content.decode()
    assert "Tak for din besked. Redaktionen læser den." in about


def test_a_message_without_text_is_refused_and_nothing_saved(client):
    response = client.post(reverse("feedback"), {"message": " ", "email": "a@example.dk"})
    assert response.status_code == 400
    assert "Skriv din besked til redaktionen." in response.content.decode()
    assert not Feedback.objects.exists()


# A project's contact


def test_a_project_without_a_known_contact_says_so_and_points_to_the_site(client, no_site_contact):
    project = make_project()

    content = page(client, project.get_absolute_url())

    assert NO_CONTACT in content
    contact = content.split('id="contact-heading"')[1]
    assert f'href="{reverse("feedback")}">Skriv til redaktionen</a>' in contact


def test_a_project_shows_the_contact_a_source_gives(client):
    project = make_project(
        title="AIR",
        contact_url="https://example.dk/air/kontakt",
        contact_name="Projektleder for AIR",
        contact_email="air@example.dk",
    )

    content = page(client, project.get_absolute_url())

    assert NO_CONTACT not in content
    assert 'href="https://example.dk/air/kontakt"' in content
    assert 'href="mailto:air@example.dk"' in content
    assert "Projektleder for AIR" in content


def test_the_guide_says_how_to_reach_each_project_to_call(client, no_site_contact):
    domain = make_domain(slug="sundhed")
    make_project(title="Med kontakt", domain=domain, contact_url="https://example.dk/kontakt")
    make_project(title="Uden kontakt", domain=domain)

    content = page(client, reverse("resources:guide") + "?domain=sundhed&owner_type=kommunal")
    contacts = content.split('id="guide-contacts-heading"')[1]

    assert 'href="https://example.dk/kontakt"' in contacts
    assert NO_CONTACT in contacts
    assert f'href="{reverse("feedback")}">Skriv til redaktionen</a>' in contacts
    data = client.get(
        reverse("resources:guide"),
        {"domain": "sundhed", "owner_type": "kommunal", "format": "json"},
    ).json()
    by_title = {project["title"]: project["contact"] for project in data["contacts"]}
    assert by_title["Med kontakt"]["url"] == "https://example.dk/kontakt"
    assert by_title["Uden kontakt"] is None
    assert data["site_contact"].endswith(reverse("feedback"))


def test_the_project_page_stays_within_its_queries_with_a_contact(
    client, django_assert_max_num_queries
):
    project = make_project(contact_url="https://example.dk/kontakt")
    make_record(project=project)
    make_observation(project=project, area=make_area())
    with django_assert_max_num_queries(10):
        client.get(project.get_absolute_url())

"""The layout of every public page (one h1, a skip link first, no inline script, the menu's
current item, the design system's files) and the error pages.
"""

import posixpath
import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import (
    make_advice,
    make_resource,
)
from tests.helpers import page_text
from tests.site.test_pages import site  # noqa: F401 – the rows every page shows

pytestmark = pytest.mark.django_db


# The layout, on every page


@pytest.fixture
def pages(site):  # noqa: F811 – the fixture imported above
    resource = make_resource(areas=[site.data], projects=[site.kom_1])
    make_advice(areas=[site.data])
    return {
        "home": reverse("home"),
        "about": reverse("about"),
        "advice": reverse("resources:advice"),
        "resources": reverse("resources:list"),
        "resource": resource.get_absolute_url(),
    }


PAGE_NAMES = ["home", "about", "advice", "resources", "resource"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_exactly_one_h1(client, pages, name):
    content = client.get(pages[name]).content.decode()
    assert len(re.findall(r"<h1[\s>]", content)) == 1


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_is_in_danish(client, pages, name):
    assert '<html lang="da"' in client.get(pages[name]).content.decode()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_skip_link_is_the_first_focusable_element_and_leads_to_main(client, pages, name):
    content = client.get(pages[name]).content.decode()
    body = content[content.index("<body") :]
    first_focusable = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body).group(0)
    assert 'href="#main-content"' in first_focusable
    assert '<main id="main-content"' in content


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_inline_script_or_style(client, pages, name):
    content = client.get(pages[name]).content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content) is None
    assert "<style" not in content
    assert " style=" not in content


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("home", "Forside"),
        ("about", "Om"),
        ("advice", "Gode råd"),
        ("resources", "Ressourcer"),
    ],
)
def test_current_menu_item_is_marked_with_aria_current(client, pages, name, label):
    content = client.get(pages[name]).content.decode()
    marked = re.findall(r'aria-current="page"><span>([^<]+)</span>', content)
    assert set(marked) == {label}


def test_menu_item_of_a_page_below_it_is_marked_as_current_section(client, pages):
    content = client.get(pages["resource"]).content.decode()
    assert re.findall(r'aria-current="true"><span>([^<]+)</span>', content)[0] == "Ressourcer"
    assert 'aria-current="page"><span>' not in content


def test_menu_links_to_every_section(client, db):
    content = client.get(reverse("about")).content.decode()
    for name in (
        "home",
        "projects:list",
        "challenges:temperature",
        "resources:advice",
        "resources:list",
        "about",
    ):
        assert f'href="{reverse(name)}"' in content


def test_footer_links_to_the_accessibility_statement_and_the_licence(client, db, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://example.org/was"
    content = client.get(reverse("home")).content.decode()
    footer = content[content.index("<footer") :]
    assert 'href="https://example.org/was"' in footer
    assert f'href="{reverse("about")}' in footer


def test_layout_loads_the_design_system_from_the_sites_own_static_files(client, db):
    content = client.get(reverse("about")).content.decode()
    assert 'href="/static/dkfds/css/dkfds.min.css"' in content
    assert re.search(r'<script src="/static/dkfds/js/dkfds.min.js" defer>', content)
    assert 'href="/static/css/print.css" media="print"' in content


def test_design_system_css_finds_its_fonts_and_images_under_the_same_prefix():
    css_path = finders.find("dkfds/css/dkfds.min.css")
    assert css_path, "run `npm ci` to install the design system into node_modules/"
    with open(css_path, encoding="utf-8") as css:
        urls = set(re.findall(r"url\(([^)]+)\)", css.read()))
    relative = {url.strip("'\"").split("?")[0].split("#")[0] for url in urls}
    relative = {url for url in relative if url and not url.startswith("data:")}
    assert relative, "the stylesheet should refer to fonts and icons"
    missing = [url for url in relative if not finders.find(posixpath.normpath(f"dkfds/css/{url}"))]
    assert missing == []


# Error pages


def test_not_found_page_is_danish_and_leads_back(client, db):
    response = client.get("/findes-slet-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in page_text(response)
    assert f'href="{reverse("home")}"' in response.content.decode()


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Forespørgslen kan ikke bruges"),
        ("403.html", "Du har ikke adgang til siden"),
        ("404.html", "Siden findes ikke"),
        ("500.html", "Der opstod en fejl"),
    ],
)
def test_error_page_renders_in_danish_with_a_link_home(template, heading, db):
    content = render_to_string(template)
    assert f"<h1>{heading}</h1>" in content
    assert f'href="{reverse("home")}"' in content
    assert "Traceback" not in content


def test_server_error_page_renders_without_a_request_context_or_queries(
    db, django_assert_num_queries
):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Der opstod en fejl" in response.content.decode()


@pytest.mark.django_db
def test_footer_names_the_data_licence_and_links_the_open_data(client, settings):
    settings.DATA_LICENSE_NAME = "CC BY 4.0"
    settings.DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.da"
    html = client.get(reverse("about")).content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.da">CC BY 4.0</a>' in footer
    assert f'href="{reverse("opendata")}"' in footer

"""The interface in Danish and English: the switch, English pages, the admin, robots and the
sitemap, figures and dates in the page's language. The catalogues' completeness is checked
in test_translations.py.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from temperatur.site.sitemaps import StaticSitemap
from tests.factories import make_area, make_domain, make_observation, make_project, make_record

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"


# English pages


@pytest.fixture
def project(db):
    make_area(name="Data", slug="data", order=1)
    return make_project(
        title="Sprogmodel til borgerhenvendelser",
        slug="sprogmodel",
        domain=make_domain(name="Sundhed generelt", slug="sundhed"),
    )


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


# The pages that always exist (as in the sitemap), and the search.
PUBLIC_PAGES = [*StaticSitemap().items(), "search"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_has_an_english_version_that_says_the_content_is_danish(client, db, name):
    with translation.override("en"):
        url = reverse(name)
    assert url.startswith("/en/")
    content = page(client, url)
    assert '<html lang="en"' in content
    assert "the content itself – projects, advice and resources – is only in Danish" in content
    assert "Skip to main content" in content
    assert "Gå til sidens indhold" not in content


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_danish_pages_have_no_language_note(client, db, name):
    content = page(client, reverse(name))
    assert '<html lang="da"' in content
    assert 'class="language-note"' not in content


def test_an_english_project_page_shows_the_danish_content_marked_as_danish(client, project):
    with translation.override("en"):
        url = project.get_absolute_url()
    assert url == "/en/projekter/sprogmodel/"
    content = page(client, url)
    assert "Sprogmodel til borgerhenvendelser" in content
    assert re.search(
        r'<h1[^>]*>\s*<span lang="da">Sprogmodel til borgerhenvendelser</span>', content
    )


def test_an_english_project_page_flags_a_working_title_in_english(client, project):
    project.title_is_working = True
    project.save()

    content = page(client, "/en/projekter/sprogmodel/")

    assert re.search(
        r'<h1>\s*<span lang="da">Sprogmodel til borgerhenvendelser</span> '
        r'<span class="source-flag">\(working title\)</span>',
        content,
    )


@pytest.mark.parametrize(
    ("report", "about"),
    [
        ("/en/fejl/?side=/en/projekter/sprogmodel/", "/en/projekter/sprogmodel/"),
        ("/en/fejl/?side=/projekter/sprogmodel/", "/en/projekter/sprogmodel/"),
        ("/fejl/?side=/en/projekter/sprogmodel/", "/projekter/sprogmodel/"),
    ],
)
def test_errors_are_reported_in_the_language_of_the_report_page(client, project, report, about):
    content = page(client, report)
    assert f'href="{about}"' in content


def test_english_list_translates_the_interface_and_keeps_filters(client, project):
    content = page(client, "/en/projekter/?domain=sundhed")
    assert "<h1>Projects</h1>" in content
    assert "Sprogmodel til borgerhenvendelser" in content
    assert 'href="/en/projekter/sprogmodel/"' in content


def test_pages_name_each_other_as_alternates(client, project):
    content = page(client, "/projekter/?domain=sundhed")
    assert (
        '<link rel="alternate" hreflang="da" href="http://testserver/projekter/?domain=sundhed">'
        in content
    )
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/projekter/?domain=sundhed">'
        in content
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/projekter/?domain=sundhed">'
        in content
    )


# The language switch


def switch_link(content):
    switch = re.search(r'<nav class="language-switch[^"]*"[^>]*>(.*?)</nav>', content, re.S)
    return re.search(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', switch.group(1)).groups()


def test_the_switch_on_a_danish_page_offers_english_for_the_same_page(client, project):
    href, label = switch_link(page(client, "/projekter/?domain=sundhed&sort=title"))
    assert label == "English"
    response = client.get(href.replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == "/en/projekter/?domain=sundhed&sort=title"


def test_the_switch_on_an_english_page_offers_danish_for_the_same_page(client, project):
    href, label = switch_link(page(client, "/en/projekter/sprogmodel/"))
    assert label == "Dansk"
    response = client.get(href)
    assert response["Location"] == "/projekter/sprogmodel/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"


def test_the_switch_remembers_the_choice_for_a_year(client, db):
    response = client.get("/sprog/en/?next=/om/")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]


def test_a_visitor_who_chose_english_gets_english_pages_from_danish_links(client, project):
    client.get("/sprog/en/?next=/")
    response = client.get("/udfordringer/?domain=sundhed")
    assert response.status_code == 302
    assert response["Location"] == "/en/udfordringer/?domain=sundhed"
    assert "Cookie" in response["Vary"]


def test_a_visitor_who_chose_danish_stays_on_danish_pages(client, project):
    client.get("/sprog/da/?next=/en/")
    assert '<html lang="da"' in page(client, "/projekter/")


def test_an_english_address_is_english_whatever_the_cookie_says(client, project):
    client.get("/sprog/da/?next=/")
    assert '<html lang="en"' in page(client, "/en/projekter/")


def test_a_remembered_choice_leaves_files_and_the_admin_alone(client, db):
    client.get("/sprog/en/?next=/")
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/healthz/").status_code == 200
    assert client.get(reverse("admin:login")).status_code == 200


@pytest.mark.parametrize(
    "next_url",
    [
        "",
        "//evil.example/",
        "https://evil.example/projekter/",
        "/findes-ikke/",
        "javascript:alert(1)",
    ],
)
def test_the_switch_goes_only_to_pages_of_the_site(client, db, next_url):
    response = client.get("/sprog/en/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_the_switch_knows_only_the_sites_languages(client, db):
    assert client.get("/sprog/fr/?next=/").status_code == 404


def test_the_switch_is_a_link_not_a_form(client, db):
    assert client.post("/sprog/en/", {"next": "/"}).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_cached_pages_keep_their_language(client, settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "cache",
        }
    }
    settings.CACHE_PAGES = True
    assert '<html lang="da"' in page(client, "/projekter/")
    assert '<html lang="en"' in page(client, "/en/projekter/")
    assert '<html lang="da"' in page(client, "/projekter/", HTTP_ACCEPT_LANGUAGE="en")
    client.get("/sprog/en/?next=/")
    assert client.get("/projekter/")["Location"] == "/en/projekter/"


# The admin


def test_the_admin_is_danish_for_editors(client, db):
    content = page(client, reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="da,en;q=0.8")
    assert '<html lang="da"' in content
    assert "Log ind" in content


def test_the_admin_is_english_when_the_browser_asks_for_it(client, db):
    content = page(client, reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="en"' in content
    assert "Log in" in content


def test_the_admin_follows_the_browser_not_the_sites_switch(client, db):
    client.get("/sprog/en/?next=/")
    assert "Log ind" in page(client, reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="da")


@override_settings(LANGUAGE_COOKIE_SECURE=True)
def test_the_choice_is_sent_over_https_only_in_production(client, db):
    response = client.get("/sprog/en/?next=/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["secure"]


# Robots and the sitemap


def test_robots_keep_crawlers_off_the_switch_and_both_languages_searches(client, db):
    robots = client.get("/robots.txt").content.decode()
    for path in ("/sprog/", "/soeg/", "/en/soeg/", "/fejl/", "/en/fejl/"):
        assert f"Disallow: {path}\n" in robots


def test_the_sitemap_lists_both_languages_as_alternates(client, project):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/en/projekter/sprogmodel/</loc>" in sitemap
    assert "<loc>http://testserver/projekter/sprogmodel/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/projekter/sprogmodel/"/>'
        in sitemap
    )


# Figures and dates in the page's language


def test_percentages_follow_the_language(client, project, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    make_record(project=project)
    make_observation(project=project, area=make_area(name="Jura", slug="jura", order=2))
    danish = page(client, "/udfordringer/")
    english = page(client, "/en/udfordringer/")
    assert "100\xa0%" in danish
    assert "100%" in english
    assert "100\xa0%" not in english


def test_english_pages_write_dates_the_british_way(client, project):
    # Noon UTC: the same day in Copenhagen whenever the test runs (now().replace() was the
    # next day there after 23:00 UTC).
    type(project).objects.filter(pk=project.pk).update(
        published_changed_at=datetime.datetime(2026, 11, 28, 12, tzinfo=datetime.UTC)
    )
    assert "28 November" in page(client, "/en/projekter/sprogmodel/")
    assert "28. november" in page(client, "/projekter/sprogmodel/")

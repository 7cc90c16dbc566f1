"""Compressed pages (temperatur/compression.py): public pages arrive gzip-compressed, from
the page cache too; pages with a CSRF token and pages for editors never do (BREACH)."""

import gzip
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from temperatur.web import compression
from tests.factories import make_project

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def body(response):
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content).decode()
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("home"),
        lambda: reverse("projects:list"),
        lambda: reverse("projects:list") + "?format=json",
        lambda: reverse("feed_projects"),
        lambda: reverse("sitemap"),
    ],
    ids=["front page", "project list", "json twin", "feed", "sitemap"],
)
def test_a_public_answer_arrives_gzip_compressed(client, url):
    for _ in range(3):
        make_project()
    plain = client.get(url())
    compressed = client.get(url(), headers=GZIP)
    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert len(compressed.content) < len(plain.content)
    assert body(compressed) == body(plain)


@pytest.mark.django_db
def test_without_gzip_in_accept_encoding_the_page_is_plain(client):
    for headers in ({}, {"Accept-Encoding": "br"}, {"Accept-Encoding": "gzip;q=0, br"}):
        response = client.get(reverse("home"), headers=headers)
        assert not response.has_header("Content-Encoding")
        assert "Accept-Encoding" in response["Vary"]


@pytest.mark.django_db
def test_the_error_report_form_with_its_csrf_token_is_never_compressed(client):
    page = make_project().get_absolute_url()
    response = client.get(reverse("feedback") + f"?side={page}", headers=GZIP)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


@pytest.mark.django_db
def test_the_admin_is_never_compressed(client, admin_client):
    login = client.get(reverse("admin:login"), headers=GZIP)
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert not login.has_header("Content-Encoding")
    for url in (reverse("admin:index"), reverse("admin:projects_project_changelist")):
        assert not admin_client.get(url, headers=GZIP).has_header("Content-Encoding")


@pytest.mark.django_db
def test_an_editor_with_a_session_gets_public_pages_uncompressed(admin_client):
    response = admin_client.get(reverse("projects:list"), headers=GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


@pytest.fixture
def page_cache(settings, tmp_path):
    from temperatur.settings import caches_from_env

    settings.CACHES = caches_from_env("", str(tmp_path / "cache"))
    settings.CACHE_PAGES = True


@pytest.mark.django_db(transaction=True)
def test_pages_from_the_page_cache_arrive_compressed_without_compressing_again(page_cache):
    project = make_project(title="Gemt side")
    url = project.get_absolute_url()
    first = Client().get(url, headers=GZIP)
    assert first["Content-Encoding"] == "gzip"

    with mock.patch.object(compression.gzip, "compress") as compress:
        hit = Client().get(url, headers=GZIP)
        plain_hit = Client().get(url)
    compress.assert_not_called()  # compressed once, when the page was stored
    assert hit["Content-Encoding"] == "gzip"
    assert hit["Content-Length"] == str(len(hit.content))
    assert "Gemt side" in body(hit)
    assert body(hit) == body(plain_hit) == body(first)
    assert not plain_hit.has_header("Content-Encoding")

    # The browser's copy is still good: the validator works for the compressed page.
    again = Client().get(url, headers={**GZIP, "If-None-Match": hit["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("GZIP;q=0.5", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("gzip;q=abc, br", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(rf, header, accepted):
    assert compression.accepts_gzip(rf.get("/", headers={"Accept-Encoding": header})) is accepted

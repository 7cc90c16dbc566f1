"""Whole-page caching (temperatur/cache.py): cached for anonymous visitors, never stale.

Most tests run with ``transactional_db``: inside the transaction that ``db`` wraps a test
in, nothing is cached by design. The small views at the bottom serve as the site's pages
where a test needs a page with a particular property; the end-to-end tests use the real
project list and detail.
"""

import os
import re
from unittest import mock

import pytest
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import cache_control

from projects.models import Project
from temperatur.web import cache as page_cache
from tests.factories import make_municipality, make_project
from tests.helpers import admin_post_data

transactional = pytest.mark.django_db(transaction=True)
with_test_urls = pytest.mark.urls("tests.web.test_cache")


@pytest.fixture(autouse=True)
def file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "cache",
        }
    }
    settings.CACHE_PAGES = True


def titles(request):
    text = ", ".join(Project.objects.order_by("pk").values_list("title", flat=True))
    if request.GET.get("with") == "municipalities":
        project = Project.objects.order_by("pk").first()
        text += " | " + ", ".join(m.name for m in project.municipalities.all())
    return HttpResponse(text or "ingen")


def _first_title():
    return Project.objects.values_list("title", flat=True).first()


def sets_cookie(request):
    response = HttpResponse(_first_title())
    response.set_cookie("valg", "1")
    return response


def varies_on_cookie(request):
    response = HttpResponse(_first_title())
    patch_vary_headers(response, ["Cookie"])
    return response


@cache_control(private=True)
def private(request):
    return HttpResponse(_first_title())


def missing(request):
    return HttpResponseNotFound(_first_title())


@page_cache.not_page_cached
def not_cached(request):
    return HttpResponse(_first_title())


urlpatterns = [
    path("titler/", titles),
    path("ikke-cachet/", not_cached),
    path("mangler/", missing),
    path("cookie/", sets_cookie),
    path("vary/", varies_on_cookie),
    path("privat/", private),
]


def rename(project, title):
    """Change a title without a signal, as raw SQL would: the cache cannot know."""
    Project.objects.filter(pk=project.pk).update(title=title)


# Cached, and fresh after every kind of change


@transactional
@with_test_urls
def test_an_anonymous_page_is_served_from_the_cache(client, django_assert_num_queries):
    project = make_project(title="Gammel")
    first = client.get("/titler/")
    assert first.content == b"Gammel"
    assert first.has_header("ETag")
    rename(project, "Ny")
    with django_assert_num_queries(0):
        second = client.get("/titler/")
    assert second.content == b"Gammel"
    assert second["ETag"] == first["ETag"]


@transactional
@with_test_urls
def test_a_save_through_the_orm_is_seen_by_the_next_request(client):
    project = make_project(title="Gammel")
    client.get("/titler/")
    project.title = "Ny"
    project.save()
    assert client.get("/titler/").content == b"Ny"


@transactional
@with_test_urls
def test_a_delete_is_seen_by_the_next_request(client):
    project = make_project(title="Gammel")
    client.get("/titler/")
    project.delete()
    assert client.get("/titler/").content == b"ingen"


@transactional
@with_test_urls
def test_a_many_to_many_change_is_seen_by_the_next_request(client):
    project = make_project(title="P")
    url = "/titler/?with=municipalities"
    assert client.get(url).content == b"P | "
    project.municipalities.add(make_municipality(name="Ærø"))
    assert client.get(url).content == "P | Ærø".encode()


@transactional
def test_an_edit_in_the_admin_is_seen_on_the_list_and_the_detail(client, admin_client):
    project = make_project(title="Gammel titel", slug="projektet")
    list_url = reverse("projects:list")
    detail_url = reverse("projects:detail", args=[project.slug])
    for url in (list_url, detail_url):
        response = client.get(url)
        assert "Gammel titel" in response.content.decode()
        assert response.has_header("ETag")

    change_url = reverse("admin:projects_project_change", args=[project.pk])
    form = admin_client.get(change_url)
    response = admin_client.post(change_url, admin_post_data(form, title="Ny titel"))
    assert response.status_code == 302, response.context["adminform"].form.errors

    for url in (list_url, detail_url):
        content = client.get(url).content.decode()
        assert "Ny titel" in content
        assert "Gammel titel" not in content


@transactional
@with_test_urls
def test_the_query_string_is_part_of_the_key(client):
    make_project(title="P")
    client.get("/titler/?a=1")
    client.get("/titler/?with=municipalities")
    assert client.get("/titler/?with=municipalities").content == b"P | "
    assert client.get("/titler/?a=1").content == b"P"


@transactional
@with_test_urls
def test_a_view_can_keep_its_pages_out_of_the_cache(client):
    project = make_project(title="Gammel")
    assert client.get("/ikke-cachet/").content == b"Gammel"
    rename(project, "Ny")
    response = client.get("/ikke-cachet/")
    assert response.content == b"Ny"
    assert not response.has_header("ETag")


@transactional
def test_search_results_are_not_stored_in_the_page_cache(client):
    make_project(title="Robotstøvsuger")
    url = reverse("search") + "?q=robot"
    assert "Robotstøvsuger" in re.sub(r"<[^>]+>", "", client.get(url).content.decode())
    assert not client.get(url).has_header("ETag")
    assert client.get(reverse("projects:list")).has_header("ETag")


@transactional
@with_test_urls
def test_head_is_answered_from_the_cache(client, django_assert_num_queries):
    make_project(title="P")
    client.get("/titler/")
    with django_assert_num_queries(0):
        assert client.head("/titler/").status_code == 200


# Conditional requests


@transactional
@with_test_urls
def test_a_matching_etag_gets_304(client, django_assert_num_queries):
    make_project(title="P")
    etag = client.get("/titler/")["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/titler/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


@transactional
@with_test_urls
def test_a_matching_etag_gets_304_when_the_page_left_the_cache(client):
    make_project(title="P")
    etag = client.get("/titler/")["ETag"]
    request = RequestFactory().get("/titler/")
    caches["default"].delete(page_cache.page_key(request, page_cache.content_version()))
    response = client.get("/titler/", headers={"if-none-match": etag})
    assert response.status_code == 304


@transactional
@with_test_urls
def test_an_old_etag_gets_the_new_page(client):
    project = make_project(title="Gammel")
    etag = client.get("/titler/")["ETag"]
    project.title = "Ny"
    project.save()
    response = client.get("/titler/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.content == b"Ny"
    assert response["ETag"] != etag


# Never cached


@transactional
@with_test_urls
def test_logged_in_users_never_get_a_cached_page(client, admin_client):
    project = make_project(title="Gammel")
    client.get("/titler/")
    rename(project, "Ny")
    response = admin_client.get("/titler/")
    assert response.content == b"Ny"
    assert not response.has_header("ETag")


@transactional
def test_the_admin_is_never_cached(client, admin_client):
    assert not client.get(reverse("admin:login")).has_header("ETag")
    assert not admin_client.get(reverse("admin:index")).has_header("ETag")


@transactional
@with_test_urls
@pytest.mark.parametrize("url", ["/cookie/", "/vary/", "/privat/"])
def test_personal_responses_are_not_cached(client, url):
    project = make_project(title="Gammel")
    first = client.get(url)
    assert first.content == b"Gammel"
    assert not first.has_header("ETag")
    rename(project, "Ny")
    assert client.get(url).content == b"Ny"


@transactional
@with_test_urls
def test_only_200s_are_cached(client):
    assert client.get("/mangler/").status_code == 404
    assert not client.get("/mangler/").has_header("ETag")


@transactional
def test_an_unknown_host_is_refused_not_cached(client, caplog):
    response = client.get(reverse("projects:list"), headers={"host": "angriber.example"})
    assert response.status_code == 400
    assert "Cache unavailable" not in caplog.text


@transactional
@with_test_urls
def test_cache_pages_off_caches_nothing(client, settings):
    settings.CACHE_PAGES = False
    project = make_project(title="Gammel")
    assert not client.get("/titler/").has_header("ETag")
    rename(project, "Ny")
    assert client.get("/titler/").content == b"Ny"


@with_test_urls
def test_nothing_is_cached_inside_a_transaction(client, db):
    project = make_project(title="Gammel")
    assert not client.get("/titler/").has_header("ETag")
    rename(project, "Ny")
    assert client.get("/titler/").content == b"Ny"


@transactional
@with_test_urls
def test_a_broken_cache_serves_pages_uncached(client):
    make_project(title="P")
    with mock.patch.object(page_cache, "content_version", side_effect=ConnectionError):
        response = client.get("/titler/")
    assert response.content == b"P"
    assert not response.has_header("ETag")


# The content version, shared between processes


def two_processes(alias="default"):
    """Two cache clients with nothing in common but the store, like two workers."""
    return caches.create_connection(alias), caches.create_connection(alias)


def test_a_bump_in_one_process_is_seen_by_another():
    first, second = two_processes()
    before = page_cache.content_version(second)
    assert page_cache.content_version(first) == before
    page_cache.bump_content_version(first)
    assert page_cache.content_version(second) != before


def test_a_lost_version_never_comes_back():
    """Tokens, not counters: after eviction no earlier version (or its pages) returns."""
    cache = caches["default"]
    seen = {page_cache.content_version(cache)}
    for _ in range(20):
        cache.delete(page_cache.VERSION_KEY)
        version = page_cache.content_version(cache)
        assert version not in seen
        seen.add(version)


def test_a_bump_is_shared_through_redis(redis_cache):
    first, second = two_processes()
    before = page_cache.content_version(second)
    page_cache.bump_content_version(first)
    assert page_cache.content_version(second) != before


@transactional
@with_test_urls
def test_pages_are_cached_in_redis_too(redis_cache, client):
    project = make_project(title="Gammel")
    client.get("/titler/")
    rename(project, "Ny")
    assert client.get("/titler/").content == b"Gammel"
    project.title = "Nyere"
    project.save()
    assert client.get("/titler/").content == b"Nyere"


@transactional
def test_many_changes_in_one_transaction_bump_once():
    from django.db import transaction

    with mock.patch.object(page_cache, "bump_content_version") as bump, transaction.atomic():
        for n in range(3):
            make_project(title=f"P{n}")
    bump.assert_called_once_with()


def test_content_commands_bump_the_version_in_a_fresh_process(tmp_path):
    """`seed` and friends run in processes that never import the page cache's module
    through a request; the app registry must connect its receivers anyway."""
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    code = (
        "import django; django.setup();"
        "from django.db.models.signals import post_save;"
        "print(any('temperatur.web.cache' in str(r[0]) for r in post_save.receivers))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"

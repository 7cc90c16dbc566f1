"""»Rapportér en fejl« (temperatur/feedback.py) and the editors' inbox (temperatur/admin.py)."""

import copy
import re
import threading
import uuid
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from projects.models import Project
from temperatur.models import Feedback
from temperatur.site import feedback
from tests.factories import (
    make_area,
    make_editor_user,
    make_feedback,
    make_project,
    make_resource,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of the test's own, so the rate limit counts only this test's posts."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"feedback-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def project():
    return make_project(slug="ai-i-hjemmeplejen", title="AI i hjemmeplejen")


def form_url(path):
    return f"{reverse('feedback')}?side={path}"


def post(client, path, **data):
    data.setdefault("message", "Tilskuddet er forkert.")
    return client.post(form_url(path), data)


# The link on the public pages


@pytest.mark.parametrize(
    "make_page",
    [
        lambda: make_project(slug="et-projekt"),
        lambda: make_area(slug="et-omraade"),
        lambda: make_resource(slug="en-ressource"),
    ],
    ids=["project", "area", "resource"],
)
def test_public_page_links_to_the_form_without_a_token_of_its_own(client, make_page):
    url = make_page().get_absolute_url()
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Rapportér en fejl" in content
    assert f'href="{reverse("feedback")}?side={url}"' in content
    # The page is cached for everyone: it must not carry one visitor's CSRF token.
    assert "csrfmiddlewaretoken" not in content
    assert "csrftoken" not in response.cookies


def test_form_page_shows_the_form_about_the_page(client, project):
    response = client.get(form_url(project.get_absolute_url()))
    content = response.content.decode()
    assert response.status_code == 200
    assert "AI i hjemmeplejen" in content
    assert TOKEN.search(content)
    assert "Lad dette felt være tomt" in content
    assert "Vi bruger kun din e-mail til at svare dig om fejlen." in content
    assert "no-store" in response["Cache-Control"]


# Sending a report


def test_report_is_saved_as_new_with_the_page_and_its_object(client, project):
    response = post(client, project.get_absolute_url(), email="laeser@example.dk")
    assert response.status_code == 302
    assert response["Location"] == f"{project.get_absolute_url()}#fejlrapport"
    report = Feedback.objects.get()
    assert report.status == Feedback.Status.NEW
    assert report.page_path == "/projekter/ai-i-hjemmeplejen/"
    assert report.page_title == "AI i hjemmeplejen"
    assert report.message == "Tilskuddet er forkert."
    assert report.email == "laeser@example.dk"
    assert report.content_type == ContentType.objects.get_for_model(Project)
    assert report.object_id == project.pk


def test_reader_is_thanked_on_the_page_after_the_report(client, project):
    response = post(client, project.get_absolute_url())
    page = client.get(response["Location"])
    assert "Tak for din fejlrapport" in page.content.decode()


def test_report_about_an_area_and_a_resource_is_saved(client):
    area, resource = make_area(slug="data"), make_resource(slug="vaerktoej")
    assert post(client, area.get_absolute_url()).status_code == 302
    assert post(client, resource.get_absolute_url()).status_code == 302
    assert sorted(Feedback.objects.values_list("page_path", flat=True)) == [
        "/ressourcer/vaerktoej/",
        "/udfordringer/data/",
    ]


def test_message_is_required_and_the_typed_email_is_kept(client, project):
    response = post(client, project.get_absolute_url(), message="  ", email="laeser@example.dk")
    content = response.content.decode()
    assert response.status_code == 400
    assert "Skriv, hvad der er forkert eller mangler på siden." in content
    assert 'value="laeser@example.dk"' in content
    assert not Feedback.objects.exists()


def test_message_longer_than_5000_characters_is_refused(client, project):
    response = post(client, project.get_absolute_url(), message="x" * 5001)
    assert response.status_code == 400
    assert "Beskeden er for lang" in response.content.decode()
    assert not Feedback.objects.exists()


def test_invalid_email_is_refused_and_the_message_kept(client, project):
    response = post(client, project.get_absolute_url(), email="ikke en adresse")
    content = response.content.decode()
    assert response.status_code == 400
    assert "Skriv en gyldig e-mailadresse" in content
    assert "Tilskuddet er forkert." in content


def test_filled_honeypot_is_thanked_and_thrown_away(client, project):
    response = post(client, project.get_absolute_url(), website="https://spam.example")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Tak for din fejlrapport. Redaktionen læser den og retter fejlen, hvis det er en."
    ]
    assert not Feedback.objects.exists()


def test_sixth_post_within_ten_minutes_is_refused_in_danish(client, project):
    for _ in range(feedback.RATE_LIMIT):
        assert post(client, project.get_absolute_url()).status_code == 302
    response = post(client, project.get_absolute_url(), message="Den sjette.")
    content = response.content.decode()
    assert response.status_code == 429
    assert "Du har sendt mange fejlrapporter på kort tid" in content
    assert "Den sjette." in content  # kept, so the reader can copy it
    assert Feedback.objects.count() == feedback.RATE_LIMIT


def test_rate_limit_counts_each_address_separately(project):
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for _ in range(feedback.RATE_LIMIT):
        post(first, project.get_absolute_url())
    assert post(first, project.get_absolute_url()).status_code == 429
    assert post(second, project.get_absolute_url()).status_code == 302


def test_rate_limit_behind_a_proxy_counts_the_forwarded_address(settings, project):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = Client(**proxy, HTTP_X_FORWARDED_FOR="192.0.2.1")
    second = Client(**proxy, HTTP_X_FORWARDED_FOR="192.0.2.2")
    for _ in range(feedback.RATE_LIMIT):
        post(first, project.get_absolute_url())
    assert post(first, project.get_absolute_url()).status_code == 429
    assert post(second, project.get_absolute_url()).status_code == 302


def _post_in_parallel(path, posts=20):
    """``posts`` reports from one address at the same moment, each by its own worker."""
    from django.db import connections

    start = threading.Barrier(posts)
    statuses = []

    def send():
        try:
            client = Client(REMOTE_ADDR="192.0.2.7")
            start.wait()
            statuses.append(post(client, path).status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=send) for _ in range(posts)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shared_cache", ["folder_cache", "redis_cache"])
def test_exactly_the_limit_of_parallel_reports_gets_through(request, settings, shared_cache):
    request.getfixturevalue(shared_cache)
    if shared_cache == "redis_cache":  # counting, not a slow Redis (which lets readers in)
        cache = copy.deepcopy(settings.CACHES["default"])
        cache["OPTIONS"].update(socket_connect_timeout=5, socket_timeout=5)
        settings.CACHES = {"default": cache}
    project = make_project(slug="paralleltest")
    # The posts are counted in parallel; only the saving of the reports takes turns:
    # SQLite's in-memory test database refuses a second writer outright (»table is
    # locked«) where a database file, or PostgreSQL, makes it wait.
    saving, create = threading.Lock(), Feedback.objects.create

    def create_in_turn(**fields):
        with saving:
            return create(**fields)

    with mock.patch.object(Feedback.objects, "create", create_in_turn):
        statuses = _post_in_parallel(project.get_absolute_url())
    assert sorted(statuses) == [302] * feedback.RATE_LIMIT + [429] * (20 - feedback.RATE_LIMIT)
    assert Feedback.objects.count() == feedback.RATE_LIMIT


def test_post_without_csrf_token_is_refused(project):
    client = Client(enforce_csrf_checks=True)
    response = post(client, project.get_absolute_url())
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_post_with_the_form_pages_csrf_token_is_accepted(project):
    client = Client(enforce_csrf_checks=True)
    form = client.get(form_url(project.get_absolute_url()))
    token = TOKEN.search(form.content.decode()).group(1)
    response = post(client, project.get_absolute_url(), csrfmiddlewaretoken=token)
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    "side",
    [
        "",
        "https://evil.example/projekter/synlig/",
        "//evil.example/projekter/synlig/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "projekter/synlig/",
        "/admin/",
        "/projekter/",
        "/projekter/findes-ikke/",
        "/projekter/kladde/",
        "/fejl/",
    ],
)
def test_report_about_anything_but_a_public_page_is_refused(client, side):
    make_project(slug="synlig")
    make_project(slug="kladde", is_published=False)
    assert client.get(reverse("feedback"), {"side": side}).status_code == 400
    response = client.post(f"{reverse('feedback')}?side={side}", {"message": "Hej"})
    assert response.status_code == 400
    assert "Vi kan ikke finde den side" in response.content.decode()
    assert not Feedback.objects.exists()


def test_return_address_is_the_pages_own_not_what_was_sent(client, project):
    response = post(client, f"{project.get_absolute_url()}?format=csv#x")
    assert response["Location"] == f"{project.get_absolute_url()}#fejlrapport"


# The editors' inbox


def test_inbox_lists_reports_with_a_link_to_the_page(admin_client, project):
    make_feedback(page_path=project.get_absolute_url(), page_title=project.title, message="Hej")
    response = admin_client.get(reverse("admin:temperatur_feedback_changelist"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/projekter/ai-i-hjemmeplejen/">AI i hjemmeplejen</a>' in content
    assert "Hej" in content


def test_inbox_filters_by_status(admin_client):
    make_feedback(message="Stadig ny")
    make_feedback(message="Allerede løst", status=Feedback.Status.RESOLVED)
    response = admin_client.get(
        reverse("admin:temperatur_feedback_changelist"), {"status__exact": "ny"}
    )
    assert [str(item) for item in response.context["cl"].result_list] == ["Stadig ny"]


def test_inbox_searches_the_message(admin_client):
    make_feedback(message="Forkert kommune")
    make_feedback(message="Stavefejl")
    response = admin_client.get(reverse("admin:temperatur_feedback_changelist"), {"q": "kommune"})
    assert [str(item) for item in response.context["cl"].result_list] == ["Forkert kommune"]


def test_resolving_in_bulk_deletes_the_readers_email(admin_client):
    report = make_feedback(email="laeser@example.dk")
    response = admin_client.post(
        reverse("admin:temperatur_feedback_changelist"),
        {"action": "mark_resolved", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Feedback.Status.RESOLVED
    assert report.email == ""
    assert report.handled_by is not None


def test_resolving_one_report_deletes_the_readers_email(admin_client):
    report = make_feedback(email="laeser@example.dk")
    url = reverse("admin:temperatur_feedback_change", args=[report.pk])
    response = admin_client.post(url, {"status": "loest", "handled_by": "", "notes": "Rettet."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.email, report.notes) == ("loest", "", "Rettet.")


def test_editors_cannot_add_reports_themselves(admin_client):
    assert admin_client.get(reverse("admin:temperatur_feedback_add")).status_code == 403


def test_only_redaktoer_may_work_the_inbox_with_readers_addresses():
    editor = set(Group.objects.get(name="Redaktør").permissions.values_list("codename", flat=True))
    writer = set(Group.objects.get(name="Skribent").permissions.values_list("codename", flat=True))
    assert {"view_feedback", "change_feedback", "delete_feedback"} <= editor
    assert "add_feedback" not in editor
    assert not {"view_feedback", "change_feedback", "delete_feedback"} & writer


def test_a_skribent_can_neither_read_nor_export_the_inbox(client):
    make_feedback(email="laeser@example.dk")
    client.force_login(make_editor_user("Skribent"))

    assert client.get(reverse("admin:temperatur_feedback_changelist")).status_code == 403
    export = client.get(reverse("admin_export", args=["temperatur", "feedback"]))
    assert export.status_code == 403
    assert b"laeser@example.dk" not in export.content
    assert (
        reverse("admin:temperatur_feedback_changelist")
        not in client.get(reverse("admin:index")).text
    )


def test_writer_sees_the_inbox_but_cannot_change_a_report(client):
    user = make_staff_user("temperatur.view_feedback")
    report = make_feedback()
    client.force_login(user)
    assert client.get(reverse("admin:temperatur_feedback_changelist")).status_code == 200
    url = reverse("admin:temperatur_feedback_change", args=[report.pk])
    client.post(url, {"status": "loest"})
    report.refresh_from_db()
    assert report.status == Feedback.Status.NEW


# The page cache


@pytest.mark.django_db(transaction=True)
def test_public_page_stays_cached_and_the_form_page_never_is(settings, tmp_path):
    """Outside a transaction, as in production: the project page is stored and served to
    the next visitor, the form page is rendered afresh with each visitor's own token."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "cache",
        }
    }
    settings.CACHE_PAGES = True
    project = make_project(slug="cachet")
    url = project.get_absolute_url()

    first, second = Client(), Client()
    assert first.get(url).has_header("ETag")
    assert second.get(url, headers={"If-None-Match": first.get(url)["ETag"]}).status_code == 304

    form_first = first.get(form_url(url))
    form_second = second.get(form_url(url))
    assert not form_first.has_header("ETag")
    assert "no-store" in form_first["Cache-Control"]
    token_first = TOKEN.search(form_first.content.decode()).group(1)
    token_second = TOKEN.search(form_second.content.decode()).group(1)
    assert form_first.cookies["csrftoken"].value != form_second.cookies["csrftoken"].value
    assert token_first != token_second

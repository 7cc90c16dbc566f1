"""Only published changes are news: editors' work on drafts, changes waiting for review and
review marks leave every public page's ETag, »Senest opdateret« and the feeds alone.

Outside a transaction (``transaction=True``) and with the page cache on, as in production.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from temperatur.models import PendingChange
from tests.factories import (
    make_advice,
    make_area,
    make_editor_user,
    make_highlight,
    make_observation,
    make_project,
    make_resource,
)
from tests.helpers import admin_url, edit_in_admin

pytestmark = pytest.mark.django_db(transaction=True)

LONG_AGO = timezone.now() - datetime.timedelta(days=400)


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "cache",
        }
    }
    settings.CACHE_PAGES = True


@pytest.fixture
def site():
    project = make_project(title="Offentligt projekt", editor_note="")
    make_observation(project=project, area=make_area(name="Data"))
    make_highlight(project=project)
    resource = make_resource(title="Offentlig ressource", projects=[project])
    make_advice()
    draft = make_project(title="Kladde", is_published=False)
    for model, obj in ((Project, project), (Project, draft)):
        model.objects.filter(pk=obj.pk).update(published_changed_at=LONG_AGO)
    return {"project": project, "draft": draft, "resource": resource}


def public_urls(site):
    return [
        "/",
        "/en/",
        reverse("projects:list"),
        reverse("projects:list") + "?format=json",
        site["project"].get_absolute_url(),
        reverse("resources:list"),
        site["resource"].get_absolute_url(),
        reverse("resources:advice"),
        reverse("challenges:temperature"),
        reverse("feed_projects"),
        reverse("feed_resources"),
        reverse("sitemap"),
        reverse("opendata"),
        reverse("opendata_dump"),
    ]


def etags(site):
    """Each public page's validators: the page cache's ETag, or (the feeds, which answer
    conditional requests themselves) Last-Modified."""
    visitor = Client()
    tags = {}
    for url in public_urls(site):
        response = visitor.get(url)
        assert response.status_code == 200, url
        tags[url] = response.get("ETag") or response["Last-Modified"]
    return tags


def test_editors_work_that_the_public_does_not_see_leaves_every_etag(site):
    redaktoer = Client()
    redaktoer.force_login(make_editor_user("Redaktør"))
    skribent = Client()
    skribent.force_login(make_editor_user("Skribent"))
    project, draft = site["project"], site["draft"]
    ethics = make_area(name="Etik")
    before = etags(site)

    # A draft saved, by either role; a new draft observation on the public project.
    edit_in_admin(redaktoer, draft, title="Bedre kladde", summary="Nyt")
    edit_in_admin(skribent, draft, description="Længere beskrivelse.")
    edit_in_admin(
        skribent,
        project,
        **{"challenges-TOTAL_FORMS": 2, "challenges-1-area": ethics.pk},
    )
    # A Skribent's change to the published project: it waits for review.
    edit_in_admin(skribent, project, title="Ændret titel", summary="Ændret resumé.")
    # An internal note, and a draft marked ready for review.
    edit_in_admin(redaktoer, project, editor_note="Kontrollér bevillingen.")
    skribent.post(
        admin_url(Project, "changelist"),
        {"action": "mark_ready_for_review", "_selected_action": [draft.pk]},
    )

    assert etags(site) == before
    project.refresh_from_db()
    assert project.published_changed_at == LONG_AGO
    assert PendingChange.objects.open().count() == 1


def test_an_approved_change_is_news(site):
    skribent = Client()
    skribent.force_login(make_editor_user("Skribent"))
    redaktoer = Client()
    redaktoer.force_login(make_editor_user("Redaktør"))
    project = site["project"]
    edit_in_admin(skribent, project, summary="Ændret resumé.")
    before = etags(site)

    change = PendingChange.objects.get()
    redaktoer.post(
        reverse("admin:temperatur_pendingchange_change", args=[change.pk]), {"_approve": "1"}
    )

    after = etags(site)
    assert after[project.get_absolute_url()] != before[project.get_absolute_url()]
    project.refresh_from_db()
    assert project.published_changed_at > LONG_AGO
    page = Client().get(project.get_absolute_url())
    assert "Ændret resumé." in page.text
    assert timezone.localtime(project.published_changed_at).date().isoformat() in page.text


def test_the_feed_moves_only_for_published_changes(site):
    redaktoer = Client()
    redaktoer.force_login(make_editor_user("Redaktør"))
    older = make_project(title="Ældre projekt")
    Project.objects.filter(pk=older.pk).update(
        published_changed_at=LONG_AGO - datetime.timedelta(days=1)
    )

    def first_title():
        feed = Client().get(reverse("feed_projects")).content.decode()
        return feed.split("<entry>", 1)[1].split("<title>", 1)[1].split("</title>", 1)[0]

    newest = first_title()
    edit_in_admin(redaktoer, older, editor_note="Intern note.")
    assert first_title() == newest
    edit_in_admin(redaktoer, older, summary="Nyt resumé om det ældre projekt.")
    assert first_title() == "Ældre projekt"

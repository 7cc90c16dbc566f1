"""A Redaktør decides on the changes that wait for review: approves, sends back with a note,
or sees them withdrawn; and the review queue on the front page of the admin.
"""

import pytest
from django.urls import reverse

from projects.models import Project
from resources.models import Resource
from temperatur.models import PendingChange
from tests.editors.review import public, review_page
from tests.factories import (
    make_editor_user,
    make_municipality,
    make_observation,
    make_project,
    make_resource,
)
from tests.helpers import admin_post_data, admin_url, edit_in_admin

pytestmark = pytest.mark.django_db


# Deciding


def test_the_review_page_shows_each_field_old_and_new(skribent_client, redaktoer_client, project):
    edit_in_admin(skribent_client, project, title="Talegenkendelse i plejen")

    response = redaktoer_client.get(review_page(PendingChange.objects.get()))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row["label"], row["live"], row["proposed"]) for row in rows] == [
        ("Titel", "Talegenkendelse", "Talegenkendelse i plejen")
    ]
    assert "Godkend og offentliggør" in response.text


def test_the_review_page_says_when_the_row_changed_since(
    skribent_client, redaktoer_client, project
):
    edit_in_admin(skribent_client, project, summary="Skribentens resumé.")
    edit_in_admin(redaktoer_client, project, summary="Redaktørens resumé.")

    response = redaktoer_client.get(review_page(PendingChange.objects.get()))

    (row,) = response.context["rows"]
    assert (row["live"], row["proposed"], row["moved"]) == (
        "Redaktørens resumé.",
        "Skribentens resumé.",
        "Det gamle resumé.",
    )


def test_approving_publishes_the_change_with_both_names_in_the_history(
    skribent_client, redaktoer_client, project, skribent, redaktoer, client
):
    kolding = make_municipality(name="Kolding Kommune")
    edit_in_admin(skribent_client, project, summary="Nyt resumé.", municipalities=[kolding.pk])
    change = PendingChange.objects.get()

    response = redaktoer_client.post(review_page(change), {"_approve": "1"}, follow=True)

    assert "er godkendt og offentliggjort" in response.text
    page = public(client, project)
    assert "Nyt resumé." in page
    assert "Kolding Kommune" in page
    change.refresh_from_db()
    assert (change.state, change.reviewer) == (PendingChange.State.APPROVED, redaktoer)
    latest = project.history.latest()
    assert latest.history_user == redaktoer
    assert skribent.username in latest.history_change_reason
    assert redaktoer.username in latest.history_change_reason
    history = redaktoer_client.get(admin_url(Project, "history", project.pk))
    assert f"Ændring fra {skribent.username}, godkendt af {redaktoer.username}" in history.text


def test_approving_checks_the_change_again(skribent_client, redaktoer_client, project):
    edit_in_admin(skribent_client, project, slug="ny-adresse")
    make_project(slug="ny-adresse")  # the address was taken since
    change = PendingChange.objects.get()

    response = redaktoer_client.post(review_page(change), {"_approve": "1"}, follow=True)

    assert response.status_code == 200
    assert "kan ikke godkendes" in response.text
    project.refresh_from_db()
    assert project.slug != "ny-adresse"
    change.refresh_from_db()
    assert change.state == PendingChange.State.WAITING


def test_sending_back_needs_a_note_and_shows_it_to_the_writer(
    skribent_client, redaktoer_client, project, client
):
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")
    change = PendingChange.objects.get()

    without = redaktoer_client.post(review_page(change), {"_return": "1", "note": " "})
    assert without.status_code == 200
    assert "Skriv til skribenten, hvad der skal rettes." in without.text
    redaktoer_client.post(review_page(change), {"_return": "1", "note": "Kilden siger 2021."})

    change.refresh_from_db()
    assert (change.state, change.note) == (PendingChange.State.RETURNED, "Kilden siger 2021.")
    assert "Nyt resumé." not in public(client, project)
    form = skribent_client.get(admin_url(Project, "change", project.pk))
    assert "Kilden siger 2021." in form.text
    # Saving again sends it for review again.
    skribent_client.post(admin_url(Project, "change", project.pk), admin_post_data(form))
    change.refresh_from_db()
    assert change.state == PendingChange.State.WAITING


def test_a_skribent_may_not_approve(skribent_client, project):
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")
    change = PendingChange.objects.get()

    response = skribent_client.post(review_page(change), {"_approve": "1"})

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.summary == "Det gamle resumé."


def test_the_writer_may_withdraw_their_change(skribent_client, project):
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")
    change = PendingChange.objects.get()

    skribent_client.post(review_page(change), {"_withdraw": "1"})

    change.refresh_from_db()
    assert change.state == PendingChange.State.WITHDRAWN
    form = skribent_client.get(admin_url(Project, "change", project.pk))
    assert form.context["adminform"].form["summary"].value() == "Det gamle resumé."


def test_a_writer_sees_only_their_own_changes(skribent_client, project):
    other = make_editor_user("Skribent")
    PendingChange.objects.create(
        content_type_id=_content_type(Resource),
        object_id=make_resource().pk,
        object_repr="En andens ændring",
        proposed={"title": "X"},
        author=other,
    )
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")

    listed = skribent_client.get(reverse("admin:temperatur_pendingchange_changelist"))

    assert [str(change) for change in listed.context["cl"].result_list] == ["Talegenkendelse"]


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


# The review queue


def test_the_front_page_lists_what_waits_for_review_by_kind(
    skribent_client, redaktoer_client, project
):
    make_project(title="Klar", is_published=False, ready_for_review=True)
    make_observation(is_published=False, ready_for_review=True)
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")

    index = redaktoer_client.get(reverse("admin:index"))

    text = index.text
    assert "Til gennemsyn" in text
    assert "Projekter klar til gennemsyn" in text
    assert "Oplevede udfordringer klar til gennemsyn" in text
    assert "Ændringer i offentliggjorte projekter" in text
    assert admin_url(Project, "changelist") + "?tilstand=klar" in text


def test_the_writer_finds_their_changes_and_drafts_on_the_front_page(skribent_client, project):
    add = admin_url(Project, "add")
    skribent_client.post(
        add,
        admin_post_data(
            skribent_client.get(add),
            title="Min kladde",
            slug="min-kladde",
            domain=project.domain_id,
            owner_type=Project.OwnerType.MUNICIPAL,
            lead_municipality=project.lead_municipality_id,
        ),
    )
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")

    text = skribent_client.get(reverse("admin:index")).text

    assert "Mine ændringer" in text
    assert review_page(PendingChange.objects.get()) in text
    assert "Mine kladder" in text
    assert "Min kladde" in text


def test_a_skribents_restore_of_an_old_version_waits_too(
    skribent_client, redaktoer_client, project, client
):
    edit_in_admin(redaktoer_client, project, summary="Et nyere resumé.")
    oldest = project.history.earliest()
    url = reverse("admin:projects_project_simple_history", args=[project.pk, oldest.pk])

    response = skribent_client.post(url, admin_post_data(skribent_client.get(url)))

    assert response.status_code == 302
    assert "Et nyere resumé." in public(client, project)
    assert PendingChange.objects.get().proposed == {"summary": "Det gamle resumé."}


def test_a_deleted_rows_change_leaves_the_queue_and_closes_when_opened(
    skribent_client, redaktoer_client, project
):
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")
    change = PendingChange.objects.get()

    project.delete()

    assert "Ændringer i offentliggjorte" not in redaktoer_client.get(reverse("admin:index")).text
    page = redaktoer_client.get(review_page(change))
    assert "Indholdet findes ikke længere." in page.text
    response = redaktoer_client.post(review_page(change), {"_approve": "1"}, follow=True)
    assert "Indholdet er slettet; ændringen er lukket." in response.text
    change.refresh_from_db()
    assert change.state == PendingChange.State.WITHDRAWN

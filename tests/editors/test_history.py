"""Every change to content is kept: who, when, field by field; restore through the admin."""

import pytest
from django.urls import reverse

from challenges.models import ProjectChallenge
from projects.models import Highlight, Project
from resources.models import Resource
from tests.factories import (
    make_area,
    make_municipality,
    make_observation,
    make_project,
    make_resource,
)
from tests.helpers import admin_post_data, admin_url, edit_in_admin

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_recorded_with_who_and_what(redaktoer_client, redaktoer):
    project = make_project(title="Talegenkendelse")

    edit_in_admin(redaktoer_client, project, title="Talegenkendelse i plejen")

    latest = project.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", redaktoer)
    delta = latest.diff_against(latest.prev_record, excluded_fields=["updated_at"])
    assert [(change.field, change.old, change.new) for change in delta.changes] == [
        ("title", "Talegenkendelse", "Talegenkendelse i plejen")
    ]


def test_the_history_page_shows_each_changed_field_old_and_new(redaktoer_client, redaktoer):
    project = make_project(title="Talegenkendelse", status=Project.Status.TRIAL)
    edit_in_admin(redaktoer_client, project, title="Talegenkendelse i plejen", status="skalering")

    response = redaktoer_client.get(admin_url(Project, "history", project.pk))

    assert response.status_code == 200
    text = response.text
    assert "<strong>Titel:</strong> Talegenkendelse &rarr; Talegenkendelse i plejen" in text
    # Choices by their Danish label, not their code.
    assert "<strong>Fase:</strong> Afprøvning &rarr; Skalering" in text
    assert redaktoer.username in text
    assert "Ændret" in text
    assert "Senest opdateret" not in text  # changes on every save; left out


def test_many_to_many_changes_are_recorded(redaktoer_client):
    kolding = make_municipality(name="Kolding")
    project = make_project()

    edit_in_admin(redaktoer_client, project, municipalities=[kolding.pk])

    response = redaktoer_client.get(admin_url(Project, "history", project.pk))
    assert "<strong>Deltagende kommuner:</strong> – &rarr; Kolding" in response.text


def test_publishing_with_the_action_is_recorded(redaktoer_client, redaktoer):
    resource = make_resource(is_published=False)

    redaktoer_client.post(
        admin_url(Resource, "changelist"),
        {"action": "publish", "_selected_action": [resource.pk]},
    )

    latest = resource.history.latest()
    assert latest.history_user == redaktoer
    assert latest.is_published
    assert latest.history_change_reason == "Offentliggjort fra oversigten"
    response = redaktoer_client.get(admin_url(Resource, "history", resource.pk))
    assert "<strong>Offentliggjort:</strong> Nej &rarr; Ja" in response.text


def test_inline_changes_are_recorded_on_the_observation(redaktoer_client, redaktoer):
    observation = make_observation(severity=ProjectChallenge.Severity.LOW)

    edit_in_admin(
        redaktoer_client,
        observation.project,
        **{"challenges-0-severity": ProjectChallenge.Severity.HIGH},
    )

    latest = observation.history.latest()
    assert (latest.severity, latest.history_user) == (ProjectChallenge.Severity.HIGH, redaktoer)


def test_restoring_an_earlier_version_through_the_admin(redaktoer_client, redaktoer):
    kolding, vejle = make_municipality(name="Kolding"), make_municipality(name="Vejle")
    project = make_project(title="Første titel")
    edit_in_admin(redaktoer_client, project, municipalities=[kolding.pk])
    first_version = project.history.latest()
    edit_in_admin(redaktoer_client, project, title="Anden titel", municipalities=[vejle.pk])

    url = reverse(
        "admin:projects_project_simple_history", args=[project.pk, first_version.history_id]
    )
    form = redaktoer_client.get(url)
    assert form.status_code == 200
    assert "Gendan denne udgave" in form.text
    response = redaktoer_client.post(url, admin_post_data(form))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Første titel"
    assert list(project.municipalities.all()) == [kolding]
    restore = project.history.latest()
    assert restore.history_user == redaktoer
    assert restore.history_change_reason.startswith("Gendannet fra udgaven fra ")
    assert (
        "Gendannet fra udgaven fra"
        in redaktoer_client.get(admin_url(Project, "history", project.pk)).text
    )


def test_a_skribent_restoring_a_published_version_does_not_publish(skribent_client):
    project = make_project(is_published=True)
    published_version = project.history.latest()
    project.is_published = False
    project.save()

    url = reverse(
        "admin:projects_project_simple_history", args=[project.pk, published_version.history_id]
    )
    response = skribent_client.post(url, admin_post_data(skribent_client.get(url)))

    assert response.status_code == 302
    project.refresh_from_db()
    assert not project.is_published


def test_deleting_asks_first_and_keeps_who_when_and_the_last_values(redaktoer_client, redaktoer):
    project = make_project(title="Slettes snart")
    make_observation(project=project, area=make_area())
    url = admin_url(Project, "delete", project.pk)
    assert "Er du sikker" in redaktoer_client.get(url).text

    redaktoer_client.post(url, {"post": "yes"})

    assert not Project.objects.filter(pk=project.pk).exists()
    deleted = Project.history.filter(id=project.pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.title) == (
        "-",
        redaktoer,
        "Slettes snart",
    )
    assert ProjectChallenge.history.filter(project_id=project.pk, history_type="-").exists()
    history = redaktoer_client.get(admin_url(Project, "history", project.pk))
    assert history.status_code == 200
    assert "Indholdet er slettet." in history.text


def test_a_deleted_project_can_be_restored_from_its_history(redaktoer_client):
    project = make_project(title="Slettet ved en fejl")
    pk = project.pk
    redaktoer_client.post(admin_url(Project, "delete", pk), {"post": "yes"})
    last = Project.history.filter(id=pk, history_type="~").first() or (
        Project.history.filter(id=pk, history_type="+").get()
    )

    url = reverse("admin:projects_project_simple_history", args=[pk, last.history_id])
    response = redaktoer_client.post(url, admin_post_data(redaktoer_client.get(url)))

    assert response.status_code == 302
    assert Project.objects.get(pk=pk).title == "Slettet ved en fejl"


# Rows loaded from the fixtures, and addresses that cannot be versions


def test_the_history_of_a_row_without_any_entry_opens(redaktoer_client):
    from django.core import serializers

    project = make_project(title="Indlæst")
    data = serializers.serialize("json", [project])
    project.history.all().delete()
    for loaded in serializers.deserialize("json", data):
        loaded.save()  # as loaddata does: no history

    response = redaktoer_client.get(admin_url(Project, "history", project.pk))

    assert response.status_code == 200
    assert "Der er endnu ingen historik for dette indhold." in response.text


def test_seeding_gives_every_row_a_first_entry_and_its_history_opens(redaktoer_client):
    from django.core.management import call_command

    call_command("seed", verbosity=0)
    project = Project.objects.get(slug="maalrettede-beskaeftigelsesindsatser")

    response = redaktoer_client.get(admin_url(Project, "history", project.pk))

    assert response.status_code == 200
    assert "Indlæst fra kilderne" in response.text
    # The real content has no observations (no source gives a project's own challenges).
    assert all(model.objects.exists() for model in (Project, Highlight, Resource))
    for model in (Project, Highlight, Resource):
        assert not model.objects.exclude(pk__in=model.history.values("id")).exists()


def test_the_first_edit_after_seeding_shows_only_what_changed(redaktoer_client):
    from django.core.management import call_command

    call_command("seed", verbosity=0)
    project = Project.objects.get(slug="maalrettede-beskaeftigelsesindsatser")

    edit_in_admin(redaktoer_client, project, editor_note="Kontrolleret.")

    response = redaktoer_client.get(admin_url(Project, "history", project.pk))
    changes = response.context["page_obj"][0].history_delta_changes
    assert [change["field"] for change in changes] == ["Intern note"]


def test_seeding_again_adds_no_second_first_entry():
    from django.core.management import call_command

    call_command("seed", verbosity=0)
    counts = [model.history.count() for model in (Project, ProjectChallenge, Resource)]

    call_command("seed", verbosity=0)

    assert [model.history.count() for model in (Project, ProjectChallenge, Resource)] == counts


@pytest.mark.parametrize(
    "path",
    ["{pk}/history/abc/", "{pk}/history/1e3/", "abc/history/", "abc/history/1/"],
)
def test_history_addresses_that_cannot_exist_are_404(redaktoer_client, path):
    project = make_project()
    base = admin_url(Project, "changelist")

    response = redaktoer_client.get(base + path.format(pk=project.pk))

    assert response.status_code == 404

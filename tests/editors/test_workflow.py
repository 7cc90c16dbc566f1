"""The publishing workflow: kladde → klar til gennemsyn → offentliggjort, and back.

The states, what the public sees in each, the Status filter and the bulk actions.
"""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from challenges.models import ProjectChallenge
from projects.models import Project
from resources.models import Advice, Resource
from temperatur.core.workflow import PublicationState
from tests.factories import (
    make_advice,
    make_area,
    make_observation,
    make_project,
    make_record,
    make_resource,
)
from tests.helpers import admin_post_data, admin_url, listed

pytestmark = pytest.mark.django_db

DRAFT = {"is_published": False, "ready_for_review": False}
READY = {"is_published": False, "ready_for_review": True}
PUBLISHED = {"is_published": True}
STATES = {"kladde": DRAFT, "klar": READY, "offentliggjort": PUBLISHED}


# The states


@pytest.mark.parametrize(
    ("flags", "state", "label"),
    [
        (DRAFT, PublicationState.DRAFT, "Kladde"),
        (READY, PublicationState.READY, "Klar til gennemsyn"),
        (PUBLISHED, PublicationState.PUBLISHED, "Offentliggjort"),
    ],
)
def test_state_and_its_danish_label(flags, state, label):
    project = make_project(**flags)

    assert project.publication_state == state
    assert project.get_publication_state_display() == label
    assert list(Project.objects.in_state(state)) == [project]


@pytest.mark.parametrize("model", [Project, ProjectChallenge, Resource, Advice])
def test_the_database_refuses_a_published_row_waiting_for_review(model):
    factory = {
        Project: make_project,
        ProjectChallenge: make_observation,
        Resource: make_resource,
        Advice: make_advice,
    }[model]
    obj = factory(is_published=True)

    with pytest.raises(IntegrityError):
        model.objects.filter(pk=obj.pk).update(ready_for_review=True)


def test_publishing_clears_ready_for_review():
    project = make_project(**READY)

    project.is_published = True
    project.save(update_fields=["is_published"])

    project.refresh_from_db()
    assert (project.is_published, project.ready_for_review) == (True, False)


def test_ticking_both_boxes_in_the_form_publishes(admin_client):
    project = make_project(**DRAFT)
    url = admin_url(Project, "change", project.pk)
    data = admin_post_data(admin_client.get(url), is_published="on", ready_for_review="on")

    assert admin_client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED


# The Status filter


@pytest.mark.parametrize("model", [Project, ProjectChallenge, Resource, Advice])
@pytest.mark.parametrize("state", STATES)
def test_status_filter_lists_the_rows_in_that_state(admin_client, model, state):
    factory = {
        Project: make_project,
        ProjectChallenge: make_observation,
        Resource: make_resource,
        Advice: make_advice,
    }[model]
    rows = {name: factory(**flags) for name, flags in STATES.items()}

    response = admin_client.get(admin_url(model, "changelist"), {"tilstand": state})

    assert listed(response) == {rows[state]}
    assert "Klar til gennemsyn" in response.text  # the filter's choices and the column


def test_status_column_shows_the_state(admin_client):
    make_project(title="Et projekt", **READY)

    response = admin_client.get(admin_url(Project, "changelist"))

    assert '<td class="field-publication_status">Klar til gennemsyn</td>' in response.text


# The actions


def test_publish_action_publishes_drafts_and_ready_rows(admin_client):
    draft, ready = make_project(**DRAFT), make_project(**READY)

    response = admin_client.post(
        admin_url(Project, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk, ready.pk]},
        follow=True,
    )

    assert "2 projekter er nu offentliggjort." in response.text
    for project in (draft, ready):
        project.refresh_from_db()
        assert project.publication_state == PublicationState.PUBLISHED


def test_publish_action_reports_rows_selected_under_a_status_filter(admin_client):
    draft = make_project(**DRAFT)

    response = admin_client.post(
        admin_url(Project, "changelist") + "?tilstand=kladde",
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )

    assert "1 projekt er nu offentliggjort." in response.text


def test_unpublish_action_makes_published_rows_drafts(admin_client):
    observation = make_observation(**PUBLISHED)

    response = admin_client.post(
        admin_url(ProjectChallenge, "changelist"),
        {"action": "unpublish", "_selected_action": [observation.pk]},
        follow=True,
    )

    assert "1 oplevet udfordring er nu skjult for offentligheden." in response.text
    observation.refresh_from_db()
    assert observation.publication_state == PublicationState.DRAFT


def test_mark_for_review_action_leaves_published_rows_alone_and_says_so(skribent_client):
    draft, published = make_resource(**DRAFT), make_resource(**PUBLISHED)

    response = skribent_client.post(
        admin_url(Resource, "changelist"),
        {"action": "mark_ready_for_review", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )

    assert "1 ressource er markeret som klar til gennemsyn." in response.text
    assert "1 ressource er allerede offentliggjort og er ikke ændret." in response.text
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.publication_state == PublicationState.READY
    assert published.publication_state == PublicationState.PUBLISHED


def test_actions_move_the_change_time(admin_client):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    advice = make_advice(**DRAFT)
    Advice.objects.filter(pk=advice.pk).update(updated_at=long_ago)

    admin_client.post(
        admin_url(Advice, "changelist"), {"action": "publish", "_selected_action": [advice.pk]}
    )

    advice.refresh_from_db()
    assert advice.updated_at > long_ago


# What the public sees


@pytest.mark.parametrize("state", ["kladde", "klar"])
def test_unpublished_projects_are_nowhere_public(client, state):
    project = make_project(title="Hemmeligt projekt", slug="hemmeligt", **STATES[state])

    assert client.get(project.get_absolute_url()).status_code == 404
    assert "Hemmeligt projekt" not in client.get(reverse("projects:list")).text
    assert "hemmeligt" not in client.get(reverse("projects:list") + "?format=csv").text
    assert client.get(reverse("projects:list") + "?format=json").json()["count"] == 0
    assert "hemmeligt" not in client.get(reverse("sitemap")).text


def test_published_projects_are_public_everywhere(client):
    project = make_project(title="Åbent projekt", slug="aabent", **PUBLISHED)

    assert client.get(project.get_absolute_url()).status_code == 200
    assert "Åbent projekt" in client.get(reverse("projects:list")).text
    assert "aabent" in client.get(reverse("projects:list") + "?format=csv").text
    assert client.get(reverse("projects:list") + "?format=json").json()["count"] == 1


@pytest.mark.parametrize("state", ["kladde", "klar"])
def test_unpublished_resources_and_advice_are_not_public(client, state):
    resource = make_resource(title="Hemmelig ressource", **STATES[state])
    make_advice(title="Hemmeligt råd", **STATES[state])

    assert client.get(resource.get_absolute_url()).status_code == 404
    assert "Hemmelig ressource" not in client.get(reverse("resources:list")).text
    assert client.get(reverse("resources:list") + "?format=json").json()["count"] == 0
    assert "Hemmeligt råd" not in client.get(reverse("resources:advice")).text


@pytest.mark.parametrize("state", ["kladde", "klar"])
def test_unpublished_observations_do_not_show_on_the_project_page(client, state):
    area = make_area(name="Datadeling")
    project = make_project(**PUBLISHED)
    make_record(project=project, **PUBLISHED)
    make_observation(project=project, area=area, **STATES[state])

    response = client.get(project.get_absolute_url())

    assert response.context["areas_met"] == []
    assert "Datadeling" not in response.text.split('id="facts-heading"')[1].split("</dl>")[0]


def test_a_published_observation_shows_on_the_project_page(client):
    area = make_area(name="Datadeling")
    project = make_project(**PUBLISHED)
    make_record(project=project, **PUBLISHED)
    make_observation(project=project, area=area, **PUBLISHED)

    response = client.get(project.get_absolute_url())

    assert response.context["areas_met"] == [area]


@pytest.mark.parametrize("state", ["kladde", "klar"])
def test_an_unpublished_record_does_not_make_the_project_recorded(client, state):
    area = make_area(name="Datadeling")
    project = make_project(**PUBLISHED)
    make_record(project=project, **STATES[state])
    make_observation(project=project, area=area, **PUBLISHED)

    response = client.get(project.get_absolute_url())

    assert response.context["areas_met"] == []
    assert response.context["record_rows"] == []
    assert [o.area for o in response.context["project"].single_observations] == [area]


def test_a_published_record_of_a_draft_project_is_not_shown(client):
    project = make_project(**DRAFT)
    make_record(project=project, **PUBLISHED)

    assert client.get(project.get_absolute_url()).status_code == 404
    temperature = client.get(reverse("challenges:temperature") + "?format=json").json()
    assert (temperature["projects_total"], temperature["projects_assessed"]) == (0, 0)


# »Senest opdateret«: the project page shows its observations and highlights, so a change
# to them is a change to the page.


def test_changing_an_observation_in_the_admin_moves_the_projects_change_time(admin_client, client):
    observation = make_observation(severity=ProjectChallenge.Severity.LOW)
    project = observation.project
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Project.objects.filter(pk=project.pk).update(published_changed_at=long_ago)
    url = admin_url(ProjectChallenge, "change", observation.pk)

    data = admin_post_data(admin_client.get(url), severity=ProjectChallenge.Severity.HIGH)
    assert admin_client.post(url, data).status_code == 302

    project.refresh_from_db()
    assert project.published_changed_at > long_ago
    page = client.get(project.get_absolute_url())
    changed = timezone.localtime(project.published_changed_at).isoformat()
    assert f'datetime="{changed}"' in page.text


def test_saving_or_deleting_a_published_record_moves_the_projects_public_change_time():
    record = make_record()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Project.objects.filter(pk=record.project_id).update(published_changed_at=long_ago)

    record.note = "Registreret ud fra rapporten."
    record.save()

    saved = Project.objects.get(pk=record.project_id).published_changed_at
    assert saved > long_ago
    Project.objects.filter(pk=record.project_id).update(published_changed_at=long_ago)

    record.delete()

    assert Project.objects.get(pk=record.project_id).published_changed_at > long_ago


def test_deleting_an_observation_moves_the_projects_change_time():
    observation = make_observation()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Project.objects.filter(pk=observation.project_id).update(published_changed_at=long_ago)

    observation.delete()

    assert Project.objects.get(pk=observation.project_id).published_changed_at > long_ago


def test_loading_fixtures_does_not_move_the_change_time():
    from django.core import serializers

    observation = make_observation()
    project = observation.project
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Project.objects.filter(pk=project.pk).update(published_changed_at=long_ago)
    data = serializers.serialize("json", [observation])

    for loaded in serializers.deserialize("json", data):
        loaded.save()

    project.refresh_from_db()
    assert project.published_changed_at == long_ago

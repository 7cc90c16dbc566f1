"""Publishing is complete: a project goes public with its rows that are ready for review,
the editor is told what stayed a draft, and a project without source or summary stays a
draft, with a Danish message saying why."""

import pytest

from challenges.models import ChallengeRecord, ProjectChallenge
from projects.models import Highlight, Project
from temperatur.core.workflow import publication_children
from tests.factories import make_area, make_highlight, make_observation, make_project, make_record
from tests.helpers import admin_post_data, admin_url

pytestmark = pytest.mark.django_db

READY = {"is_published": False, "ready_for_review": True}
DRAFT = {"is_published": False, "ready_for_review": False}


def publish_action(client, *projects):
    return client.post(
        admin_url(Project, "changelist"),
        {"action": "publish", "_selected_action": [p.pk for p in projects]},
        follow=True,
    )


@pytest.fixture
def draft_project():
    """A draft project with its record and two observations ready for review, one draft
    observation and a highlight."""
    project = make_project(title="Sprogmodel", **READY)
    make_record(project=project, **READY)
    make_observation(project=project, area=make_area(name="Data"), **READY)
    make_observation(project=project, area=make_area(name="Jura"), **READY)
    make_observation(project=project, area=make_area(name="Etik"), **DRAFT)
    make_highlight(project=project, text="Borgerne tog godt imod det.", **READY)
    return project


def test_observations_and_highlights_are_children_of_projects():
    assert {model for model, _fk in publication_children(Project)} >= {
        ProjectChallenge,
        ChallengeRecord,
        Highlight,
    }


def test_publishing_a_project_publishes_its_ready_observations(
    redaktoer_client, draft_project, client
):
    response = publish_action(redaktoer_client, draft_project)

    assert "1 projekt er nu offentliggjort." in response.text
    assert "2 oplevede udfordringer, der var klar til gennemsyn, er offentliggjort med." in (
        response.text
    )
    assert "Stadig kladde og ikke offentlig: Oplevede udfordringer »Sprogmodel – Etik«." in (
        response.text
    )
    published = {o.area.name for o in draft_project.challenges.filter(is_published=True)}
    assert published == {"Data", "Jura"}
    page = client.get(draft_project.get_absolute_url())
    assert [area.name for area in page.context["areas_met"]] == ["Data", "Jura"]
    assert "Borgerne tog godt imod det." in page.text


def test_publishing_in_the_form_publishes_the_ready_rows_too(
    redaktoer_client, draft_project, client
):
    url = admin_url(Project, "change", draft_project.pk)
    data = admin_post_data(redaktoer_client.get(url), is_published="on")

    response = redaktoer_client.post(url, data, follow=True)

    assert "er offentliggjort med" in response.text
    assert draft_project.challenges.filter(is_published=True).count() == 2
    assert Highlight.objects.get(project=draft_project).is_published
    page = client.get(draft_project.get_absolute_url())
    assert [area.name for area in page.context["areas_met"]] == ["Data", "Jura"]


def test_the_history_of_a_row_published_along_names_the_project(
    redaktoer_client, draft_project, redaktoer
):
    publish_action(redaktoer_client, draft_project)

    observation = draft_project.challenges.filter(is_published=True).first()
    latest = observation.history.latest()
    assert latest.history_user == redaktoer
    assert latest.history_change_reason == "Offentliggjort sammen med »Sprogmodel«"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        (
            {"source_url": ""},
            "Skriv adressen på den offentlige kilde, før projektet offentliggøres",
        ),
        ({"summary": ""}, "Skriv et resumé, før projektet offentliggøres"),
    ],
)
def test_a_project_without_source_or_summary_is_not_published_by_the_action(
    redaktoer_client, missing, message
):
    project = make_project(title="Uden kilde", **READY, **missing)

    response = publish_action(redaktoer_client, project)

    assert "»Uden kilde« er ikke offentliggjort" in response.text
    assert message in response.text
    project.refresh_from_db()
    assert not project.is_published


def test_a_project_without_source_is_not_published_by_the_form(redaktoer_client):
    project = make_project(source_url="", **READY)
    url = admin_url(Project, "change", project.pk)

    response = redaktoer_client.post(
        url, admin_post_data(redaktoer_client.get(url), is_published="on")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Skriv adressen på den offentlige kilde" in errors["source_url"][0]
    project.refresh_from_db()
    assert not project.is_published


def test_a_skribent_cannot_publish_a_project_with_its_rows(skribent_client, draft_project):
    publish_action(skribent_client, draft_project)

    draft_project.refresh_from_db()
    assert not draft_project.is_published
    assert not draft_project.challenges.filter(is_published=True).exists()

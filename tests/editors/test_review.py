"""Changes to published content wait for review: a Skribent proposes (here), a Redaktør
decides (test_review_decisions.py).

Every test replays the real admin forms (``admin_post_data`` of the page the editor got)
as users in the groups the migrations create, and looks at the public pages.
"""

import pytest
from django.urls import reverse

from challenges.models import ProjectChallenge
from projects.models import Highlight, Project
from temperatur.models import PendingChange
from tests.editors.review import public, review_page
from tests.factories import (
    make_area,
    make_municipality,
    make_observation,
    make_project,
    make_resource,
)
from tests.helpers import admin_post_data, admin_url, edit_in_admin

pytestmark = pytest.mark.django_db


# Proposing


def test_a_skribents_edit_of_a_published_project_changes_no_public_page(
    skribent_client, project, client
):
    edit_in_admin(skribent_client, project, title="Talegenkendelse i plejen", summary="Nyt resumé.")

    project.refresh_from_db()
    assert (project.title, project.summary, project.is_published) == (
        "Talegenkendelse",
        "Det gamle resumé.",
        True,
    )
    page = public(client, project)
    assert "Det gamle resumé." in page
    assert "Nyt resumé." not in page
    assert "Talegenkendelse i plejen" not in client.get(reverse("projects:list")).text
    change = PendingChange.objects.get()
    assert change.proposed == {"title": "Talegenkendelse i plejen", "summary": "Nyt resumé."}
    assert change.base == {"title": "Talegenkendelse", "summary": "Det gamle resumé."}


def test_the_skribent_is_told_that_the_change_waits(skribent_client, project):
    response = edit_in_admin(skribent_client, project, summary="Nyt resumé.")

    text = skribent_client.get(response["Location"]).text
    assert "venter nu på gennemsyn" in text
    assert "blev ændret" not in text


def test_the_skribent_goes_on_editing_their_pending_version(skribent_client, project):
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")
    url = admin_url(Project, "change", project.pk)

    form = skribent_client.get(url)

    assert form.context["adminform"].form["summary"].value() == "Nyt resumé."
    assert "Du redigerer en ændring, der venter på gennemsyn" in form.text
    skribent_client.post(url, admin_post_data(form, title="Talegenkendelse i plejen"))
    change = PendingChange.objects.get()
    assert change.proposed == {"title": "Talegenkendelse i plejen", "summary": "Nyt resumé."}
    assert change.state == PendingChange.State.WAITING


def test_a_skribents_many_to_many_change_waits_too(skribent_client, project, client):
    kolding = make_municipality(name="Kolding Kommune")

    edit_in_admin(skribent_client, project, municipalities=[kolding.pk])

    assert list(project.municipalities.all()) == []
    assert "Kolding Kommune" not in public(client, project)
    form = skribent_client.get(admin_url(Project, "change", project.pk))
    assert form.context["adminform"].form["municipalities"].value() == [kolding.pk]


def test_going_back_to_the_published_values_withdraws_the_change(skribent_client, project):
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")

    edit_in_admin(skribent_client, project, summary="Det gamle resumé.")

    assert not PendingChange.objects.open().exists()


def test_a_skribents_edit_of_a_draft_is_saved_at_once(skribent_client):
    draft = make_project(title="Kladde", is_published=False)

    edit_in_admin(skribent_client, draft, title="Bedre kladde")

    draft.refresh_from_db()
    assert draft.title == "Bedre kladde"
    assert not PendingChange.objects.exists()


def test_a_redaktoers_edit_goes_live_at_once(redaktoer_client, project, client):
    edit_in_admin(redaktoer_client, project, summary="Rettet af redaktøren.")

    assert "Rettet af redaktøren." in public(client, project)
    assert not PendingChange.objects.exists()


def test_the_redaktoer_sees_that_a_change_waits_on_the_form(
    skribent_client, redaktoer_client, project, skribent
):
    edit_in_admin(skribent_client, project, summary="Nyt resumé.")

    form = redaktoer_client.get(admin_url(Project, "change", project.pk))

    assert form.context["adminform"].form["summary"].value() == "Det gamle resumé."
    assert f"En ændring fra {skribent.username} venter på gennemsyn" in form.text
    assert review_page(PendingChange.objects.get()) in form.text


def test_a_skribents_change_to_a_published_observation_in_the_inline_waits(skribent_client, client):
    observation = make_observation(description="Data var svære at få.")
    project = observation.project
    new_area = make_area(name="Kompetencer")

    edit_in_admin(
        skribent_client,
        project,
        **{
            "challenges-0-description": "Data var umulige at få.",
            "challenges-TOTAL_FORMS": 2,
            "challenges-1-area": new_area.pk,
            "challenges-1-description": "Ny kladde.",
        },
    )

    observation.refresh_from_db()
    assert observation.description == "Data var svære at få."
    change = PendingChange.objects.get()
    assert (change.model, change.object_id) == (ProjectChallenge, observation.pk)
    assert change.proposed == {"description": "Data var umulige at få."}
    # The new row is a draft: saved at once, public only once a Redaktør publishes it.
    draft = ProjectChallenge.objects.get(area=new_area)
    assert (draft.description, draft.is_published) == ("Ny kladde.", False)
    assert "Kompetencer" not in public(client, project)
    # Opening the project again shows the pending version of the row.
    form = skribent_client.get(admin_url(Project, "change", project.pk))
    (inline,) = [
        i for i in form.context["inline_admin_formsets"] if i.formset.prefix == "challenges"
    ]
    descriptions = [f["description"].value() for f in inline.formset.forms]
    assert "Data var umulige at få." in descriptions


def test_a_skribents_edit_of_a_published_observation_waits(skribent_client):
    observation = make_observation(severity=ProjectChallenge.Severity.LOW)

    edit_in_admin(skribent_client, observation, severity=ProjectChallenge.Severity.HIGH)

    observation.refresh_from_db()
    assert observation.severity == ProjectChallenge.Severity.LOW
    assert PendingChange.objects.get().proposed == {"severity": ProjectChallenge.Severity.HIGH}


def test_a_skribents_edit_of_a_published_resource_waits(skribent_client, client):
    resource = make_resource(title="Tjekliste")

    edit_in_admin(skribent_client, resource, title="Ny tjekliste")

    assert "Ny tjekliste" not in public(client, resource)
    resource.refresh_from_db()
    assert resource.title == "Tjekliste"


# Highlights


def test_a_skribents_new_highlight_is_a_draft_until_a_redaktoer_publishes_it(
    skribent_client, redaktoer_client, client
):
    project = make_project()
    add = admin_url(Highlight, "add")
    data = admin_post_data(
        skribent_client.get(add),
        text="Borgerne fik svar hurtigere.",
        slug="svar-hurtigere",
        order=1,
        project=project.pk,
        is_published="on",  # crafted: the field is read-only for a Skribent
    )

    assert skribent_client.post(add, data).status_code == 302

    highlight = Highlight.objects.get(slug="svar-hurtigere")
    assert not highlight.is_published
    assert "Borgerne fik svar hurtigere." not in client.get("/").text
    assert "Borgerne fik svar hurtigere." not in public(client, project)
    assert "Borgerne fik svar hurtigere." not in client.get(reverse("opendata_dump")).text

    redaktoer_client.post(
        admin_url(Highlight, "changelist"),
        {"action": "publish", "_selected_action": [highlight.pk]},
    )
    assert "Borgerne fik svar hurtigere." in client.get("/").text
    assert "Borgerne fik svar hurtigere." in public(client, project)


def test_a_skribents_highlight_added_on_the_project_page_is_a_draft(skribent_client, client):
    project = make_project()

    edit_in_admin(
        skribent_client,
        project,
        **{
            "highlights-TOTAL_FORMS": 1,
            "highlights-0-text": "Medarbejderne var begejstrede.",
            "highlights-0-slug": "begejstrede",
            "highlights-0-order": 1,
            "highlights-0-is_published": "on",  # crafted
        },
    )

    assert not Highlight.objects.get(slug="begejstrede").is_published
    assert "Medarbejderne var begejstrede." not in public(client, project)
    assert "Medarbejderne var begejstrede." not in client.get("/").text

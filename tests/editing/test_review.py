"""Changes to published content wait for review: a Skribent proposes, a Redaktør decides.

Every test replays the real admin forms (``admin_post_data`` of the page the editor got)
as users in the groups the migrations create, and looks at the public pages.
"""

import pytest
from django.urls import reverse

from challenges.models import ProjectChallenge
from projects.models import Highlight, Project
from resources.models import Resource
from temperatur.models import PendingChange
from tests.factories import (
    make_area,
    make_editor_user,
    make_municipality,
    make_observation,
    make_project,
    make_resource,
)
from tests.helpers import admin_post_data, admin_url

pytestmark = pytest.mark.django_db


def edit(client, obj, **fields):
    """Open ``obj``'s change form, change ``fields``, save; the response to the save."""
    url = admin_url(type(obj), "change", obj.pk)
    response = client.post(url, admin_post_data(client.get(url), **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def review_page(change):
    return reverse("admin:temperatur_pendingchange_change", args=[change.pk])


def public(client, obj):
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    return response.text


@pytest.fixture
def project():
    return make_project(title="Talegenkendelse", summary="Det gamle resumé.")


# Proposing


def test_a_skribents_edit_of_a_published_project_changes_no_public_page(
    skribent_client, project, client
):
    edit(skribent_client, project, title="Talegenkendelse i plejen", summary="Nyt resumé.")

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
    response = edit(skribent_client, project, summary="Nyt resumé.")

    text = skribent_client.get(response["Location"]).text
    assert "venter nu på gennemsyn" in text
    assert "blev ændret" not in text


def test_the_skribent_goes_on_editing_their_pending_version(skribent_client, project):
    edit(skribent_client, project, summary="Nyt resumé.")
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

    edit(skribent_client, project, municipalities=[kolding.pk])

    assert list(project.municipalities.all()) == []
    assert "Kolding Kommune" not in public(client, project)
    form = skribent_client.get(admin_url(Project, "change", project.pk))
    assert form.context["adminform"].form["municipalities"].value() == [kolding.pk]


def test_going_back_to_the_published_values_withdraws_the_change(skribent_client, project):
    edit(skribent_client, project, summary="Nyt resumé.")

    edit(skribent_client, project, summary="Det gamle resumé.")

    assert not PendingChange.objects.open().exists()


def test_a_skribents_edit_of_a_draft_is_saved_at_once(skribent_client):
    draft = make_project(title="Kladde", is_published=False)

    edit(skribent_client, draft, title="Bedre kladde")

    draft.refresh_from_db()
    assert draft.title == "Bedre kladde"
    assert not PendingChange.objects.exists()


def test_a_redaktoers_edit_goes_live_at_once(redaktoer_client, project, client):
    edit(redaktoer_client, project, summary="Rettet af redaktøren.")

    assert "Rettet af redaktøren." in public(client, project)
    assert not PendingChange.objects.exists()


def test_the_redaktoer_sees_that_a_change_waits_on_the_form(
    skribent_client, redaktoer_client, project, skribent
):
    edit(skribent_client, project, summary="Nyt resumé.")

    form = redaktoer_client.get(admin_url(Project, "change", project.pk))

    assert form.context["adminform"].form["summary"].value() == "Det gamle resumé."
    assert f"En ændring fra {skribent.username} venter på gennemsyn" in form.text
    assert review_page(PendingChange.objects.get()) in form.text


def test_a_skribents_change_to_a_published_observation_in_the_inline_waits(skribent_client, client):
    observation = make_observation(description="Data var svære at få.")
    project = observation.project
    new_area = make_area(name="Kompetencer")

    edit(
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

    edit(skribent_client, observation, severity=ProjectChallenge.Severity.HIGH)

    observation.refresh_from_db()
    assert observation.severity == ProjectChallenge.Severity.LOW
    assert PendingChange.objects.get().proposed == {"severity": ProjectChallenge.Severity.HIGH}


def test_a_skribents_edit_of_a_published_resource_waits(skribent_client, client):
    resource = make_resource(title="Tjekliste")

    edit(skribent_client, resource, title="Ny tjekliste")

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

    edit(
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


# Deciding


def test_the_review_page_shows_each_field_old_and_new(skribent_client, redaktoer_client, project):
    edit(skribent_client, project, title="Talegenkendelse i plejen")

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
    edit(skribent_client, project, summary="Skribentens resumé.")
    edit(redaktoer_client, project, summary="Redaktørens resumé.")

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
    edit(skribent_client, project, summary="Nyt resumé.", municipalities=[kolding.pk])
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
    edit(skribent_client, project, slug="ny-adresse")
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
    edit(skribent_client, project, summary="Nyt resumé.")
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
    edit(skribent_client, project, summary="Nyt resumé.")
    change = PendingChange.objects.get()

    response = skribent_client.post(review_page(change), {"_approve": "1"})

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.summary == "Det gamle resumé."


def test_the_writer_may_withdraw_their_change(skribent_client, project):
    edit(skribent_client, project, summary="Nyt resumé.")
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
    edit(skribent_client, project, summary="Nyt resumé.")

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
    edit(skribent_client, project, summary="Nyt resumé.")

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
    edit(skribent_client, project, summary="Nyt resumé.")

    text = skribent_client.get(reverse("admin:index")).text

    assert "Mine ændringer" in text
    assert review_page(PendingChange.objects.get()) in text
    assert "Mine kladder" in text
    assert "Min kladde" in text


def test_a_skribents_restore_of_an_old_version_waits_too(
    skribent_client, redaktoer_client, project, client
):
    edit(redaktoer_client, project, summary="Et nyere resumé.")
    oldest = project.history.earliest()
    url = reverse("admin:projects_project_simple_history", args=[project.pk, oldest.pk])

    response = skribent_client.post(url, admin_post_data(skribent_client.get(url)))

    assert response.status_code == 302
    assert "Et nyere resumé." in public(client, project)
    assert PendingChange.objects.get().proposed == {"summary": "Det gamle resumé."}


def test_a_deleted_rows_change_leaves_the_queue_and_closes_when_opened(
    skribent_client, redaktoer_client, project
):
    edit(skribent_client, project, summary="Nyt resumé.")
    change = PendingChange.objects.get()

    project.delete()

    assert "Ændringer i offentliggjorte" not in redaktoer_client.get(reverse("admin:index")).text
    page = redaktoer_client.get(review_page(change))
    assert "Indholdet findes ikke længere." in page.text
    response = redaktoer_client.post(review_page(change), {"_approve": "1"}, follow=True)
    assert "Indholdet er slettet; ændringen er lukket." in response.text
    change.refresh_from_db()
    assert change.state == PendingChange.State.WITHDRAWN

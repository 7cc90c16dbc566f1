"""Two editors save the same row: the second save never silently overwrites the first.

Each test loads the change form in two clients, as two browsers would, and posts the
forms they got back (``admin_post_data``), hidden edit token included.
"""

import pytest
from django.test import Client

from challenges.models import ProjectChallenge
from projects.models import Project
from resources.models import Resource
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

CONFLICT = "Nogen andre har gemt ændringer i dette projekt, mens du redigerede."


@pytest.fixture
def first():
    client = Client()
    client.force_login(make_editor_user("Redaktør", username="forste"))
    return client


@pytest.fixture
def second():
    # Another Redaktør: a Skribent's save of published content waits for review instead
    # (tests/editors/test_review.py), which these tests are not about.
    client = Client()
    client.force_login(make_editor_user("Redaktør", username="anden"))
    return client


def form_value(response, name):
    return response.context["adminform"].form[name].value()


def changes(response):
    return {change.label: change for change in response.context["edit_conflict"].changes}


def test_the_second_save_is_refused_and_keeps_the_second_editors_input(first, second):
    project = make_project(title="Talegenkendelse", summary="Gammelt resumé.")
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)

    assert first.post(url, admin_post_data(first_form, title="Talegenkendelse i plejen"))
    response = second.post(url, admin_post_data(second_form, summary="Nyt resumé."))

    assert response.status_code == 200
    assert CONFLICT in response.text
    assert CONFLICT in str(response.context["adminform"].form.non_field_errors())
    assert form_value(response, "summary") == "Nyt resumé."
    project.refresh_from_db()
    assert (project.title, project.summary) == ("Talegenkendelse i plejen", "Gammelt resumé.")


def test_the_conflict_lists_what_the_other_editor_changed_and_their_value(first, second):
    project = make_project(title="Talegenkendelse")
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)
    first.post(url, admin_post_data(first_form, title="Talegenkendelse i plejen"))

    response = second.post(url, admin_post_data(second_form, summary="Nyt resumé."))

    listed = changes(response)
    assert list(listed) == ["Titel"]
    assert listed["Titel"].value == "Talegenkendelse i plejen"
    assert listed["Titel"].outcome == "taken"
    assert "Det har den anden redaktør ændret" in response.text
    assert "Talegenkendelse i plejen" in response.text


def test_saving_again_succeeds_and_keeps_both_editors_changes(first, second):
    project = make_project(title="Talegenkendelse", summary="Gammelt resumé.")
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)
    first.post(url, admin_post_data(first_form, title="Talegenkendelse i plejen"))
    conflict = second.post(url, admin_post_data(second_form, summary="Nyt resumé."))

    # The form came back with the first editor's title brought in: the second had not
    # touched it.
    assert form_value(conflict, "title") == "Talegenkendelse i plejen"
    response = second.post(url, admin_post_data(conflict))

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.summary) == ("Talegenkendelse i plejen", "Nyt resumé.")


def test_when_both_change_the_same_field_the_second_editor_chooses(first, second):
    project = make_project(title="Talegenkendelse")
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)
    first.post(url, admin_post_data(first_form, title="Første titel"))

    conflict = second.post(url, admin_post_data(second_form, title="Anden titel"))

    assert changes(conflict)["Titel"].outcome == "both"
    assert changes(conflict)["Titel"].value == "Første titel"
    assert form_value(conflict, "title") == "Anden titel"
    project.refresh_from_db()
    assert project.title == "Første titel"

    assert second.post(url, admin_post_data(conflict)).status_code == 302
    project.refresh_from_db()
    assert project.title == "Anden titel"


def test_many_to_many_changes_are_merged(first, second):
    kolding, vejle = make_municipality(name="Kolding"), make_municipality(name="Vejle")
    project = make_project(municipalities=[kolding])
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)
    first.post(url, admin_post_data(first_form, municipalities=[kolding.pk, vejle.pk]))

    conflict = second.post(url, admin_post_data(second_form, summary="Nyt resumé."))
    assert changes(conflict)["Deltagende kommuner"].value == "Kolding, Vejle"
    assert second.post(url, admin_post_data(conflict)).status_code == 302

    project.refresh_from_db()
    assert set(project.municipalities.all()) == {kolding, vejle}
    assert project.summary == "Nyt resumé."


def test_a_change_to_an_inline_row_elsewhere_is_not_overwritten(first, second):
    observation = make_observation(severity=ProjectChallenge.Severity.LOW)
    project_url = admin_url(Project, "change", observation.project.pk)
    observation_url = admin_url(ProjectChallenge, "change", observation.pk)
    second_form = second.get(project_url)
    first.post(
        observation_url,
        admin_post_data(first.get(observation_url), severity=ProjectChallenge.Severity.HIGH),
    )

    conflict = second.post(project_url, admin_post_data(second_form, title="Ny titel"))

    assert conflict.status_code == 200
    assert [c.outcome for c in conflict.context["edit_conflict"].changes] == ["taken"]
    assert second.post(project_url, admin_post_data(conflict)).status_code == 302
    observation.refresh_from_db()
    observation.project.refresh_from_db()
    assert observation.severity == ProjectChallenge.Severity.HIGH
    assert observation.project.title == "Ny titel"


def test_rows_added_by_both_editors_are_all_kept(first, second):
    project = make_project()
    data, ethics = make_area(name="Data"), make_area(name="Etik")
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)
    first.post(
        url,
        admin_post_data(first_form, **{"challenges-TOTAL_FORMS": 1, "challenges-0-area": data.pk}),
    )

    conflict = second.post(
        url,
        admin_post_data(
            second_form, **{"challenges-TOTAL_FORMS": 1, "challenges-0-area": ethics.pk}
        ),
    )

    # The second editor's new row is still in the form.
    assert conflict.status_code == 200
    (inline,) = [
        i for i in conflict.context["inline_admin_formsets"] if i.formset.prefix == "challenges"
    ]
    assert [form["area"].value() for form in inline.formset.forms] == [str(ethics.pk)]
    assert second.post(url, admin_post_data(conflict)).status_code == 302
    assert {o.area for o in project.challenges.all()} == {data, ethics}


def test_a_row_the_other_editor_deleted_leaves_the_form_when_untouched(first, second):
    observation = make_observation()
    project = observation.project
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)
    first.post(url, admin_post_data(first_form, **{"challenges-0-DELETE": "on"}))
    assert not ProjectChallenge.objects.exists()

    conflict = second.post(url, admin_post_data(second_form, title="Ny titel"))

    assert [c.outcome for c in conflict.context["edit_conflict"].changes] == ["removed"]
    assert second.post(url, admin_post_data(conflict)).status_code == 302
    assert not ProjectChallenge.objects.exists()
    project.refresh_from_db()
    assert project.title == "Ny titel"


def test_edits_to_a_row_the_other_editor_deleted_come_back_as_a_new_row(first, second):
    observation = make_observation(description="")
    project = observation.project
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)
    first.post(url, admin_post_data(first_form, **{"challenges-0-DELETE": "on"}))

    conflict = second.post(
        url, admin_post_data(second_form, **{"challenges-0-description": "Vigtig note."})
    )

    assert [c.outcome for c in conflict.context["edit_conflict"].changes] == ["as_new"]
    assert second.post(url, admin_post_data(conflict)).status_code == 302
    assert [o.description for o in project.challenges.all()] == ["Vigtig note."]


def test_a_form_without_the_edit_token_is_refused_with_a_fresh_one(first):
    project = make_project(title="Talegenkendelse")
    url = admin_url(Project, "change", project.pk)
    data = admin_post_data(first.get(url), title="Ny titel", edit_token=None)

    response = first.post(url, data)

    assert response.status_code == 200
    assert "hvilken udgave af dette projekt du redigerede" in response.text
    project.refresh_from_db()
    assert project.title == "Talegenkendelse"
    assert first.post(url, admin_post_data(response)).status_code == 302


def test_the_edit_token_is_a_hidden_field_in_the_change_form(first):
    project = make_project()

    response = first.get(admin_url(Project, "change", project.pk))

    assert 'type="hidden" name="edit_token"' in response.text


def test_one_editor_saving_twice_in_a_row_is_no_conflict(first):
    resource = make_resource(title="Tjekliste")
    url = admin_url(Resource, "change", resource.pk)
    assert first.post(url, admin_post_data(first.get(url), title="Tjekliste 2")).status_code == 302

    response = first.post(url, admin_post_data(first.get(url), title="Tjekliste 3"))

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Tjekliste 3"


def test_reference_data_are_protected_too(first, admin_client):
    municipality = make_municipality(name="Vejle")
    url = admin_url(type(municipality), "change", municipality.pk)
    first_form, second_form = first.get(url), admin_client.get(url)
    first.post(url, admin_post_data(first_form, name="Vejle Kommune"))

    response = admin_client.post(url, admin_post_data(second_form, code=630))

    assert response.status_code == 200
    assert "Nogen andre har gemt ændringer" in response.text
    municipality.refresh_from_db()
    assert municipality.name == "Vejle Kommune"


# A duplicate that appears between two saves


def _challenges_inline(response):
    (inline,) = [
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "challenges"
    ]
    return inline.formset


def test_the_same_observation_added_by_two_editors_is_a_form_error_on_the_row(first, second):
    project = make_project()
    area = make_area(name="Data")
    url = admin_url(Project, "change", project.pk)
    first_form, second_form = first.get(url), second.get(url)
    row = {"challenges-TOTAL_FORMS": 1, "challenges-0-area": area.pk}
    assert first.post(url, admin_post_data(first_form, **row)).status_code == 302
    conflict = second.post(
        url, admin_post_data(second_form, **row, **{"challenges-0-description": "Min tekst."})
    )
    assert conflict.status_code == 200  # the edit conflict: the first editor's row is new

    retry = second.post(url, admin_post_data(conflict))

    assert retry.status_code == 200
    formset = _challenges_inline(retry)
    (errors,) = [form.non_field_errors() for form in formset.forms if form.non_field_errors()]
    assert "En anden har netop registreret denne udfordring for projektet" in str(errors)
    assert [form["description"].value() for form in formset.forms] == ["Min tekst."]
    assert ProjectChallenge.objects.get().description == ""


def test_a_duplicate_the_checks_miss_is_still_a_form_error_not_a_server_error(first, monkeypatch):
    """Two saves at the same instant can both pass the check; the database refuses the
    second (its unique constraint), and the form comes back with the input kept."""
    from challenges.admin import ProjectChallengeInlineFormSet

    observation = make_observation()
    url = admin_url(Project, "change", observation.project.pk)
    monkeypatch.setattr(ProjectChallengeInlineFormSet, "duplicate_fields", ())
    data = admin_post_data(
        first.get(url),
        **{
            "challenges-TOTAL_FORMS": 2,
            "challenges-1-area": observation.area.pk,
            "challenges-1-description": "Dobbelt.",
        },
    )

    response = first.post(url, data)

    assert response.status_code == 200
    assert "Intet er gemt: en anden har netop gemt noget" in response.text
    assert [form["description"].value() for form in _challenges_inline(response).forms][
        1
    ] == "Dobbelt."
    assert ProjectChallenge.objects.count() == 1

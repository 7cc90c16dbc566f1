"""The two roles, Redaktør and Skribent, through the admin itself; make_editor."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from challenges.models import ProjectChallenge
from projects.models import Project
from resources.models import Advice, Resource
from tests.factories import (
    ensure_editor_groups,
    make_advice,
    make_domain,
    make_municipality,
    make_observation,
    make_project,
    make_resource,
)
from tests.helpers import admin_post_data, admin_url

pytestmark = pytest.mark.django_db

PUBLISHABLE = [Project, ProjectChallenge, Resource, Advice]


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def action_names(client, model):
    response = client.get(admin_url(model, "changelist"))
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def add_project_data(client, **fields):
    response = client.get(admin_url(Project, "add"))
    defaults = {
        "title": "Digital visitation",
        "slug": "digital-visitation",
        "domain": make_domain().pk,
        "owner_type": Project.OwnerType.MUNICIPAL,
        "lead_municipality": make_municipality().pk,
    }
    return admin_post_data(response, **{**defaults, **fields})


# The groups


def test_redaktoer_may_publish_and_delete_content_and_keep_reference_data():
    ensure_editor_groups()
    perms = codenames("Redaktør")
    for model in PUBLISHABLE:
        label = f"{model._meta.app_label}.{{}}_{model._meta.model_name}"
        for action in ("add", "change", "delete", "view", "publish"):
            assert label.format(action) in perms
    assert "projects.delete_municipality" in perms
    assert "challenges.add_measurement" in perms


def test_skribent_may_write_content_but_not_publish_delete_or_change_reference_data():
    ensure_editor_groups()
    perms = codenames("Skribent")
    for model in PUBLISHABLE:
        label = f"{model._meta.app_label}.{{}}_{model._meta.model_name}"
        assert {label.format(a) for a in ("add", "change", "view")} <= perms
        assert label.format("delete") not in perms
        assert label.format("publish") not in perms
    assert "projects.view_municipality" in perms
    assert "projects.change_municipality" not in perms
    assert "challenges.add_measurement" not in perms


@pytest.mark.parametrize("group", ["Redaktør", "Skribent"])
def test_neither_role_may_manage_users_or_groups(group):
    ensure_editor_groups()
    assert not {perm for perm in codenames(group) if perm.startswith("auth.")}


@pytest.mark.parametrize("client_fixture", ["redaktoer_client", "skribent_client"])
def test_neither_role_sees_users_or_groups_in_the_admin(request, client_fixture):
    client = request.getfixturevalue(client_fixture)

    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:auth_user_changelist") not in index.text
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_add")).status_code == 403


# Skribent


def test_skribent_adds_a_draft_project(skribent_client):
    data = add_project_data(skribent_client)

    response = skribent_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 302
    project = Project.objects.get(slug="digital-visitation")
    assert not project.is_published


def test_skribent_cannot_publish_when_adding_even_with_a_crafted_post(skribent_client):
    data = add_project_data(skribent_client, is_published="on")

    skribent_client.post(admin_url(Project, "add"), data)

    assert not Project.objects.get(slug="digital-visitation").is_published


def test_skribent_sees_published_read_only_and_edits_a_draft(skribent_client):
    project = make_project(is_published=False, title="Gammel titel")
    url = admin_url(Project, "change", project.pk)
    response = skribent_client.get(url)
    assert "is_published" not in response.context["adminform"].form.fields
    assert 'name="is_published"' not in response.text

    data = admin_post_data(response, title="Ny titel", ready_for_review="on")
    response = skribent_client.post(url, data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.ready_for_review, project.is_published) == (
        "Ny titel",
        True,
        False,
    )


def test_skribent_cannot_publish_with_a_crafted_change_post(skribent_client):
    project = make_project(is_published=False)
    url = admin_url(Project, "change", project.pk)
    data = admin_post_data(skribent_client.get(url), is_published="on")

    response = skribent_client.post(url, data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert not project.is_published


def test_skribent_cannot_publish_an_observation_inline_on_the_project_page(skribent_client):
    observation = make_observation(is_published=False)
    url = admin_url(Project, "change", observation.project.pk)
    response = skribent_client.get(url)
    (inline,) = [
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "challenges"
    ]
    assert "is_published" not in inline.formset.forms[0].fields
    data = admin_post_data(response, **{"challenges-0-is_published": "on"})

    assert skribent_client.post(url, data).status_code == 302
    observation.refresh_from_db()
    assert not observation.is_published


def test_skribent_editing_a_published_project_leaves_it_published_and_unchanged(skribent_client):
    project = make_project(is_published=True, summary="Resumé.")
    url = admin_url(Project, "change", project.pk)
    data = admin_post_data(skribent_client.get(url), summary="Rettet resumé.")

    assert skribent_client.post(url, data).status_code == 302
    project.refresh_from_db()
    # The edit waits for review (tests/editors/test_review.py).
    assert (project.summary, project.is_published) == ("Resumé.", True)


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda model: model._meta.model_name)
def test_skribent_is_offered_only_mark_for_review(skribent_client, model):
    assert action_names(skribent_client, model) == {"", "mark_ready_for_review"}


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete_selected"])
def test_skribent_crafted_publish_or_delete_action_is_refused(skribent_client, action):
    draft = make_project(is_published=False)
    published = make_project(is_published=True)

    skribent_client.post(
        admin_url(Project, "changelist"),
        {"action": action, "_selected_action": [draft.pk, published.pk], "post": "yes"},
    )

    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.is_published, published.is_published) == (False, True)


def test_skribent_cannot_delete(skribent_client):
    project = make_project()
    url = admin_url(Project, "delete", project.pk)

    assert skribent_client.get(url).status_code == 403
    assert skribent_client.post(url, {"post": "yes"}).status_code == 403
    change = skribent_client.get(admin_url(Project, "change", project.pk))
    assert url not in change.text
    assert Project.objects.filter(pk=project.pk).exists()


def test_skribent_reads_but_cannot_change_reference_data(skribent_client):
    municipality = make_municipality()

    response = skribent_client.get(admin_url(type(municipality), "change", municipality.pk))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert skribent_client.get(admin_url(type(municipality), "add")).status_code == 403


# Redaktør


def test_redaktoer_publishes_through_the_form(redaktoer_client):
    project = make_project(is_published=False, ready_for_review=True)
    url = admin_url(Project, "change", project.pk)
    data = admin_post_data(redaktoer_client.get(url), is_published="on")

    assert redaktoer_client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.is_published, project.ready_for_review) == (True, False)


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda model: model._meta.model_name)
def test_redaktoer_is_offered_every_workflow_action_and_delete(redaktoer_client, model):
    assert action_names(redaktoer_client, model) == {
        "",
        "publish",
        "unpublish",
        "mark_ready_for_review",
        "delete_selected",
    }


def test_redaktoer_publishes_with_the_action(redaktoer_client):
    resource = make_resource(is_published=False)
    advice = make_advice(is_published=False)

    for obj in (resource, advice):
        redaktoer_client.post(
            admin_url(type(obj), "changelist"),
            {"action": "publish", "_selected_action": [obj.pk]},
        )
        obj.refresh_from_db()
        assert obj.is_published


def test_redaktoer_deletes_after_confirming(redaktoer_client):
    project = make_project()
    url = admin_url(Project, "delete", project.pk)

    confirmation = redaktoer_client.get(url)
    assert confirmation.status_code == 200
    assert "Er du sikker" in confirmation.text
    assert Project.objects.filter(pk=project.pk).exists()

    assert redaktoer_client.post(url, {"post": "yes"}).status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


# Passwords


def test_the_admin_refuses_a_password_shorter_than_12_characters(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": "anne", "password1": "kort-kode1", "password2": "kort-kode1"},
    )

    assert response.status_code == 200
    assert "mindst 12 tegn" in response.text
    assert not User.objects.filter(username="anne").exists()


def test_the_admin_accepts_a_password_of_12_characters(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "anne",
            "password1": "gran-fyr-eg1",
            "password2": "gran-fyr-eg1",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(username="anne").check_password("gran-fyr-eg1")


def test_changing_to_a_short_password_is_refused(admin_client):
    user = User.objects.create_user("anne", password="en-lang-adgangskode")
    url = reverse("admin:auth_user_password_change", args=[user.pk])

    response = admin_client.post(url, {"password1": "kort-kode1", "password2": "kort-kode1"})

    assert "mindst 12 tegn" in response.text
    user.refresh_from_db()
    assert user.check_password("en-lang-adgangskode")


# make_editor


def run_make_editor(*args):
    import io

    out = io.StringIO()
    call_command("make_editor", *args, stdout=out)
    return out.getvalue()


def test_make_editor_makes_an_existing_user_staff_in_the_group():
    ensure_editor_groups()
    User.objects.create_user("anne", password="en-lang-adgangskode")

    output = run_make_editor("anne", "--role", "skribent")

    anne = User.objects.get(username="anne")
    assert anne.is_staff
    assert [group.name for group in anne.groups.all()] == ["Skribent"]
    assert "»anne« er nu skribent" in output
    assert anne.has_perm("projects.change_project")
    assert not anne.has_perm("projects.publish_project")


def test_make_editor_moves_a_user_to_the_other_role():
    ensure_editor_groups()
    User.objects.create_user("anne", password="en-lang-adgangskode")
    run_make_editor("anne", "--role", "redaktoer")

    run_make_editor("anne", "--role", "skribent")

    anne = User.objects.get(username="anne")
    assert [group.name for group in anne.groups.all()] == ["Skribent"]
    assert not anne.has_perm("projects.publish_project")


def test_make_editor_says_so_when_the_user_does_not_exist():
    ensure_editor_groups()

    with pytest.raises(CommandError, match="Der findes ingen bruger med brugernavnet »ukendt«"):
        run_make_editor("ukendt", "--role", "redaktoer")


def test_make_editor_refuses_an_unknown_role():
    User.objects.create_user("anne")

    with pytest.raises(CommandError):
        run_make_editor("anne", "--role", "chef")

"""»Vis kladde«: staff see an unpublished page on the public layout; nobody else does."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from projects.models import Project
from resources.models import Resource
from tests.factories import make_observation, make_project, make_record, make_resource

pytestmark = pytest.mark.django_db

BANNER = "Kladde – ikke offentliggjort"


def preview_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def draft_project():
    return make_project(title="Hemmelig kladde", slug="hemmelig", is_published=False)


@pytest.fixture
def draft_resource():
    return make_resource(title="Hemmelig ressource", is_published=False)


@pytest.mark.parametrize("fixture", ["draft_project", "draft_resource"])
def test_staff_see_the_draft_on_the_public_layout_with_a_banner(request, skribent_client, fixture):
    obj = request.getfixturevalue(fixture)

    response = skribent_client.get(preview_url(obj))

    assert response.status_code == 200
    assert BANNER in response.text
    assert obj.title in response.text
    assert 'id="main-content"' in response.text  # the public layout, base.html
    assert change_url(obj) in response.text  # back to editing
    assert '<meta name="robots" content="noindex">' in response.text


@pytest.mark.parametrize("fixture", ["draft_project", "draft_resource"])
def test_the_preview_is_never_stored(request, skribent_client, fixture):
    obj = request.getfixturevalue(fixture)

    control = skribent_client.get(preview_url(obj))["Cache-Control"]

    assert "private" in control
    assert "no-store" in control


@pytest.mark.parametrize("fixture", ["draft_project", "draft_resource"])
def test_anonymous_visitors_never_see_the_draft(request, client, fixture):
    obj = request.getfixturevalue(fixture)

    response = client.get(preview_url(obj))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert obj.title not in response.text
    assert client.get(obj.get_absolute_url()).status_code == 404


def test_logged_in_non_staff_never_see_the_draft(client, draft_project):
    client.force_login(User.objects.create_user("laeser", password="en-lang-adgangskode"))

    response = client.get(preview_url(draft_project))

    assert response.status_code == 302
    assert draft_project.title not in response.text


def test_staff_without_the_right_to_view_get_404(client, draft_project):
    client.force_login(User.objects.create_user("anden", is_staff=True))

    assert client.get(preview_url(draft_project)).status_code == 404


def test_anonymous_never_get_the_preview_from_the_page_cache(
    settings, skribent_client, client, draft_project
):
    settings.CACHE_PAGES = True
    assert skribent_client.get(preview_url(draft_project)).status_code == 200

    response = client.get(preview_url(draft_project))

    assert response.status_code == 302
    assert BANNER not in response.text


def test_the_project_preview_shows_what_the_public_page_will(
    skribent_client, client, draft_project
):
    make_record(project=draft_project)
    observation = make_observation(project=draft_project)

    response = skribent_client.get(preview_url(draft_project))
    Project.objects.filter(pk=draft_project.pk).update(is_published=True)
    public = client.get(draft_project.get_absolute_url())

    assert public.context["areas_met"] == [observation.area]
    assert response.context["areas_met"] == public.context["areas_met"]
    assert len(response.context["record_rows"]) == len(public.context["record_rows"]) == 1


def test_the_project_preview_shows_the_records_and_observations_of_a_published_project(
    skribent_client,
):
    project = make_project()
    make_record(project=project)
    observation = make_observation(project=project)

    response = skribent_client.get(preview_url(project))

    assert response.context["areas_met"] == [observation.area]
    assert len(response.context["record_rows"]) == 1


@pytest.mark.parametrize("model", [Project, Resource])
def test_the_change_form_links_to_the_preview_of_a_draft_only(skribent_client, model):
    factory = make_project if model is Project else make_resource
    draft, published = factory(is_published=False), factory(is_published=True)

    draft_form = skribent_client.get(change_url(draft))
    published_form = skribent_client.get(change_url(published))

    assert "Vis kladde" in draft_form.text
    assert preview_url(draft) in draft_form.text
    assert "Vis kladde" not in published_form.text


def test_an_unknown_row_is_404(skribent_client):
    assert (
        skribent_client.get(reverse("admin:projects_project_preview", args=[99999])).status_code
        == 404
    )

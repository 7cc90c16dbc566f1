"""The editors' admin for the challenges app: every model's pages answer; observed challenges
on a project's page and as their own list. Areas and measurements are in
test_admin_findings.py, records in test_admin_records.py."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from challenges.admin import ProjectChallengeInline
from challenges.models import (
    AreaFinding,
    Challenge,
    ChallengeArea,
    ChallengeRecord,
    Measurement,
    ProjectChallenge,
)
from projects.models import Project
from tests.factories import (
    make_area,
    make_challenge,
    make_domain,
    make_finding,
    make_measurement,
    make_municipality,
    make_observation,
    make_project,
    make_record,
)
from tests.helpers import admin_post_data, admin_url, listed

pytestmark = pytest.mark.django_db

FACTORIES = {
    ChallengeArea: make_area,
    Challenge: make_challenge,
    Measurement: make_measurement,
    AreaFinding: make_finding,
    ProjectChallenge: make_observation,
    ChallengeRecord: make_record,
}

DUPLICATE_MESSAGE = (
    "Projektet har allerede denne udfordring registreret for samme område og måling. "
    "Ret den eksisterende række i stedet, eller fjern denne."
)


def inline_row(index, **fields):
    return {f"challenges-{index}-{name}": value for name, value in fields.items()}


def test_every_registered_model_of_the_app_is_covered_here():
    registered = {model for model in admin.site._registry if model._meta.app_label == "challenges"}
    assert registered == set(FACTORIES)


@pytest.mark.parametrize("model", FACTORIES, ids=lambda model: model._meta.model_name)
def test_changelist_add_and_change_pages_answer(admin_client, model):
    obj = FACTORIES[model]()
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_project_page_edits_observed_challenges_inline(admin_client):
    observation = make_observation()

    response = admin_client.get(admin_url(Project, "change", observation.project.pk))

    inlines = [inline.opts for inline in response.context["inline_admin_formsets"]]
    assert any(isinstance(inline, ProjectChallengeInline) for inline in inlines)
    assert "challenges-0-area" in response.text


def test_adding_a_project_with_two_observed_challenges_creates_both(admin_client):
    first, second = make_area(), make_area()
    challenge = make_challenge(area=first)
    measurement = make_measurement()
    response = admin_client.get(admin_url(Project, "add"))
    data = admin_post_data(
        response,
        title="Robotstøvsugere",
        slug="robotstoevsugere",
        domain=make_domain().pk,
        owner_type=Project.OwnerType.MUNICIPAL,
        lead_municipality=make_municipality().pk,
        **{"challenges-TOTAL_FORMS": 2},
        **inline_row(0, area=first.pk, challenge=challenge.pk, measurement=measurement.pk),
        **inline_row(1, area=second.pk, severity=ProjectChallenge.Severity.HIGH),
    )

    response = admin_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 302
    project = Project.objects.get(slug="robotstoevsugere")
    assert {(o.area, o.challenge, o.measurement, o.severity) for o in project.challenges.all()} == {
        (first, challenge, measurement, None),
        (second, None, None, ProjectChallenge.Severity.HIGH),
    }


def test_inline_refuses_a_challenge_from_another_area(admin_client):
    area, other_area = make_area(), make_area(name="Data og jura")
    foreign = make_challenge(area=other_area)
    project = make_project()
    url = admin_url(Project, "change", project.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{"challenges-TOTAL_FORMS": 1},
        **inline_row(0, area=area.pk, challenge=foreign.pk),
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    (inline,) = [
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "challenges"
    ]
    assert inline.formset.forms[0].errors["challenge"] == [
        "Den konkrete udfordring hører til området »Data og jura«. Vælg en udfordring fra "
        "det valgte område, eller skift område."
    ]
    assert "Vælg en udfordring fra det valgte område" in response.text
    assert not ProjectChallenge.objects.exists()


def test_inline_refuses_a_duplicate_of_an_existing_observation(admin_client):
    existing = make_observation()
    url = admin_url(Project, "change", existing.project.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{"challenges-TOTAL_FORMS": 2},
        **inline_row(1, area=existing.area.pk),
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert DUPLICATE_MESSAGE in response.text
    assert ProjectChallenge.objects.count() == 1


def test_inline_refuses_two_identical_new_observations(admin_client):
    area = make_area()
    response = admin_client.get(admin_url(Project, "add"))
    data = admin_post_data(
        response,
        title="Dobbelt",
        slug="dobbelt",
        domain=make_domain().pk,
        owner_type=Project.OwnerType.MUNICIPAL,
        lead_municipality=make_municipality().pk,
        **{"challenges-TOTAL_FORMS": 2},
        **inline_row(0, area=area.pk),
        **inline_row(1, area=area.pk),
    )

    response = admin_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 200
    assert DUPLICATE_MESSAGE in response.text
    assert not Project.objects.exists()


def test_inline_allows_replacing_a_deleted_observation(admin_client):
    existing = make_observation()
    url = admin_url(Project, "change", existing.project.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{"challenges-TOTAL_FORMS": 2, "challenges-0-DELETE": "on"},
        **inline_row(1, area=existing.area.pk, description="Ny beskrivelse"),
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert ProjectChallenge.objects.get().description == "Ny beskrivelse"


def test_standalone_admin_refuses_a_duplicate_observation_in_danish(admin_client):
    existing = make_observation(measurement=make_measurement())
    response = admin_client.get(admin_url(ProjectChallenge, "add"))
    data = admin_post_data(
        response,
        project=existing.project.pk,
        area=existing.area.pk,
        measurement=existing.measurement.pk,
    )

    response = admin_client.post(admin_url(ProjectChallenge, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Projektet har allerede denne udfordring registreret for samme område og måling. "
        "Ret den eksisterende i stedet."
    ]
    assert ProjectChallenge.objects.count() == 1


def test_standalone_admin_refuses_a_challenge_from_another_area(admin_client):
    foreign = make_challenge()
    response = admin_client.get(admin_url(ProjectChallenge, "add"))
    data = admin_post_data(
        response, project=make_project().pk, area=make_area().pk, challenge=foreign.pk
    )

    response = admin_client.post(admin_url(ProjectChallenge, "add"), data)

    assert "challenge" in response.context["adminform"].form.errors
    assert not ProjectChallenge.objects.exists()


def test_observation_search_finds_the_project_title(admin_client):
    wanted = make_observation(project=make_project(title="Sprogmodel i borgerservice"))
    make_observation()

    response = admin_client.get(admin_url(ProjectChallenge, "changelist"), {"q": "sprogmodel"})

    assert listed(response) == {wanted}


@pytest.mark.parametrize(
    ("parameter", "make_pair"),
    [
        (
            "area__id__exact",
            lambda: (make_observation(area=make_area()), make_observation(area=make_area())),
        ),
        (
            "measurement__id__exact",
            lambda: (
                make_observation(measurement=make_measurement()),
                make_observation(measurement=make_measurement()),
            ),
        ),
        (
            "project__domain__id__exact",
            lambda: (make_observation(), make_observation()),
        ),
    ],
    ids=["area", "measurement", "project-domain"],
)
def test_observation_related_filters(admin_client, parameter, make_pair):
    wanted, other = make_pair()
    path = parameter.removesuffix("__id__exact").split("__")
    target = wanted
    for name in path:
        target = getattr(target, name)

    response = admin_client.get(admin_url(ProjectChallenge, "changelist"), {parameter: target.pk})

    assert listed(response) == {wanted}


def test_observation_severity_filter(admin_client):
    high = make_observation(severity=ProjectChallenge.Severity.HIGH)
    make_observation(severity=ProjectChallenge.Severity.LOW)

    response = admin_client.get(admin_url(ProjectChallenge, "changelist"), {"severity__exact": "3"})

    assert listed(response) == {high}


def test_observation_published_filter(admin_client):
    draft = make_observation(is_published=False)
    make_observation(is_published=True)

    response = admin_client.get(
        admin_url(ProjectChallenge, "changelist"), {"is_published__exact": "0"}
    )

    assert listed(response) == {draft}


def test_project_challenge_area_filter_lists_each_project_once(admin_client):
    area = make_area(slug="data")
    project = make_project()
    make_observation(project=project, area=area)
    make_observation(project=project, area=area, challenge=make_challenge(area=area))
    make_observation(area=make_area())

    response = admin_client.get(admin_url(Project, "changelist"), {"udfordringsomraade": "data"})
    assert list(response.context["cl"].result_list) == [project]

    response = admin_client.get(admin_url(Project, "changelist"))
    assert f"{area.name} (1)" in response.text  # the facet counts projects, not observations


@pytest.mark.parametrize("field", ["project", "area", "challenge", "measurement"])
def test_observation_autocomplete_answers_in_order(admin_client, field):
    # pytest turns the paginator's warning about an unordered queryset into an error.
    make_observation(challenge=make_challenge(), measurement=make_measurement())

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "challenges", "model_name": "projectchallenge", "field_name": field},
    )

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_view_on_site_leads_to_the_public_area_page(admin_client):
    area = make_area(slug="data")
    content_type = ContentType.objects.get_for_model(ChallengeArea)

    response = admin_client.get(admin_url(ChallengeArea, "change", area.pk))
    assert reverse("admin:view_on_site", args=[content_type.pk, area.pk]) in response.text

    response = admin_client.get(reverse("admin:view_on_site", args=[content_type.pk, area.pk]))
    assert response.status_code == 302
    assert response.url == "http://testserver" + reverse("challenges:area", args=["data"])

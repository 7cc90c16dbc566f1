import datetime

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import (
    Domain,
    FundingRound,
    Highlight,
    Municipality,
    Organisation,
    Project,
    Region,
)
from tests.factories import (
    make_domain,
    make_funding_round,
    make_highlight,
    make_municipality,
    make_organisation,
    make_project,
    make_region,
)
from tests.helpers import admin_post_data, listed

pytestmark = pytest.mark.django_db

FACTORIES = {
    Region: make_region,
    Municipality: make_municipality,
    Domain: make_domain,
    Organisation: make_organisation,
    FundingRound: make_funding_round,
    Project: make_project,
    Highlight: lambda: make_highlight(project=make_project()),
}


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_registered_model_of_the_app_is_covered_here():
    registered = {model for model in admin.site._registry if model._meta.app_label == "projects"}
    assert registered == set(FACTORIES)


@pytest.mark.parametrize("model", FACTORIES, ids=lambda model: model._meta.model_name)
def test_changelist_add_and_change_pages_answer(admin_client, model):
    obj = FACTORIES[model]()
    opts = model._meta
    for url in [
        changelist_url(model),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_project_search_finds_title_and_lead_municipality(admin_client):
    by_title = make_project(title="Talegenkendelse i hjemmeplejen")
    by_lead = make_project(lead_municipality=make_municipality(name="Vejle"))
    make_project(title="Noget helt andet")

    response = admin_client.get(changelist_url(Project), {"q": "talegenkendelse"})
    assert listed(response) == {by_title}
    response = admin_client.get(changelist_url(Project), {"q": "vejle"})
    assert listed(response) == {by_lead}


@pytest.mark.parametrize(
    ("field", "factory"),
    [("domain", make_domain), ("region", make_region), ("funding_round", make_funding_round)],
)
def test_project_related_filters(admin_client, field, factory):
    target = factory()
    project = make_project(**{field: target})
    make_project(**{field: factory()})

    response = admin_client.get(changelist_url(Project), {f"{field}__id__exact": target.pk})
    assert listed(response) == {project}


def test_project_owner_type_filter(admin_client):
    regional = make_project(owner_type=Project.OwnerType.REGIONAL)
    make_project(owner_type=Project.OwnerType.MUNICIPAL)

    response = admin_client.get(changelist_url(Project), {"owner_type__exact": "regional"})
    assert listed(response) == {regional}


def test_project_status_filter(admin_client):
    trial = make_project(status=Project.Status.TRIAL)
    make_project(status=Project.Status.SCALING)

    response = admin_client.get(changelist_url(Project), {"status__exact": "afproevning"})
    assert listed(response) == {trial}


def test_project_published_filter(admin_client):
    draft = make_project(is_published=False)
    make_project(is_published=True)

    response = admin_client.get(changelist_url(Project), {"is_published__exact": "0"})
    assert listed(response) == {draft}


def test_project_changelist_shows_owner_and_grant_in_danish(admin_client):
    make_project(
        owner_type=Project.OwnerType.REGIONAL,
        lead_organisation=make_organisation(name="Aarhus Universitetshospital"),
        grant_dkk=1_900_000,
    )

    response = admin_client.get(changelist_url(Project))
    assert "Aarhus Universitetshospital" in response.text
    assert "1.900.000 kr." in response.text


def test_project_changelist_query_count_does_not_grow_with_rows(admin_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(changelist_url(Project)).status_code == 200
        return len(queries)

    def add_projects(count):
        for _ in range(count):
            make_project(funding_round=make_funding_round(), lead_organisation=make_organisation())

    # Two to start with: a filter with a single choice is hidden, which saves its queries.
    add_projects(2)
    few = count_queries()
    add_projects(4)
    assert count_queries() == few


def project_add_data(admin_client, **fields):
    response = admin_client.get(reverse("admin:projects_project_add"))
    defaults = {
        "title": "Digital visitation",
        "slug": "digital-visitation",
        "domain": make_domain().pk,
        "owner_type": Project.OwnerType.MUNICIPAL,
        "lead_municipality": make_municipality().pk,
    }
    return admin_post_data(response, **{**defaults, **fields})


def test_adding_a_valid_project_saves_it(admin_client):
    data = project_add_data(admin_client, start_year=2022, end_year=2024)

    response = admin_client.post(reverse("admin:projects_project_add"), data)

    assert response.status_code == 302
    project = Project.objects.get(slug="digital-visitation")
    assert (project.start_year, project.end_year, project.is_published) == (2022, 2024, False)


def test_editor_marks_what_the_sources_leave_uncertain(admin_client):
    data = project_add_data(
        admin_client,
        title_is_working="on",
        domain_is_inferred="on",
        status=Project.Status.SCALING,
        status_as_of="2021-04-01",
        funding_round=make_funding_round().pk,
        funding_round_is_inferred="on",
        grant_dkk=1_900_000,
        grant_is_approximate="on",
    )

    response = admin_client.post(reverse("admin:projects_project_add"), data)

    assert response.status_code == 302
    project = Project.objects.get(slug="digital-visitation")
    assert project.title_is_working and project.domain_is_inferred
    assert project.funding_round_is_inferred and project.grant_is_approximate
    assert project.status_as_of == datetime.date(2021, 4, 1)


def test_funding_round_admin_edits_rounded_budget_description_and_source(admin_client):
    round_ = make_funding_round()
    url = reverse("admin:projects_fundinground_change", args=[round_.pk])
    data = admin_post_data(
        admin_client.get(url),
        budget_dkk=60_000_000,
        budget_is_approximate="on",
        description="Fire temaer: klima, udsatte, sundhed og administration.",
        source_url="https://example.org/runde",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.budget_is_approximate
    assert round_.description == "Fire temaer: klima, udsatte, sundhed og administration."
    assert round_.source_url == "https://example.org/runde"


def test_municipal_project_without_lead_municipality_is_refused_on_that_field(admin_client):
    data = project_add_data(admin_client, lead_municipality="")

    response = admin_client.post(reverse("admin:projects_project_add"), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["lead_municipality"] == [
        "Et kommunalt projekt skal have en projektejer (kommune). Vælg kommunen her, eller "
        "sæt »Ejer« til »Regionalt«, hvis en region står bag."
    ]
    assert not form.non_field_errors()
    assert "Et kommunalt projekt skal have en projektejer (kommune)." in response.text
    assert not Project.objects.exists()


def test_regional_project_needs_no_lead_municipality(admin_client):
    data = project_add_data(
        admin_client, owner_type=Project.OwnerType.REGIONAL, lead_municipality=""
    )

    response = admin_client.post(reverse("admin:projects_project_add"), data)

    assert response.status_code == 302
    assert Project.objects.get().lead_municipality is None


def test_end_year_before_start_year_is_refused_on_end_year(admin_client):
    data = project_add_data(admin_client, start_year=2024, end_year=2022)

    response = admin_client.post(reverse("admin:projects_project_add"), data)

    form = response.context["adminform"].form
    assert form.errors["end_year"] == [
        "Slutåret (2022) ligger før startåret (2024). Ret et af årene, eller lad slutåret "
        "stå tomt, hvis det ikke er kendt."
    ]
    assert not form.non_field_errors()
    assert not Project.objects.exists()


def test_year_outside_the_allowed_range_is_refused_in_danish(admin_client):
    data = project_add_data(admin_client, start_year=1999)

    response = admin_client.post(reverse("admin:projects_project_add"), data)

    form = response.context["adminform"].form
    assert form.errors["start_year"] == ["Skriv et årstal fra 2000 og frem, fx 2023."]
    assert not Project.objects.exists()


def test_highlights_are_edited_inline_on_the_project(admin_client):
    project = make_project()
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_post_data(
        admin_client.get(url),
        **{
            "highlights-TOTAL_FORMS": 1,
            "highlights-0-text": "Medarbejderne sparede tid på dokumentation.",
            "highlights-0-slug": "sparet-tid",
            "highlights-0-order": 1,
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert project.highlights.get().slug == "sparet-tid"


def test_view_on_site_is_offered_for_published_projects_only(admin_client):
    published = make_project(is_published=True)
    draft = make_project(is_published=False)
    content_type = ContentType.objects.get_for_model(Project)

    def view_on_site(project):
        return reverse("admin:view_on_site", args=[content_type.pk, project.pk])

    response = admin_client.get(reverse("admin:projects_project_change", args=[published.pk]))
    assert view_on_site(published) in response.text
    response = admin_client.get(reverse("admin:projects_project_change", args=[draft.pk]))
    assert view_on_site(draft) not in response.text


def test_publish_action_publishes_the_selected_projects(admin_client):
    drafts = [make_project(is_published=False) for _ in range(2)]
    untouched = make_project(is_published=False)

    response = admin_client.post(
        changelist_url(Project),
        {"action": "publish", "_selected_action": [p.pk for p in drafts]},
        follow=True,
    )

    assert "2 projekter er nu offentliggjort." in response.text
    assert set(Project.objects.filter(is_published=True)) == set(drafts)
    untouched.refresh_from_db()
    assert not untouched.is_published


def test_municipality_search_matches_the_code(admin_client):
    aarhus = make_municipality(name="Aarhus", code=751)
    make_municipality(name="Odense", code=461)

    response = admin_client.get(changelist_url(Municipality), {"q": "751"})
    assert listed(response) == {aarhus}


@pytest.mark.parametrize(
    "field",
    ["domain", "region", "funding_round", "lead_municipality", "lead_organisation"],
)
def test_project_autocomplete_answers_in_order(admin_client, field):
    # pytest turns the paginator's warning about an unordered queryset into an error.
    make_project(funding_round=make_funding_round(), lead_organisation=make_organisation())

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "project", "field_name": field},
    )

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_view_on_site_leads_to_the_public_project_page(admin_client):
    project = make_project(slug="talegenkendelse")
    content_type = ContentType.objects.get_for_model(Project)

    response = admin_client.get(reverse("admin:view_on_site", args=[content_type.pk, project.pk]))

    assert response.status_code == 302
    assert response.url == "http://testserver" + reverse(
        "projects:detail", args=["talegenkendelse"]
    )

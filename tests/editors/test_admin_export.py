"""»Eksportér CSV« on every admin list (temperatur/admin_export.py)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from challenges.models import ProjectChallenge
from projects.models import Project
from tests.factories import (
    make_domain,
    make_municipality,
    make_observation,
    make_project,
    make_staff_user,
)
from tests.helpers import count_queries, read_csv

pytestmark = pytest.mark.django_db


def export_url(model):
    return reverse("admin_export", args=[model._meta.app_label, model._meta.model_name])


def titles(rows):
    column = rows[0].index("Titel")
    return [row[column] for row in rows[1:]]


@pytest.fixture
def many_projects():
    """55 projects in »Sundhed« (more than a list page of 50) and 3 in »Miljø«."""
    health, environment = make_domain(name="Sundhed"), make_domain(name="Miljø")
    lead = make_municipality(name="Aarhus")
    for number in range(55):
        make_project(title=f"Sundhed {number:02}", domain=health, lead_municipality=lead)
    for number in range(3):
        make_project(title=f"Miljø {number}", domain=environment, lead_municipality=lead)
    return health, environment


def test_export_has_every_row_of_every_page(admin_client, many_projects):
    rows = read_csv(admin_client.get(export_url(Project), {"p": "2"}))
    assert len(rows) == 1 + 58


def test_export_applies_the_lists_filter(admin_client, many_projects):
    health, _ = many_projects
    response = admin_client.get(export_url(Project), {"domain__id__exact": health.pk})
    exported = titles(read_csv(response))
    assert exported == [f"Sundhed {number:02}" for number in range(55)]


def test_export_applies_the_lists_search(admin_client, many_projects):
    response = admin_client.get(export_url(Project), {"q": "miljø"})
    assert titles(read_csv(response)) == ["Miljø 0", "Miljø 1", "Miljø 2"]


def test_export_follows_the_lists_sorting(admin_client, many_projects):
    # Column 1 of the list is the title; »-1« sorts by it descending.
    response = admin_client.get(export_url(Project), {"q": "miljø", "o": "-1"})
    assert titles(read_csv(response)) == ["Miljø 2", "Miljø 1", "Miljø 0"]


def test_export_has_danish_headers_and_readable_values(admin_client):
    domain = make_domain(name="Sundhed")
    first, second = make_municipality(name="Aarhus"), make_municipality(name="Odense")
    make_project(
        title="AI i hjemmeplejen",
        domain=domain,
        status=Project.Status.TRIAL,
        lead_municipality=first,
        municipalities=[first, second],
        is_published=True,
    )
    response = admin_client.get(export_url(Project))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, row = read_csv(response)
    values = dict(zip(header, row, strict=True))
    assert values["Titel"] == "AI i hjemmeplejen"
    assert values["Fagområde"] == "Sundhed"
    assert values["Fase"] == "Afprøvning"
    assert values["Projektejer (kommune)"] == "Aarhus"
    assert values["Deltagende kommuner"] == "Aarhus, Odense"
    assert values["Offentliggjort"] == "Ja"
    assert values["Bevilling (kr.)"] == ""


def test_export_changelist_links_to_the_export_with_the_lists_query(admin_client):
    url = reverse("admin:projects_project_changelist")
    content = admin_client.get(url, {"q": "ai", "o": "-1"}).content.decode()
    assert f'href="{export_url(Project)}?q=ai&amp;o=-1"' in content
    assert "Eksportér CSV" in content


def test_export_of_observations_takes_a_fixed_number_of_queries(admin_client):
    make_observation()
    few = count_queries(admin_client, export_url(ProjectChallenge))
    for _ in range(5):
        make_observation()
    assert count_queries(admin_client, export_url(ProjectChallenge)) == few


def test_export_of_projects_takes_a_fixed_number_of_queries(admin_client):
    make_project(municipalities=[make_municipality()])
    few = count_queries(admin_client, export_url(Project))
    for _ in range(5):
        make_project(municipalities=[make_municipality(), make_municipality()])
    assert count_queries(admin_client, export_url(Project)) == few


def test_export_needs_the_right_to_see_the_list(client):
    make_project()
    client.force_login(make_staff_user("challenges.view_projectchallenge"))
    assert client.get(export_url(Project)).status_code == 403
    assert client.get(export_url(ProjectChallenge)).status_code == 200


def test_export_needs_a_login(client):
    response = client.get(export_url(Project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_export_of_an_unknown_list_is_not_found(admin_client):
    url = reverse("admin_export", args=["projects", "findesikke"])
    assert admin_client.get(url).status_code == 404


def test_export_with_an_unusable_filter_goes_back_to_the_list(admin_client):
    response = admin_client.get(export_url(Project), {"findes_ikke__exact": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:projects_project_changelist")


def test_export_of_users_leaves_out_the_passwords(admin_client, admin_user):
    from django.contrib.auth import get_user_model

    response = admin_client.get(export_url(get_user_model()))
    header, *rows = read_csv(response)
    assert "Adgangskode" not in header
    assert not any(admin_user.password in row for row in rows)


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.label_lower
)
def test_every_admin_list_can_be_exported(admin_client, model):
    assert admin_client.get(export_url(model)).status_code == 200

"""A project's page (/projekter/<slug>/)."""

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import (
    make_area,
    make_challenge,
    make_domain,
    make_funding_round,
    make_highlight,
    make_measurement,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_region,
    make_resource,
)
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


# A project's page


def test_detail_shows_everything_about_the_project(client):
    project = make_project(
        title="Talegenkendelse",
        summary="Et kort resumé.",
        description="En længere beskrivelse.",
        lead_municipality=make_municipality(name="Aarhus Kommune"),
        municipalities=[make_municipality(name="Odder Kommune")],
        organisations=[make_organisation(name="KL")],
        region=make_region(name="Region Midtjylland"),
        domain=make_domain(name="Beskæftigelse"),
        status=Project.Status.IMPLEMENTATION,
        funding_round=make_funding_round(name="Runde 2021"),
        grant_dkk=1_900_000,
        start_year=2021,
        end_year=2023,
        highlight="Borgerne tog godt imod det.",
        source_url="https://example.org/kilde",
    )

    response = client.get(project.get_absolute_url())
    page = page_text(response)

    assert response.status_code == 200
    for expected in [
        "Talegenkendelse",
        "Et kort resumé.",
        "En længere beskrivelse.",
        "Kommunalt",
        "Aarhus Kommune",
        "Odder Kommune",
        "KL",
        "Region Midtjylland",
        "Beskæftigelse",
        "Implementering",
        "Runde 2021",
        "1.900.000 kr.",
        "2021–2023",
        "Borgerne tog godt imod det.",
        "Senest opdateret",
    ]:
        assert expected in page, expected
    assert 'href="https://example.org/kilde"' in response.content.decode()


def test_detail_shows_the_highlights_of_the_first_year(client):
    project = make_project()
    make_highlight(project=project, text="Sagsbehandlerne sparede tid.")

    assert "Sagsbehandlerne sparede tid." in page_text(client.get(project.get_absolute_url()))


def test_detail_shows_related_rows_added_after_it_was_first_served(client, settings):
    """The page's SQL is kept per process (``temperatur.core.statements``); its rows are
    read afresh on every request."""
    settings.CHECK_KEPT_STATEMENTS = False  # the kept SQL itself, as in production
    project = make_project(municipalities=[make_municipality(name="Odder Kommune")])
    client.get(project.get_absolute_url())

    project.municipalities.add(make_municipality(name="Skanderborg Kommune"))
    project.organisations.add(make_organisation(name="KL"))
    make_highlight(project=project, text="Sagsbehandlerne sparede tid.")
    make_resource(title="Et værktøj", projects=[project])
    page = page_text(client.get(project.get_absolute_url()))

    for shown in [
        "Odder Kommune",
        "Skanderborg Kommune",
        "KL",
        "Sagsbehandlerne sparede tid.",
        "Et værktøj",
    ]:
        assert shown in page, shown


def test_detail_of_a_project_made_again_under_the_same_address_shows_its_own_rows(client, settings):
    settings.CHECK_KEPT_STATEMENTS = False
    first = make_project(
        slug="talegenkendelse", municipalities=[make_municipality(name="Odder Kommune")]
    )
    client.get(first.get_absolute_url())
    first.delete()

    again = make_project(
        slug="talegenkendelse", municipalities=[make_municipality(name="Skanderborg Kommune")]
    )
    page = page_text(client.get(again.get_absolute_url()))

    assert "Skanderborg Kommune" in page and "Odder Kommune" not in page


def test_detail_shows_the_update_date_in_danish(client):
    project = make_project()
    Project.objects.filter(pk=project.pk).update(published_changed_at="2025-03-04T12:00:00+00:00")

    assert "4. marts 2025" in page_text(client.get(project.get_absolute_url()))


def test_detail_shows_no_update_date_when_it_is_unknown(client):
    """Content loaded from the sources has no known date; the day it was loaded is not one."""
    project = make_project()
    Project.objects.filter(pk=project.pk).update(published_changed_at=None)

    assert "Senest opdateret" not in page_text(client.get(project.get_absolute_url()))


def test_detail_says_ikke_oplyst_for_unknown_fields(client):
    project = make_project(
        owner_type=Project.OwnerType.REGIONAL,
        region=None,
        status="",
        grant_dkk=None,
        funding_round=None,
        source_url="",
    )

    page = page_text(client.get(project.get_absolute_url()))

    for fact in ["Region", "Fase", "Ansøgningsrunde", "Bevilling", "Periode", "Kilde"]:
        assert f"{fact} Ikke oplyst" in page, fact


def test_detail_groups_published_challenges_by_area_with_severity_as_text(client):
    project = make_project()
    data = make_area(name="Datagrundlag", slug="data")
    law = make_area(name="Jura")
    measurement = make_measurement(name="Første måling")
    make_record(project=project, measurement=measurement)
    make_observation(
        project=project,
        area=data,
        challenge=make_challenge(area=data, name="Manglende data"),
        severity=3,
        measurement=measurement,
        description="Data var spredt.",
    )
    make_observation(
        project=project, area=data, challenge=None, severity=None, measurement=measurement
    )
    make_observation(project=project, area=law, severity=1, is_published=False)

    response = client.get(project.get_absolute_url())
    page = page_text(response)

    assert f'<a href="{reverse("challenges:area", args=["data"])}" lang="da">Datagrundlag</a>' in (
        response.content.decode()
    )
    assert "Registreret i Første måling" in page
    for expected in ["Manglende data", "Høj", "Første måling", "Data var spredt.", "Ikke oplyst"]:
        assert expected in page, expected
    # Jura's only observation is unpublished: in a recorded measurement, not met.
    assert "Ikke mødt: Jura" in page
    assert page.count("Jura") == 1
    assert page.count("Datagrundlag") == 2  # the heading and the facts' list of areas


def test_detail_shows_observations_without_a_record_as_single_observations(client):
    project = make_project()
    make_observation(
        project=project,
        area=make_area(name="Datagrundlag"),
        severity=3,
        description="Data var spredt.",
    )

    page = page_text(client.get(project.get_absolute_url()))

    assert "Projektets udfordringer er ikke registreret her." in page
    assert "Enkeltstående registreringer" in page
    assert "Data var spredt." in page
    assert "Udfordringsområder Ikke registreret" in page  # the facts: unknown, not none
    assert "Ikke mødt" not in page


def test_detail_links_published_resources_only(client):
    project = make_project()
    tool = make_resource(title="Et værktøj", projects=[project])
    make_resource(title="En kladde", projects=[project], is_published=False)

    response = client.get(project.get_absolute_url())

    assert f'href="{tool.get_absolute_url()}"' in response.content.decode()
    assert "En kladde" not in page_text(response)


def test_similar_projects_share_the_domain_or_an_area_most_shared_areas_first(client):
    domain = make_domain()
    data, law, ethics = make_area(), make_area(), make_area()
    project = make_project(domain=domain)
    make_record(project=project)
    for area in (data, law, ethics):
        make_observation(project=project, area=area)
    two = make_project(slug="to-omraader", title="Z")
    make_record(project=two)
    make_observation(project=two, area=data)
    make_observation(project=two, area=law)
    one = make_project(slug="et-omraade", title="Y")
    make_record(project=one)
    make_observation(project=one, area=ethics)
    make_project(slug="samme-fagomraade", title="X", domain=domain)
    make_project(slug="intet-til-faelles")
    make_project(slug="kladde", domain=domain, is_published=False)
    hidden = make_project(slug="kun-kladde-observation")
    make_record(project=hidden)
    make_observation(project=hidden, area=data, is_published=False)
    # Single observations (no record) do not make a project similar.
    single = make_project(slug="kun-enkeltstaaende", title="A")
    make_observation(project=single, area=data)
    make_observation(project=single, area=law)

    response = client.get(project.get_absolute_url())

    assert [similar.slug for similar in response.context["similar_projects"]] == [
        "to-omraader",
        "et-omraade",
        "samme-fagomraade",
    ]


def test_similar_projects_are_at_most_five(client):
    domain = make_domain()
    project = make_project(domain=domain)
    for _ in range(7):
        make_project(domain=domain)

    assert len(client.get(project.get_absolute_url()).context["similar_projects"]) == 5


def recorded_project(*, areas, **kwargs):
    """A published project whose record says it met ``areas`` (and no other)."""
    project = make_project(**kwargs)
    make_record(project=project)
    for area in areas:
        make_observation(project=project, area=area)
    return project


def test_similar_projects_in_the_domain_sharing_every_area_outrank_any_earlier_title(client):
    domain = make_domain()
    data, law = make_area(), make_area()
    project = recorded_project(areas=[data, law], domain=domain)
    for number in range(1, 6):
        recorded_project(
            areas=[data, law], slug=f"ens-{number}", title=f"Z {number}", domain=domain
        )
    recorded_project(areas=[data], slug="et-omraade", title="A", domain=domain)
    recorded_project(areas=[data, law], slug="andet-fagomraade", title="B")

    similar = client.get(project.get_absolute_url()).context["similar_projects"]

    assert [p.slug for p in similar] == [f"ens-{number}" for number in range(1, 6)]


def test_similar_projects_below_the_most_alike_fill_the_list_in_rank(client):
    domain = make_domain()
    data, law = make_area(), make_area()
    project = recorded_project(areas=[data, law], domain=domain)
    recorded_project(areas=[data, law], slug="ens-1", title="Z 1", domain=domain)
    recorded_project(areas=[data, law], slug="ens-2", title="Z 2", domain=domain)
    recorded_project(areas=[data, law], slug="begge-andet-fagomraade", title="C")
    recorded_project(areas=[data], slug="et-omraade", title="A", domain=domain)
    recorded_project(areas=[law], slug="et-andet-fagomraade", title="B")
    recorded_project(areas=[], slug="samme-fagomraade", title="D", domain=domain)

    similar = client.get(project.get_absolute_url()).context["similar_projects"]

    assert [p.slug for p in similar] == [
        "ens-1",
        "ens-2",
        "begge-andet-fagomraade",
        "et-omraade",
        "et-andet-fagomraade",
    ]


def test_detail_of_a_draft_is_404(client):
    draft = make_project(is_published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_detail_of_an_unknown_slug_is_404(client):
    assert client.get("/projekter/findes-ikke/").status_code == 404

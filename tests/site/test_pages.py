"""The site's own pages: the front page and the about page.

The layout of every page and the error pages are in test_page_layout.py (with the same
``site``), the query counts of every page in test_page_queries.py.

The front page's figures are checked against a small hand-built site (``site`` below):

    project   owner      domain     round (15 reported)  published  recorded  observations
    kom-1     kommunal   sundhed    runde-1              yes        yes       data, jura
    kom-2     kommunal   sundhed    runde-1              yes        yes       jura
    reg-1     regional   beskaeft   –                    yes        no        etik (single),
                                                                            jura (unpublished)
    draft     kommunal   admin      runde-1              no         yes       etik (does not count)

So: 3 published projects (2 kommunale, 1 regional); sundhed 2, beskaeftigelse 1, and
administration (only a draft) not listed; runde-1: 15 in the round, 2 described here;
2 projects recorded, 1 not; of the 2 recorded, jura met by 2, data by 1, etik by 0
(reg-1's etik is a single observation and never counts).
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import (
    make_area,
    make_domain,
    make_finding,
    make_funding_round,
    make_highlight,
    make_measurement,
    make_observation,
    make_project,
    make_record,
)
from tests.helpers import count_queries, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    data = make_area(name="Data", slug="data", order=1)
    jura = make_area(name="Jura", slug="jura", order=2)
    etik = make_area(name="Etik", slug="etik", order=3)
    sundhed = make_domain(name="Sundhed generelt", slug="sundhed", order=1)
    beskaeftigelse = make_domain(name="Beskæftigelse", slug="beskaeftigelse", order=2)
    administration = make_domain(name="Administration", slug="administration", order=3)
    round_1 = make_funding_round(name="Runde 1", slug="runde-1", year=2020, projects_reported=15)
    kom_1 = make_project(title="Kommunalt 1", slug="kom-1", domain=sundhed, funding_round=round_1)
    kom_2 = make_project(title="Kommunalt 2", slug="kom-2", domain=sundhed, funding_round=round_1)
    reg_1 = make_project(
        title="Regionalt 1",
        slug="reg-1",
        owner_type=Project.OwnerType.REGIONAL,
        domain=beskaeftigelse,
    )
    draft = make_project(
        title="Kladde",
        slug="draft",
        domain=administration,
        funding_round=round_1,
        is_published=False,
    )
    for project in (kom_1, kom_2, draft):
        make_record(project=project)
    make_observation(project=kom_1, area=data)
    make_observation(project=kom_1, area=jura)
    make_observation(project=kom_2, area=jura)
    make_observation(project=reg_1, area=etik)
    make_observation(project=reg_1, area=jura, is_published=False)
    make_observation(project=draft, area=etik)
    return SimpleNamespace(
        data=data,
        jura=jura,
        etik=etik,
        round_1=round_1,
        kom_1=kom_1,
        kom_2=kom_2,
        reg_1=reg_1,
        draft=draft,
    )


# The front page


def test_home_answers_with_what_the_site_is(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = page_text(response)
    assert "investeringsfond for nye teknologier" in page
    assert "signaturprojekter" in page


def test_home_counts_published_projects_by_owner_type(client, site):
    response = client.get(reverse("home"))
    assert response.context["projects_total"] == 3
    assert [(str(row["label"]), row["projects"]) for row in response.context["owner_types"]] == [
        ("Kommunalt", 2),
        ("Regionalt", 1),
    ]
    assert "3 projekter beskrevet her" in page_text(response)


def test_home_counts_published_projects_by_domain(client, site):
    response = client.get(reverse("home"))
    page = page_text(response)
    assert "Sundhed generelt : 2 projekter" in page
    assert "Beskæftigelse : 1 projekt" in page
    assert "Administration" not in page  # only a draft project


def test_home_shows_projects_in_round_and_how_many_are_described(client, site):
    response = client.get(reverse("home"))
    assert "Runde 1 : 15 projekter i runden, heraf 2 beskrevet her" in page_text(response)


def test_home_round_without_reported_figure_shows_the_described_count(client, db):
    round_2 = make_funding_round(name="Runde 2", year=2021)
    make_project(funding_round=round_2)
    response = client.get(reverse("home"))
    assert "Runde 2 : 1 projekt beskrevet her" in page_text(response)


def make_described_round():
    return make_funding_round(
        name="Runde 2",
        year=2021,
        projects_reported=13,
        budget_dkk=60_000_000,
        budget_is_approximate=True,
        description="Temaerne er klima, udsatte, sundhed og administration.",
        source_url="https://example.org/runde-2",
    )


def test_home_shows_each_rounds_budget_description_and_source(client, db):
    make_project(funding_round=make_described_round())

    response = client.get(reverse("home"))
    page = page_text(response)

    assert "13 projekter i runden, heraf 1 beskrevet her; samlet bevilling ca. 60 mio. kr." in page
    assert "Temaerne er klima, udsatte, sundhed og administration." in page
    assert 'href="https://example.org/runde-2"' in response.content.decode()


def test_home_counts_the_projects_whose_round_is_not_stated(client, site):
    # reg-1 has no round.
    assert "Runde ikke oplyst : 1 projekt beskrevet her" in page_text(client.get(reverse("home")))


def test_home_says_nothing_of_unknown_rounds_when_every_project_has_one(client, db):
    make_project(funding_round=make_funding_round())
    assert "Runde ikke oplyst" not in page_text(client.get(reverse("home")))


def test_home_ranks_areas_by_recorded_projects_that_met_them(client, site, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 2
    response = client.get(reverse("home"))
    temperature = response.context["temperature"]
    ranking = [(item.area.slug, item.projects) for item in temperature.ranked()]
    assert ranking == [("jura", 2), ("data", 1), ("etik", 0)]
    assert (temperature.projects_total, temperature.projects_assessed) == (3, 2)
    assert f'href="{site.jura.get_absolute_url()}"' in response.content.decode()
    assert "2 af 2 registrerede projekter" in page_text(response)
    assert ">100\xa0%<" in response.content.decode()


def test_home_below_the_minimum_counts_without_ranking_or_shares(client, site):
    response = client.get(reverse("home"))
    temperature = response.context["temperature"]
    assert [item.area.slug for item in temperature.ranked()] == ["data", "jura", "etik"]
    page = page_text(response)
    assert "For få registrerede projekter til at vise andele" in page
    assert "1 af 2 registrerede projekter" in page
    assert "\xa0%" not in response.content.decode()


def test_home_says_how_many_projects_have_registered_challenges(client, site):
    response = client.get(reverse("home"))
    assert (
        "For 2 af de 3 projekter er udfordringerne registreret; 1 projekt er ikke registreret."
        in page_text(response)
    )


def test_home_counts_only_observations_that_count(client, site):
    response = client.get(reverse("home"))
    by_slug = {item.area.slug: item for item in response.context["temperature"].areas}
    # reg-1's etik is a single observation, the draft is a draft: etik is a known 0 of 2.
    assert (by_slug["etik"].projects, by_slug["etik"].recorded) == (0, 2)
    assert "0 af 2 registrerede projekter" in page_text(response)
    assert "0 af 3" not in page_text(response)


def test_home_shows_the_measurements_findings_beside_the_ranking(client, site):
    measurement = make_measurement(name="Temperaturmåling 2021")
    make_finding(measurement=measurement, area=site.jura, rank=1)
    page = page_text(client.get(reverse("home")))
    assert "Målingerne selv pegede på disse områder:" in page
    assert "Temperaturmåling 2021" in page


def test_home_without_records_says_so_and_shows_the_measurements_findings(client, db):
    project = make_project()
    measurement = make_measurement(name="Temperaturmåling 2021")
    areas = []
    for rank, name in enumerate(["Data", "Jura", "It-infrastruktur"], start=1):
        areas.append(make_area(name=name))
        make_finding(measurement=measurement, area=areas[-1], rank=rank)
    make_observation(project=project, area=areas[2])  # a single observation: not ranked
    response = client.get(reverse("home"))
    page = page_text(response)
    assert not response.context["temperature"].is_recorded
    assert "Ingen offentlig kilde fortæller, hvilke udfordringer de enkelte projekter" in page
    assert "Temperaturmåling 2021" in page
    assert page.index("Data") < page.index("Jura") < page.index("It-infrastruktur")
    assert "<table" not in response.content.decode()
    assert "\xa0%" not in response.content.decode()


def test_home_shows_findings_that_name_areas_without_ranking_them(client, db):
    measurement = make_measurement(name="Temperaturmåling 2021")
    for name in ("Data", "Jura", "It-infrastruktur"):
        make_finding(measurement=measurement, area=make_area(name=name), summary=f"Om {name}.")
    page = page_text(client.get(reverse("home")))
    assert "Om Data." in page and "Om Jura." in page and "Om It-infrastruktur." in page


def test_home_without_projects_shows_no_ranking_of_zeros(client, db):
    make_area(name="Data")
    response = client.get(reverse("home"))
    assert not response.context["temperature"].is_recorded
    assert "<table" not in response.content.decode()
    assert "registrerede projekter" not in page_text(response)


def test_home_highlights_leave_out_those_of_unpublished_projects(client, site):
    make_highlight(text="Erfaring fra et offentliggjort projekt.", project=site.kom_1)
    make_highlight(text="Erfaring fra en kladde.", project=site.draft)
    make_highlight(text="Erfaring uden projekt.")
    response = client.get(reverse("home"))
    page = page_text(response)
    assert "Erfaring fra et offentliggjort projekt." in page
    assert "Erfaring uden projekt." in page
    assert "Erfaring fra en kladde." not in page
    assert f'href="{site.kom_1.get_absolute_url()}"' in response.content.decode()


def test_home_links_to_the_ways_in(client, db):
    content = client.get(reverse("home")).content.decode()
    for name in ("projects:list", "challenges:temperature", "resources:advice", "resources:list"):
        assert f'href="{reverse(name)}"' in content


def test_home_warns_when_it_shows_synthetic_data(client, db):
    make_project(is_synthetic=True)
    assert "Eksempeldata" in page_text(client.get(reverse("home")))


def test_home_without_synthetic_data_shows_no_warning(client, site):
    assert "Eksempeldata" not in page_text(client.get(reverse("home")))


def build_home(n):
    round_ = make_funding_round(projects_reported=n)
    measurement = make_measurement()
    for rank in range(1, n + 1):
        area = make_area()
        project = make_project(funding_round=round_)
        make_record(project=project, measurement=measurement)
        make_observation(project=project, area=area, measurement=measurement)
        make_highlight(project=project)
        make_finding(measurement=measurement, area=area, rank=rank)


def test_home_query_count_does_not_grow_with_the_data(client, db, django_assert_num_queries):
    build_home(2)
    expected = count_queries(client, reverse("home"))
    build_home(28)
    with django_assert_num_queries(expected):
        client.get(reverse("home"))


# The about page


def test_about_describes_the_report_and_its_method(client, db):
    response = client.get(reverse("about"))
    assert response.status_code == 200
    page = page_text(response)
    assert "Temperaturmåling af signaturprojekter med kunstig intelligens" in page
    assert "Digitaliseringsstyrelsen, KL og Danske Regioner" in page
    assert "28. april 2021" in page
    assert "15 interviews" in page


def test_about_lists_the_measurements_with_their_sources(client, db):
    make_measurement(
        name="Statusrapport",
        published_on="2023-02-10",
        publisher="Digitaliseringsstyrelsen",
        method="Interviews og spørgeskema",
        projects_covered=28,
        source_url="https://example.org/status",
    )
    response = client.get(reverse("about"))
    page = page_text(response)
    for expected in ("Statusrapport", "10. februar 2023", "Digitaliseringsstyrelsen", "28"):
        assert expected in page
    assert "Interviews og spørgeskema" in page
    assert 'href="https://example.org/status"' in response.content.decode()


def test_about_lists_the_rounds_with_what_is_described_and_their_sources(client, db):
    make_project(funding_round=make_described_round())
    make_project(funding_round=None)

    response = client.get(reverse("about"))
    page = page_text(response)

    assert "Runde 2 : 13 projekter i runden, heraf 1 beskrevet her" in page
    assert "ca. 60 mio. kr." in page
    assert "Temaerne er klima, udsatte, sundhed og administration." in page
    assert 'href="https://example.org/runde-2"' in response.content.decode()
    assert "Runde ikke oplyst : 1 projekt beskrevet her" in page


def test_about_explains_the_flags_beside_uncertain_facts(client, db):
    page = page_text(client.get(reverse("about")))
    for flag in ("»arbejdstitel«", "»udledt«", "»ca.«", "»pr. april 2021«"):
        assert flag in page, flag


def test_about_shows_the_licence_and_the_accessibility_statement(client, db, settings):
    settings.DATA_LICENSE_NAME = "CC BY 4.0"
    settings.DATA_LICENSE_URL = "https://example.org/licens"
    settings.ACCESSIBILITY_STATEMENT_URL = "https://example.org/was"
    content = client.get(reverse("about")).content.decode()
    assert '<a href="https://example.org/licens">CC BY 4.0</a>' in content
    assert 'href="https://example.org/was"' in content


def test_about_shows_the_contact_address_when_set(client, db, settings):
    settings.CONTACT_EMAIL = "temperatur@example.org"
    assert 'href="mailto:temperatur@example.org"' in client.get(reverse("about")).content.decode()


def test_about_without_contact_address_shows_no_mail_link(client, db, settings):
    settings.CONTACT_EMAIL = ""
    assert "mailto:" not in client.get(reverse("about")).content.decode()


def test_about_query_count_does_not_grow_with_the_data(client, db, django_assert_num_queries):
    for _ in range(2):
        make_measurement()
        make_project(funding_round=make_funding_round())
    expected = count_queries(client, reverse("about"))
    for _ in range(28):
        make_measurement()
        make_project(funding_round=make_funding_round())
        make_project(funding_round=None)
    with django_assert_num_queries(expected):
        client.get(reverse("about"))

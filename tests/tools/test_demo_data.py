"""generate_demo_data, the synthetic-data flag and the banner that says so."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.template.loader import render_to_string
from django.test import RequestFactory

from challenges import population
from challenges.models import ChallengeRecord, ProjectChallenge
from projects.models import Project
from resources.models import Resource
from temperatur.site.context_processors import has_synthetic_data, site
from temperatur.tools import demo
from temperatur.web import cache as page_cache
from tests.factories import make_demo_reference, make_project, make_resource

BANNER = "Siden viser opdigtede eksempelprojekter til demonstration og ydelsesmålinger."


def generate(projects=40, **options):
    out = io.StringIO()
    call_command("generate_demo_data", projects=projects, stdout=out, **options)
    return out.getvalue()


def fingerprint():
    """Everything that makes the generated data what it is, without primary keys."""
    projects = [
        (
            p.slug,
            p.title,
            p.owner_type,
            p.region.slug if p.region else None,
            p.lead_municipality.slug if p.lead_municipality else None,
            p.lead_organisation.slug if p.lead_organisation else None,
            p.domain.slug,
            p.status,
            p.grant_dkk,
            p.is_published,
            tuple(sorted(m.slug for m in p.municipalities.all())),
        )
        for p in Project.objects.synthetic().select_related(
            "region", "lead_municipality", "lead_organisation", "domain"
        )
    ]
    observations = sorted(
        ProjectChallenge.objects.values_list(
            "project__slug", "area__slug", "challenge__slug", "measurement__slug", "severity"
        ),
        key=str,
    ) + sorted(ChallengeRecord.objects.values_list("project__slug", "measurement__slug"), key=str)
    resources = sorted(
        Resource.objects.filter(is_synthetic=True).values_list("slug", "title", "projects__slug"),
        key=str,
    )
    return projects, observations, resources


@pytest.fixture
def reference(db):
    return make_demo_reference()


def test_it_refuses_without_reference_data(db):
    with pytest.raises(CommandError, match="manage.py seed"):
        generate()
    assert not Project.objects.exists()


def test_it_creates_the_projects_asked_for_all_synthetic(reference):
    output = generate(projects=40)
    projects = Project.objects.all()
    assert projects.count() == 40
    assert all(p.is_synthetic for p in projects)
    assert all(p.title.startswith("Eksempelprojekt 00") for p in projects)
    assert Resource.objects.filter(is_synthetic=True).count() == 2
    assert not Resource.objects.filter(is_synthetic=False).exists()
    assert "Oprettede 40 eksempelprojekter" in output


def test_owners_are_consistent(reference):
    generate(projects=60)
    for project in Project.objects.select_related("lead_municipality"):
        if project.owner_type == Project.OwnerType.MUNICIPAL:
            assert project.lead_municipality is not None
            assert project.region_id == project.lead_municipality.region_id
        else:
            assert project.lead_municipality is None
            assert project.region_id is not None
            if project.lead_organisation_id:
                assert project.lead_organisation.region_id == project.region_id
    owner_types = set(Project.objects.values_list("owner_type", flat=True))
    assert owner_types == {Project.OwnerType.MUNICIPAL, Project.OwnerType.REGIONAL}


def test_every_project_has_two_to_eight_published_observations(reference):
    generate(projects=60)
    counts = Project.objects.annotate(n=Count("challenges")).values_list("n", flat=True)
    assert min(counts) >= 2
    assert max(counts) <= 8
    observations = ProjectChallenge.objects.select_related("challenge")
    assert all(o.is_published for o in observations)
    assert {o.severity for o in observations} >= {1, 2, 3}
    assert all(o.challenge is None or o.challenge.area_id == o.area_id for o in observations)
    assert any(o.challenge_id for o in observations)
    assert any(o.measurement_id for o in observations)


def test_most_projects_are_recorded_so_the_demo_shows_all_three_states(reference, client):
    generate(projects=80)
    recorded = Project.objects.filter(records__is_published=True).distinct().count()
    assert 0.75 * 80 <= recorded < 80  # most, not all
    # Some observations of recorded projects stay single (no record in their measurement).
    single = ProjectChallenge.objects.single().filter(project__records__isnull=False)
    assert single.exists()
    assert ProjectChallenge.objects.counted().exists()
    content = client.get("/udfordringer/").content.decode()
    assert "heat heat--unrecorded" in content
    assert "heat heat--none" in content
    assert any(f"heat heat--{level}" in content for level in ("1", "2", "3"))


def test_clearing_removes_the_records_in_bulk_without_history(reference):
    generate(projects=20)
    generate(projects=5, clear=True)
    assert set(ChallengeRecord.objects.values_list("project__slug", flat=True)) <= set(
        Project.objects.synthetic().values_list("slug", flat=True)
    )
    # Deleted in one statement, not row by row: no history of the synthetic rows.
    assert ChallengeRecord.history.count() == 0


def test_resources_are_tied_to_areas_and_synthetic_projects(reference):
    generate(projects=60)
    for resource in Resource.objects.prefetch_related("areas", "projects"):
        assert resource.title.startswith("Eksempelressource")
        assert resource.areas.exists()
        assert resource.projects.exists()
        assert all(project.is_synthetic for project in resource.projects.all())


def test_the_same_seed_gives_the_same_data(reference):
    generate(seed=7)
    first = fingerprint()
    generate(seed=7, clear=True)
    assert fingerprint() == first
    generate(seed=8, clear=True)
    assert fingerprint() != first


def test_it_refuses_to_add_to_earlier_synthetic_data(reference):
    generate()
    with pytest.raises(CommandError, match="--clear"):
        generate()
    assert Project.objects.count() == 40


def test_clear_replaces_synthetic_data_and_keeps_real_rows(reference):
    real = make_project(domain=reference["domains"][0], slug="rigtigt")
    real_resource = make_resource(projects=[real])
    generate(projects=30)
    output = generate(projects=10, clear=True)
    assert "Slettede 30 tidligere eksempelprojekter" in output
    assert Project.objects.synthetic().count() == 10
    assert Project.objects.filter(pk=real.pk).exists()
    assert Resource.objects.filter(pk=real_resource.pk).exists()


def test_clear_alone_removes_the_synthetic_data_and_nothing_else(reference):
    real = make_project(domain=reference["domains"][0], slug="rigtigt")
    real_resource = make_resource(projects=[real])
    generate(projects=30)
    out = io.StringIO()
    call_command("generate_demo_data", clear=True, stdout=out)
    assert "Slettede 30 eksempelprojekter." in out.getvalue()
    assert list(Project.objects.all()) == [real]
    assert list(Resource.objects.all()) == [real_resource]
    assert not has_synthetic_data()
    # The counts kept over every published project follow (challenges.population).
    assert population.stored_rows() == population.recount_rows()
    out = io.StringIO()
    call_command("generate_demo_data", clear=True, stdout=out)
    assert "Der var ingen eksempeldata." in out.getvalue()


def test_without_projects_or_clear_it_says_what_to_give(reference):
    with pytest.raises(CommandError, match="--clear alene"):
        call_command("generate_demo_data", stdout=io.StringIO())


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path,
        }
    }
    settings.CACHE_PAGES = True


@pytest.mark.django_db(transaction=True)
def test_generating_starts_a_new_content_version(file_cache):
    make_demo_reference()
    before = page_cache.content_version()
    generate(projects=5)
    assert page_cache.content_version() != before


def test_ten_thousand_projects_get_numbers_wide_enough():
    assert demo.number_width(40) == 4
    assert demo.number_width(10_000) == 5


def test_has_synthetic_data_follows_projects_and_resources(db):
    assert not has_synthetic_data()
    resource = make_resource(is_synthetic=True)
    assert has_synthetic_data()
    resource.delete()
    make_project(is_synthetic=True)
    assert has_synthetic_data()


def test_has_synthetic_data_is_one_query(db, django_assert_num_queries):
    make_project(is_synthetic=False)
    with django_assert_num_queries(1):
        assert not has_synthetic_data()


@pytest.mark.django_db(transaction=True)
def test_the_flag_is_cached_until_content_changes(file_cache, django_assert_num_queries):
    request = RequestFactory().get("/")
    assert site(request)["HAS_SYNTHETIC_DATA"] is False
    with django_assert_num_queries(0):
        assert site(request)["HAS_SYNTHETIC_DATA"] is False
    make_project(is_synthetic=True)
    assert site(request)["HAS_SYNTHETIC_DATA"] is True


@pytest.mark.django_db(transaction=True)
def test_with_caching_off_the_flag_is_asked_every_time(
    file_cache, settings, django_assert_num_queries
):
    settings.CACHE_PAGES = False
    request = RequestFactory().get("/")
    assert site(request)["HAS_SYNTHETIC_DATA"] is False
    with django_assert_num_queries(1):
        assert site(request)["HAS_SYNTHETIC_DATA"] is False


def test_the_banner_shows_only_with_synthetic_data():
    assert BANNER in render_to_string("includes/_demo_banner.html", {"HAS_SYNTHETIC_DATA": True})
    assert "alert-warning" in render_to_string(
        "includes/_demo_banner.html", {"HAS_SYNTHETIC_DATA": True}
    )
    assert (
        render_to_string("includes/_demo_banner.html", {"HAS_SYNTHETIC_DATA": False}).strip() == ""
    )


@pytest.mark.django_db(transaction=True)
def test_the_planner_knows_the_generated_data():
    """After a bulk load the planner has statistics (SQLite keeps none until ANALYZE) and,
    on PostgreSQL, knows which pages every transaction sees (VACUUM), as autovacuum leaves
    them in production: without that an index cannot answer a count on its own."""
    make_demo_reference()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # an earlier test's statistics would stay
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")
    generate(projects=30)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'projects_project'")
            assert cursor.fetchone()[0] > 0
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'projects_project'")
            assert cursor.fetchone()[0] > 0

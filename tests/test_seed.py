"""The seed fixtures and ``manage.py seed``: the one test file that uses the real content."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from challenges.models import AreaFinding, Challenge, ChallengeArea, Measurement, ProjectChallenge
from projects.management.commands.seed import FIXTURES
from projects.models import Domain, FundingRound, Highlight, Municipality, Project, Region
from resources.models import Advice, Resource

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
SEED_APPS = ("projects", "challenges", "resources")

pytestmark = pytest.mark.django_db


def seed(fixture_dir=FIXTURE_DIR):
    call_command("seed", fixture_dir=fixture_dir, stdout=io.StringIO())


def dump(*, natural_primary=True):
    """The seed apps' data as Django serialises it, in a canonical order for comparing."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        *SEED_APPS,
        natural_foreign=True,
        natural_primary=natural_primary,
        stdout=out,
    )
    objects = json.loads(out.getvalue())
    for item in objects:
        model = apps.get_model(item["model"])
        for field in model._meta.many_to_many:
            item["fields"][field.name] = sorted(item["fields"][field.name])
    return sorted(objects, key=lambda item: json.dumps(item, sort_keys=True))


def counts():
    return {
        model._meta.label: model._default_manager.count()
        for name in SEED_APPS
        for model in apps.get_app_config(name).get_models()
    }


@pytest.fixture
def seeded():
    seed()


@pytest.fixture
def broken_copy(tmp_path):
    """Copy the fixtures to a folder of their own; return a function that edits one of them."""
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURE_DIR, folder)

    def edit(name, change):
        path = folder / f"{name}.json"
        objects = json.loads(path.read_text(encoding="utf-8"))
        change(objects)
        path.write_text(json.dumps(objects, ensure_ascii=False, indent=2), encoding="utf-8")
        return folder

    return edit


def first(objects, model):
    return next(item["fields"] for item in objects if item["model"] == model)


# --- the fixture files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_is_readable_utf8_without_primary_keys(name):
    text = (FIXTURE_DIR / f"{name}.json").read_text(encoding="utf-8")
    objects = json.loads(text)
    assert objects
    assert all("pk" not in item for item in objects)
    assert "\\u00" not in text  # æ, ø and å are written as themselves
    assert text.startswith("[\n  {")  # pretty-printed


def test_each_fixture_loads_by_name_after_the_ones_it_depends_on(settings):
    # `manage.py loaddata regions` finds fixtures/regions.json only when settings.FIXTURE_DIRS
    # lists fixtures/; set here so that the test checks the files, not settings.py.
    settings.FIXTURE_DIRS = [FIXTURE_DIR]
    for name in FIXTURES:
        before = sum(counts().values())
        call_command("loaddata", name, verbosity=0)
        loaded = len(json.loads((FIXTURE_DIR / f"{name}.json").read_text(encoding="utf-8")))
        assert sum(counts().values()) == before + loaded, name


# --- the content ---------------------------------------------------------------------------


def test_five_regions_with_official_codes(seeded):
    assert list(Region.objects.values_list("code", "name", "slug")) == [
        (1081, "Region Nordjylland", "region-nordjylland"),
        (1082, "Region Midtjylland", "region-midtjylland"),
        (1083, "Region Syddanmark", "region-syddanmark"),
        (1084, "Region Hovedstaden", "region-hovedstaden"),
        (1085, "Region Sjælland", "region-sjaelland"),
    ]


def test_98_municipalities_split_by_region(seeded):
    assert Municipality.objects.count() == 98
    per_region = {
        code: Municipality.objects.filter(region__code=code).count()
        for code in (1084, 1085, 1083, 1082, 1081)
    }
    assert per_region == {1084: 29, 1085: 17, 1083: 22, 1082: 19, 1081: 11}


def test_municipalities_have_official_names_codes_and_regions(seeded):
    expected = [
        (101, "Københavns Kommune", "koebenhavns-kommune", 1084),
        (400, "Bornholms Regionskommune", "bornholms-regionskommune", 1084),
        (480, "Nordfyns Kommune", "nordfyns-kommune", 1083),
        (492, "Ærø Kommune", "aeroe-kommune", 1083),
        (707, "Norddjurs Kommune", "norddjurs-kommune", 1082),
        (820, "Vesthimmerlands Kommune", "vesthimmerlands-kommune", 1081),
        (851, "Aalborg Kommune", "aalborg-kommune", 1081),
    ]
    codes = [code for code, *_ in expected]
    assert (
        sorted(
            Municipality.objects.filter(code__in=codes).values_list(
                "code", "name", "slug", "region__code"
            )
        )
        == expected
    )


def test_five_domains_in_the_reports_order(seeded):
    assert list(Domain.objects.values_list("name", flat=True)) == [
        "Sundhed generelt",
        "Kræftbehandling",
        "Beskæftigelse",
        "Administration",
        "Socialområdet",
    ]


def test_three_funding_rounds(seeded):
    assert list(
        FundingRound.objects.values_list("slug", "year", "projects_reported", "budget_dkk")
    ) == [
        ("runde-1", 2020, 15, 67_000_000),
        ("runde-2", 2021, 13, 60_000_000),
        ("runde-3", 2022, 12, 60_000_000),
    ]


def test_seven_challenge_areas_in_order_with_descriptions(seeded):
    areas = list(ChallengeArea.objects.all())
    assert [area.slug for area in areas] == [
        "data",
        "jura",
        "it-infrastruktur",
        "kompetencer",
        "etik",
        "organisering",
        "leverandoerer",
    ]
    assert all(area.description.startswith("Området dækker ") for area in areas)


def test_concrete_challenges_belong_to_their_area(seeded):
    assert set(Challenge.objects.filter(area__slug="data").values_list("name", flat=True)) == {
        "Datakvalitet",
        "Datamængde",
        "Standarder for dataformater",
    }
    assert not Challenge.objects.filter(area__slug="etik").exists()
    assert Challenge.objects.filter(area__slug="organisering").count() == 2


def test_three_measurements_with_findings_and_no_invented_ranks(seeded):
    assert list(Measurement.objects.values_list("slug", "projects_covered")) == [
        ("temperaturmaaling-2021", 15),
        ("statusrapport-2023", 28),
        ("evaluering-2025", 40),
    ]
    assert all(measurement.source_url for measurement in Measurement.objects.all())
    assert set(
        AreaFinding.objects.filter(measurement__slug="temperaturmaaling-2021").values_list(
            "area__slug", flat=True
        )
    ) == {"data", "jura", "it-infrastruktur"}
    assert not AreaFinding.objects.filter(rank__isnull=False).exists()


def test_twelve_published_real_projects_with_sources(seeded):
    projects = Project.objects.all()
    assert projects.count() == 12
    assert all(project.source_url.startswith("https://") for project in projects)
    assert all(project.is_published and not project.is_synthetic for project in projects)
    assert all(project.funding_round.slug == "runde-1" for project in projects)


def test_municipal_projects_have_a_lead_municipality_in_their_region(seeded):
    municipal = Project.objects.filter(owner_type=Project.OwnerType.MUNICIPAL)
    assert municipal.count() == 6
    for project in municipal:
        assert project.lead_municipality is not None
        assert project.region == project.lead_municipality.region


def test_regional_projects_name_their_lead_organisation(seeded):
    regional = Project.objects.filter(owner_type=Project.OwnerType.REGIONAL)
    assert set(regional.values_list("lead_organisation__slug", flat=True)) == {
        "sygehus-lillebaelt",
        "odense-universitetshospital",
        "medcom",
        "telecare-nord",
        "rigshospitalet",
        "universitetshospitalet-sjaelland",
    }
    # The region that owns the MedCom project is not stated in the sources.
    assert regional.get(lead_organisation__slug="medcom").region is None


def test_six_highlights_tied_to_projects_or_copenhagen(seeded):
    highlights = list(Highlight.objects.all())
    assert [highlight.order for highlight in highlights] == [1, 2, 3, 4, 5, 6]
    hvidbog = Highlight.objects.get(slug="hvidbog-fra-koebenhavns-kommune")
    assert hvidbog.project is None
    assert hvidbog.municipality.slug == "koebenhavns-kommune"
    assert sum(highlight.project is not None for highlight in highlights) == 5


def test_only_the_observation_the_report_supports(seeded):
    observation = ProjectChallenge.objects.get()
    assert observation.natural_key() == (
        "intelligent-rehabilitering-air",
        "etik",
        None,
        "temperaturmaaling-2021",
    )
    assert observation.severity is None


def test_ten_pieces_of_advice_numbered_one_to_ten(seeded):
    assert list(Advice.objects.values_list("number", flat=True)) == list(range(1, 11))
    assert Advice.objects.get(number=1).title == (
        "Dan et overblik over eksisterende og potentielt kommende it-systemer"
    )
    assert Advice.objects.get(number=10).title == "Find gode samarbejdspartnere"
    assert Advice.objects.published().count() == 10


def test_every_tool_and_case_is_under_its_area_with_its_publisher(seeded):
    expected = [
        ("data", "case", "Forankring af dataejerskab", None),
        ("jura", "vaerktoej", "Juridisk værktøjskasse", "kl"),
        ("jura", "case", "Anonymisering af data", None),
        ("it-infrastruktur", "case", "Lukket træningsmiljø for kunstig intelligens", None),
        (
            "it-infrastruktur",
            "case",
            "Integration af kunstig intelligens-løsninger i driften",
            None,
        ),
        ("kompetencer", "case", "Kompetencecenter for kunstig intelligens", "koebenhavns-kommune"),
        ("etik", "vaerktoej", "Værktøj til datasamkøring", "dataetisk-raad"),
        ("etik", "case", "Kodeks for kunstig intelligens", "koebenhavns-kommune"),
        ("etik", "case", "Etisk retning for projektet", "aalborg-kommune"),
        ("organisering", "case", "Digitalt laboratorium", "odense-kommune"),
    ]
    found = [
        (
            area.slug,
            resource.kind,
            resource.title,
            resource.publisher.slug if resource.publisher else None,
        )
        for area in ChallengeArea.objects.all()
        for resource in area.resources.exclude(kind=Resource.Kind.REPORT).order_by("-kind", "pk")
    ]
    assert found == expected
    assert (
        Resource.objects.exclude(kind=Resource.Kind.REPORT).filter(is_published=False).count() == 0
    )


def test_the_ethics_case_is_linked_to_the_air_project(seeded):
    case = Resource.objects.get(slug="etisk-retning-for-projektet")
    assert list(case.projects.values_list("slug", flat=True)) == ["intelligent-rehabilitering-air"]


def test_three_reports_with_sources(seeded):
    reports = Resource.objects.filter(kind=Resource.Kind.REPORT).order_by("year")
    assert [(report.year, bool(report.url)) for report in reports] == [
        (2021, True),
        (2023, True),
        (2025, True),
    ]
    assert reports[0].publisher is None  # three publishers, named in the summary
    assert reports[2].publisher.slug == "deloitte"


# --- the command ---------------------------------------------------------------------------


def test_seed_prints_a_danish_summary():
    out = io.StringIO()
    call_command("seed", stdout=out)
    assert "kommuner: 98" in out.getvalue()


def test_seeding_twice_updates_in_place_and_changes_nothing(seeded):
    before_counts, before_rows = counts(), dump(natural_primary=False)
    seed()
    assert counts() == before_counts
    assert dump(natural_primary=False) == before_rows  # same primary keys, same values


def test_seeding_again_restores_edited_content(seeded):
    Region.objects.filter(code=1081).update(name="Forkert navn")
    seed()
    assert Region.objects.get(code=1081).name == "Region Nordjylland"


def _unknown_municipality(objects):
    first(objects, "projects.project")["lead_municipality"] = ["atlantis-kommune"]


def _unknown_area(objects):
    first(objects, "resources.resource")["areas"] = [["ukendt-omraade"]]


def _bad_year(objects):
    first(objects, "projects.project")["start_year"] = "tyve"


def _municipal_without_lead(objects):
    first(objects, "projects.project")["lead_municipality"] = None


@pytest.mark.parametrize(
    ("fixture", "change", "message"),
    [
        ("projects", _unknown_municipality, "atlantis-kommune"),
        ("resources", _unknown_area, "ukendt-omraade"),
        ("projects", _bad_year, "tyve"),
        ("projects", _municipal_without_lead, "projects_project_municipal_has_lead"),
    ],
)
def test_broken_fixture_stops_the_seed_and_loads_nothing(broken_copy, fixture, change, message):
    folder = broken_copy(fixture, change)
    with pytest.raises(CommandError) as error:
        seed(folder)
    assert f"{fixture}.json" in str(error.value)
    assert message in str(error.value)
    # Regions and municipalities loaded before the broken file were rolled back too.
    assert set(counts().values()) == {0}


def test_broken_fixture_leaves_the_previous_seed_untouched(seeded, broken_copy):
    before_counts, before_rows = counts(), dump()
    broken_copy("regions", lambda objects: objects[0]["fields"].update(name="Ændret"))
    folder = broken_copy("resources", _unknown_area)
    with pytest.raises(CommandError, match="resources.json"):
        seed(folder)
    assert counts() == before_counts
    assert dump() == before_rows


def test_missing_fixture_is_refused(tmp_path):
    with pytest.raises(CommandError, match="regions.json"):
        seed(tmp_path)
    assert set(counts().values()) == {0}


@pytest.fixture
def fresh_content_types():
    # `flush` deletes and recreates the content types; the test's rollback brings the old ones
    # back, so the cache must not keep the new ids for later tests.
    yield
    ContentType.objects.clear_cache()


def test_dumpdata_flush_loaddata_gives_back_the_same_data(seeded, tmp_path, fresh_content_types):
    before = dump()
    path = tmp_path / "alt.json"
    call_command(
        "dumpdata",
        *SEED_APPS,
        natural_foreign=True,
        natural_primary=True,
        output=str(path),
        verbosity=0,
    )
    # The seed wrote history rows inside this test's transaction; PostgreSQL truncates a
    # table only once their deferred foreign-key checks have run.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    assert set(counts().values()) == {0}
    call_command("loaddata", str(path), verbosity=0)
    assert dump() == before

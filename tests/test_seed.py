"""The seed fixtures and ``manage.py seed``: the one test file that uses the real content."""

import datetime
import io
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from challenges.models import (
    AreaFinding,
    Challenge,
    ChallengeArea,
    ChallengeRecord,
    Measurement,
    ProjectChallenge,
)
from projects.models import (
    Domain,
    FundingRound,
    Highlight,
    Municipality,
    Organisation,
    Project,
    Region,
)
from resources.models import Advice, Resource
from temperatur.management.commands.seed import FIXTURES

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


def test_the_reports_five_domains_then_klima_from_the_round_2_themes(seeded):
    assert list(Domain.objects.values_list("name", flat=True)) == [
        "Sundhed generelt",
        "Kræftbehandling",
        "Beskæftigelse",
        "Administration",
        "Socialområdet",
        "Klima og miljø",
    ]


def test_three_funding_rounds_with_approximate_budgets_and_sources(seeded):
    assert list(
        FundingRound.objects.values_list(
            "slug", "year", "projects_reported", "budget_dkk", "budget_is_approximate"
        )
    ) == [
        ("runde-1", 2020, 15, 67_000_000, True),
        ("runde-2", 2021, 13, 60_000_000, True),
        ("runde-3", 2022, 12, 60_000_000, True),
    ]
    assert all(round_.source_url.startswith("https://") for round_ in FundingRound.objects.all())
    assert all(round_.description for round_ in FundingRound.objects.all())


def test_round_descriptions_say_what_the_sources_say_and_what_is_not_identified(seeded):
    descriptions = dict(FundingRound.objects.values_list("slug", "description"))
    assert "Tre er ikke identificeret" in descriptions["runde-1"]
    assert "klima, udsatte, sundhed og administration" in descriptions["runde-2"]
    assert (
        "Syddjurs deltager i fire af de seks kommunale projekter: mailsortering, "
        "bygningsadministration, service i ældreplejen og styrket helhedsorienteret "
        "sagsbehandling"
    ) in descriptions["runde-3"]
    assert "ejerne af de tre andre er ikke oplyst" in descriptions["runde-3"]


def test_projects_described_per_round_and_those_whose_round_is_unknown(seeded):
    described = {
        round_.slug: (round_.projects_reported, round_.projects.published().count())
        for round_ in FundingRound.objects.all()
    }
    assert described == {"runde-1": (15, 12), "runde-2": (13, 8), "runde-3": (12, 4)}
    assert set(
        Project.objects.filter(funding_round__isnull=True).values_list("slug", flat=True)
    ) == {"visitering-af-rengoeringshjaelp", "ai-aktindsigt"}


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


def test_the_evaluation_is_the_parties_with_deloittes_assistance(seeded):
    evaluation = Measurement.objects.get(slug="evaluering-2025")
    assert evaluation.publisher == (
        "Digitaliseringsstyrelsen, KL og Danske Regioner med bistand fra Deloitte"
    )
    assert "det ofte er svært at sikre adgang til data af tilstrækkelig høj kvalitet" in (
        evaluation.summary
    )


def test_the_status_report_as_quoted_without_again(seeded):
    report = Measurement.objects.get(slug="statusrapport-2023")
    assert report.publisher == "Digitaliseringsstyrelsen sammen med KL og Danske Regioner"
    assert "årsrapporter" in report.method
    assert "de fleste af projekterne overkommer" in report.summary
    assert "udfordringerne ændrer karakter" in report.summary
    texts = [report.summary, *report.findings.values_list("summary", flat=True)]
    texts += Resource.objects.filter(kind=Resource.Kind.REPORT).values_list("summary", flat=True)
    assert not any(" igen " in text for text in texts)


def test_findings_quote_their_measurement_verbatim_or_not_at_all(seeded):
    quotes = {
        finding.natural_key(): finding.quote
        for finding in AreaFinding.objects.select_related("measurement", "area")
    }
    # The only words quoted for 2021 are English, from another page than the measurement's
    # source: a quote shown under the measurement would be misattributed.
    assert quotes[("temperaturmaaling-2021", "data")] == ""
    assert quotes[("statusrapport-2023", "jura")].startswith(
        "data, infrastruktur og jura, som de fleste af projekterne overkommer"
    )
    assert quotes[("evaluering-2025", "data")] == (
        "det ofte er svært at sikre adgang til data af tilstrækkelig høj kvalitet"
    )
    # SOURCES gives no Danish words of the evaluation's own about the law.
    assert quotes[("evaluering-2025", "jura")] == ""


def test_twenty_six_published_real_projects_each_with_its_own_source(seeded):
    projects = Project.objects.all()
    assert projects.count() == 26
    assert all(project.source_url.startswith("https://") for project in projects)
    assert all(project.is_published and not project.is_synthetic for project in projects)


def test_every_project_in_the_fixture_file_names_its_source():
    objects = json.loads((FIXTURE_DIR / "projects.json").read_text(encoding="utf-8"))
    projects = [item["fields"] for item in objects if item["model"] == "projects.project"]
    assert len(projects) == 26
    assert all(fields["source_url"].startswith("https://") for fields in projects)


def test_working_titles_inferred_domains_and_rounds_are_flagged(seeded):
    def slugs(**flag):
        return set(Project.objects.filter(**flag).values_list("slug", flat=True))

    assert {
        "kunstig-intelligens-i-byggesagsbehandling",
        "beslutningsstoette-til-sanktioner",
        "tidlig-opsporing-kol-og-hjertepatienter",
        "reduceret-straaledosis-ved-skanninger",
        "supercomputer-til-databehandling",
        "energioptimering-af-kommunens-bygninger",
        "telefonvisitation-til-gravide",
        "roentgenbilleder-af-lungerne",
        "knae-roentgenbilleder-for-slidgigt",
    } <= slugs(title_is_working=True)
    assert {"intelligent-rehabilitering-air", "supercomputer-til-databehandling"} <= slugs(
        domain_is_inferred=True
    )
    assert slugs(funding_round_is_inferred=True) == {"energioptimering-af-kommunens-bygninger"}
    # An inferred round is a round: a project whose round is unknown has none to flag.
    assert not Project.objects.filter(
        funding_round__isnull=True, funding_round_is_inferred=True
    ).exists()


def test_the_seeds_phases_describe_april_2021(seeded):
    phased = Project.objects.exclude(status="")
    assert set(phased.values_list("slug", "status_as_of")) == {
        ("fordeling-og-journalisering-af-mails", datetime.date(2021, 4, 1)),
        ("tidlig-opsporing-kol-og-hjertepatienter", datetime.date(2021, 4, 1)),
        ("reduceret-straaledosis-ved-skanninger", datetime.date(2021, 4, 1)),
        ("supercomputer-til-databehandling", datetime.date(2021, 4, 1)),
    }


def test_rounded_grants_are_marked_approximate(seeded):
    grants = dict(
        Project.objects.filter(grant_dkk__isnull=False).values_list("slug", "grant_is_approximate")
    )
    assert grants["fordeling-og-journalisering-af-mails"] is True  # 1,9 mio. kr.
    assert grants["desert-hurtigere-diagnose"] is True  # 8,7 mio. kr.
    assert all(grants.values())  # every source states its amount in millions


def test_air_is_followed_not_joined_by_syddjurs_norddjurs_and_hjoerring(seeded):
    air = Project.objects.get(slug="intelligent-rehabilitering-air")
    assert list(air.municipalities.values_list("slug", flat=True)) == ["viborg-kommune"]
    assert "Syddjurs, Norddjurs og Hjørring Kommuner følger projektet" in air.description


def test_municipal_projects_have_a_lead_municipality_in_their_region(seeded):
    municipal = Project.objects.filter(owner_type=Project.OwnerType.MUNICIPAL)
    assert municipal.count() == 13
    for project in municipal:
        assert project.lead_municipality is not None
        assert project.region == project.lead_municipality.region


def test_regional_projects_name_their_hospital_or_at_least_their_region(seeded):
    regional = Project.objects.filter(owner_type=Project.OwnerType.REGIONAL)
    assert regional.count() == 13
    assert set(regional.values_list("lead_organisation__slug", flat=True)) == {
        "sygehus-lillebaelt",
        "odense-universitetshospital",
        "medcom",
        "telecare-nord",
        "rigshospitalet",
        "universitetshospitalet-sjaelland",
        "amager-og-hvidovre-hospital",
        "regionshospitalet-horsens",
        None,  # the RAIT projects and Region Hovedstaden's round-3 projects: no hospital stated
    }
    for project in regional.filter(lead_organisation__isnull=True):
        assert project.region.slug == "region-hovedstaden"
    # The region that owns the MedCom project is not stated in the sources.
    assert regional.get(lead_organisation__slug="medcom").region is None


def test_hospitals_belong_to_their_region_and_mtic_is_only_a_name(seeded):
    hospitals = dict(
        Organisation.objects.filter(kind=Organisation.Kind.HOSPITAL).values_list(
            "slug", "region__slug"
        )
    )
    assert hospitals["regionshospitalet-horsens"] == "region-midtjylland"
    assert hospitals["amager-og-hvidovre-hospital"] == "region-hovedstaden"
    assert Organisation.objects.get(slug="enversion").kind == Organisation.Kind.SUPPLIER
    mtic = Organisation.objects.get(slug="mtic")
    assert (mtic.name, mtic.kind, mtic.region, mtic.url) == ("MTIC", "", None, "")


def test_six_highlights_tied_to_projects_or_copenhagen(seeded):
    highlights = list(Highlight.objects.all())
    assert [highlight.order for highlight in highlights] == [1, 2, 3, 4, 5, 6]
    hvidbog = Highlight.objects.get(slug="hvidbog-fra-koebenhavns-kommune")
    assert hvidbog.project is None
    assert hvidbog.municipality.slug == "koebenhavns-kommune"
    assert sum(highlight.project is not None for highlight in highlights) == 5


def test_no_project_has_a_seeded_record_or_observation(seeded):
    # No source publishes a project's own challenges; AIR's ethics is a case (below).
    assert not ProjectChallenge.objects.exists()
    assert not ChallengeRecord.objects.exists()


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


def test_the_ethics_case_is_linked_to_the_air_project_and_the_area(seeded):
    case = Resource.objects.get(slug="etisk-retning-for-projektet")
    assert list(case.projects.values_list("slug", flat=True)) == ["intelligent-rehabilitering-air"]
    assert list(case.areas.values_list("slug", flat=True)) == ["etik"]


def test_three_reports_with_sources(seeded):
    reports = Resource.objects.filter(kind=Resource.Kind.REPORT).order_by("year")
    assert [(report.year, bool(report.url)) for report in reports] == [
        (2021, True),
        (2023, True),
        (2025, True),
    ]
    # Three publishers, named in the summary; Deloitte only assisted with the evaluation.
    assert [report.publisher for report in reports] == [None, None, None]
    assert reports[2].summary.startswith(
        "Udgivet af Digitaliseringsstyrelsen, KL og Danske Regioner med bistand fra Deloitte."
    )


# --- the real content on the public pages -----------------------------------------------------


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(without_tags))


def test_front_page_says_how_many_of_each_rounds_projects_are_described(seeded, client):
    page = page_text(client, "/")
    assert "26 projekter beskrevet her" in page
    assert "Runde 1 : 15 projekter i runden, heraf 12 beskrevet her" in page
    assert "Runde 2 : 13 projekter i runden, heraf 8 beskrevet her" in page
    assert "Runde 3 : 12 projekter i runden, heraf 4 beskrevet her" in page
    assert "samlet bevilling ca. 67 mio. kr." in page
    assert "Runde ikke oplyst : 2 projekter beskrevet her" in page


def test_about_page_names_the_evaluations_publishers_and_the_rounds(seeded, client):
    page = page_text(client, "/om/")
    assert "Digitaliseringsstyrelsen, KL og Danske Regioner med bistand fra Deloitte" in page
    assert "Runde 3 : 12 projekter i runden, heraf 4 beskrevet her" in page
    assert "Syddjurs deltager i fire af de seks kommunale projekter" in page


def test_project_list_flags_working_titles_inferred_facts_dates_and_rounded_grants(seeded, client):
    page = page_text(client, "/projekter/")
    for expected in [
        "Kunstig intelligens i byggesagsbehandling (arbejdstitel)",
        "Socialområdet (udledt)",
        "Skalering (pr. april 2021)",
        "Runde 2 (udledt)",
        "ca. 1,9 mio. kr.",
        "ca. 8,7 mio. kr.",
    ]:
        assert expected in page, expected


def test_project_pages_flag_what_the_sources_leave_uncertain(seeded, client):
    supercomputer = page_text(client, "/projekter/supercomputer-til-databehandling/")
    assert "Supercomputer til databehandling (arbejdstitel)" in supercomputer
    assert "Fagområde Sundhed generelt (udledt)" in supercomputer
    assert "Fase Proof of concept (pr. april 2021)" in supercomputer
    esbjerg = page_text(client, "/projekter/visitering-af-rengoeringshjaelp/")
    assert "Ansøgningsrunde Ikke oplyst" in esbjerg
    assert "Bevilling ca. 2,2 mio. kr." in esbjerg
    assert "Periode 2020–2021" in esbjerg


def test_english_pages_flag_the_real_content_in_english(seeded, client):
    page = page_text(client, "/en/projekter/")
    for expected in [
        "Kunstig intelligens i byggesagsbehandling (working title)",
        "Socialområdet (inferred)",
        "Scaling (as of April 2021)",
        "approx. DKK 1.9 million",
    ]:
        assert expected in page, expected
    home = page_text(client, "/en/")
    assert "15 projects in the round, of which 12 described here" in home
    assert "Round not stated : 2 projects described here" in home


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

"""The real content as the seed loads it: the regions, municipalities, rounds, projects,
measurements and resources, and how the pages show it. The seed runs once for the module
(``built_once``); every test sees it as loaded."""

import datetime

import pytest

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
from tests.helpers import built_once
from tests.management.test_seed import seed

pytestmark = pytest.mark.django_db

seeded = built_once(seed)


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

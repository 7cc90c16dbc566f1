"""Synthetic demo data for demonstrations and benchmarks (``generate_demo_data``).

The projects are spread over the real reference data that ``seed`` loads (regions,
municipalities, domains, organisations, funding rounds, challenge areas, concrete
challenges and measurements), so filters and the temperature behave as on a large real
site. Nothing here claims anything about a real organisation: every project and resource
is marked ``is_synthetic`` and its title starts with "Eksempelprojekt 0001:" or
"Eksempelressource 0001:", and the site shows a banner while such rows exist.

The same seed gives the same rows: all randomness comes from one ``random.Random(seed)``
and the reference data is read in a fixed order.
"""

import itertools
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction

from challenges import standing
from challenges.models import (
    Challenge,
    ChallengeArea,
    ChallengeRecord,
    Measurement,
    ProjectChallenge,
)
from projects.models import Domain, FundingRound, Municipality, Organisation, Project, Region
from resources.models import Resource
from temperatur.web.cache import content_signals_paused, schedule_bump

BATCH_SIZE = 1000
# The records' source: synthetic rows have none; this address says so.
DEMO_SOURCE = "https://example.org/eksempeldata"
PROJECT_PREFIX = "eksempelprojekt"
RESOURCE_PREFIX = "eksempelressource"
NOTICE = (
    "Opdigtet eksempel til demonstration og ydelsesmålinger; beskriver ikke et rigtigt projekt."
)

TECHNIQUES = (
    "Maskinlæring",
    "Billedanalyse",
    "Sprogteknologi",
    "Talegenkendelse",
    "Prognosemodel",
    "Beslutningsstøtte",
    "Mønstergenkendelse",
    "Automatisk klassifikation",
)
PURPOSES = (
    "til visitering",
    "i journalføringen",
    "til tidlig opsporing",
    "til sortering af henvendelser",
    "til planlægning af ressourcer",
    "i sagsbehandlingen",
    "til prioritering af ventelister",
    "til kvalitetssikring",
    "til opfølgning på borgerforløb",
    "til vurdering af risiko",
)
RESOURCE_TOPICS = {
    Resource.Kind.TOOL: ("tjekliste", "skabelon", "spørgeramme", "vejledning"),
    Resource.Kind.CASE: ("erfaringer", "forløb", "læringspunkter", "samarbejde"),
    Resource.Kind.REPORT: ("delrapport", "notat", "evaluering", "opsamling"),
}
# Weights by position in the areas' own order: the first ones (data, jura,
# it-infrastruktur in the real measurements) are met most often.
AREA_WEIGHTS = (8, 7, 6, 4, 3, 3, 2)
STATUS_WEIGHTS = {
    Project.Status.PROOF_OF_CONCEPT: 3,
    Project.Status.TRIAL: 4,
    Project.Status.CLINICAL_VALIDATION: 1,
    Project.Status.IMPLEMENTATION: 3,
    Project.Status.SCALING: 1,
    Project.Status.FINISHED: 2,
    "": 1,  # unknown phase
}
HEALTH_WORDS = ("sundhed", "kræft")


class MissingReferenceData(Exception):
    """The reference rows the demo data is spread over are not there: run ``seed`` first."""


class SyntheticDataExists(Exception):
    """Synthetic rows exist already; ``clear=True`` replaces them."""


@dataclass(frozen=True)
class Summary:
    projects: int
    observations: int
    records: int
    participants: int
    resources: int
    removed_projects: int
    seconds: float


@dataclass
class Reference:
    regions: list
    municipalities: list
    municipalities_by_region: dict
    domains: list
    organisations: list
    organisations_by_region: dict
    funding_rounds: list
    areas: list
    challenges_by_area: dict
    measurements: list

    @classmethod
    def load(cls):
        """The reference rows in a fixed order; MissingReferenceData when the key ones lack."""
        regions = list(Region.objects.order_by("code"))
        municipalities = list(Municipality.objects.order_by("code"))
        domains = list(Domain.objects.order_by("order", "slug"))
        areas = list(ChallengeArea.objects.order_by("order", "slug"))
        missing = [
            name
            for name, rows in (
                ("regioner", regions),
                ("kommuner", municipalities),
                ("fagområder", domains),
                ("udfordringsområder", areas),
            )
            if not rows
        ]
        if missing:
            raise MissingReferenceData(missing)
        municipalities_by_region = defaultdict(list)
        for municipality in municipalities:
            municipalities_by_region[municipality.region_id].append(municipality)
        organisations = list(Organisation.objects.order_by("slug"))
        organisations_by_region = defaultdict(list)
        for organisation in organisations:
            if organisation.region_id:
                organisations_by_region[organisation.region_id].append(organisation)
        challenges_by_area = defaultdict(list)
        for challenge in Challenge.objects.order_by("slug"):
            challenges_by_area[challenge.area_id].append(challenge)
        return cls(
            regions=regions,
            municipalities=municipalities,
            municipalities_by_region=municipalities_by_region,
            domains=domains,
            organisations=organisations,
            organisations_by_region=organisations_by_region,
            funding_rounds=list(FundingRound.objects.order_by("year", "slug")),
            areas=areas,
            challenges_by_area=challenges_by_area,
            measurements=list(Measurement.objects.order_by("published_on", "slug")),
        )


def number_width(count):
    return max(4, len(str(count)))


def clear_synthetic():
    """Delete every synthetic project and resource, their observations and links; return
    how many projects went.

    The observations, the bulk of the rows, go in one DELETE: they were created in bulk
    without signals, and deleting them one by one would send one per row (each touching
    its project, each recording history), which takes minutes for 10,000 projects.
    """
    projects = Project.objects.filter(is_synthetic=True)
    removed = projects.count()
    with content_signals_paused():
        ids_sql, params = projects.values("pk").query.sql_with_params()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in (ProjectChallenge, ChallengeRecord):
                cursor.execute(
                    f"DELETE FROM {quote(model._meta.db_table)} "
                    f"WHERE {quote(model._meta.get_field('project').column)} IN ({ids_sql})",
                    params,
                )
        Resource.objects.filter(is_synthetic=True).delete()
        projects.delete()
    return removed


def generate(*, projects, seed=1, clear=False, batch_size=BATCH_SIZE):
    """Create ``projects`` synthetic projects, their observations and some resources.

    One transaction: either all of it is there afterwards or none of it.
    """
    started = time.perf_counter()
    with transaction.atomic():
        reference = Reference.load()
        removed = 0
        if clear:
            removed = clear_synthetic()
        elif (
            Project.objects.filter(is_synthetic=True).exists()
            or Resource.objects.filter(is_synthetic=True).exists()
        ):
            raise SyntheticDataExists()
        rng = random.Random(seed)
        builder = _Builder(reference, rng, projects)
        project_rows = Project.objects.bulk_create(
            [builder.project(number) for number in range(1, projects + 1)], batch_size=batch_size
        )
        observations, records, participants, joined = [], [], [], []
        for project in project_rows:
            observed = builder.observations(project)
            observations.extend(observed)
            records.extend(builder.records(project, observed))
            participants.extend(builder.participants(project))
            joined.extend(builder.joined_organisations(project))
        ProjectChallenge.objects.bulk_create(observations, batch_size=batch_size)
        ChallengeRecord.objects.bulk_create(records, batch_size=batch_size)
        Project.municipalities.through.objects.bulk_create(participants, batch_size=batch_size)
        Project.organisations.through.objects.bulk_create(joined, batch_size=batch_size)
        resources = builder.resources(project_rows, batch_size)
        # bulk_create sends no signals: the summary of the projects' standing is written
        # again, and a new content version starts for the caches.
        standing.rebuild()
        schedule_bump()
    return Summary(
        projects=len(project_rows),
        observations=len(observations),
        records=len(records),
        participants=len(participants),
        resources=resources,
        removed_projects=removed,
        seconds=time.perf_counter() - started,
    )


class _Builder:
    """Makes the unsaved rows; every random choice goes through ``self.rng``."""

    def __init__(self, reference, rng, count):
        self.ref = reference
        self.rng = rng
        self.width = number_width(count)
        self.area_weights = list(
            itertools.accumulate(
                AREA_WEIGHTS[i] if i < len(AREA_WEIGHTS) else 1 for i in range(len(reference.areas))
            )
        )
        self.statuses = list(STATUS_WEIGHTS)
        self.status_weights = list(STATUS_WEIGHTS.values())

    def _domain(self, owner_type):
        """Regions run the hospitals: health domains weigh more for regional projects."""
        weights = []
        for domain in self.ref.domains:
            health = any(word in domain.name.lower() for word in HEALTH_WORDS)
            weights.append(3 if health == (owner_type == Project.OwnerType.REGIONAL) else 1)
        return self.rng.choices(self.ref.domains, weights)[0]

    def project(self, number):
        rng = self.rng
        ref = self.ref
        owner_type = rng.choice(Project.OwnerType.values)
        lead_municipality = lead_organisation = None
        if owner_type == Project.OwnerType.MUNICIPAL:
            lead_municipality = rng.choice(ref.municipalities)
            region_id = lead_municipality.region_id
        else:
            region_id = rng.choice(ref.regions).pk
            local = ref.organisations_by_region.get(region_id)
            if local and rng.random() < 0.6:
                lead_organisation = rng.choice(local)
        domain = self._domain(owner_type)
        funding_round = (
            rng.choice(ref.funding_rounds) if ref.funding_rounds and rng.random() < 0.9 else None
        )
        start_year = funding_round.year if funding_round else rng.randint(2019, 2024)
        duration = rng.choice((None, 1, 1, 2, 2, 3))
        technique, purpose = rng.choice(TECHNIQUES), rng.choice(PURPOSES)
        label = f"{number:0{self.width}d}"
        return Project(
            title=f"Eksempelprojekt {label}: {technique} {purpose}",
            slug=f"{PROJECT_PREFIX}-{label}",
            summary=f"{technique} {purpose} inden for {domain.name.lower()}. {NOTICE}",
            description=(
                f"{NOTICE}\n\nProjektet afprøver {technique.lower()} {purpose} inden for "
                f"{domain.name.lower()}. Det er lavet for at vise, hvordan siden ser ud og "
                "svarer med mange projekter."
            ),
            owner_type=owner_type,
            region_id=region_id,
            lead_municipality=lead_municipality,
            lead_organisation=lead_organisation,
            domain=domain,
            status=rng.choices(self.statuses, self.status_weights)[0],
            funding_round=funding_round,
            grant_dkk=rng.randrange(5, 90) * 100_000 if rng.random() < 0.85 else None,
            start_year=start_year,
            end_year=start_year + duration if duration else None,
            is_published=rng.random() < 0.97,
            is_synthetic=True,
        )

    def observations(self, project):
        """2–8 observed challenges, never the same (area, challenge, measurement) twice."""
        rng = self.rng
        wanted = rng.randint(2, 8)
        seen = set()
        rows = []
        for _attempt in range(wanted * 4):
            if len(rows) == wanted:
                break
            area = rng.choices(self.ref.areas, cum_weights=self.area_weights)[0]
            challenges = self.ref.challenges_by_area.get(area.pk)
            challenge = rng.choice(challenges) if challenges and rng.random() < 0.5 else None
            measurement = (
                rng.choice(self.ref.measurements)
                if self.ref.measurements and rng.random() < 0.6
                else None
            )
            key = (
                area.pk,
                challenge.pk if challenge else None,
                measurement.pk if measurement else None,
            )
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                ProjectChallenge(
                    project_id=project.pk,
                    area_id=key[0],
                    challenge_id=key[1],
                    measurement_id=key[2],
                    severity=rng.choices((1, 2, 3, None), (30, 40, 25, 5))[0],
                    description=(
                        f"Opdigtet eksempel på en udfordring med {area.name.lower()}."
                        if rng.random() < 0.3
                        else ""
                    ),
                    is_published=True,
                )
            )
        return rows

    def records(self, project, observations):
        """Records of most projects, so that the demo shows all three states of a heat map.

        About one project in eight stays unrecorded (its observations are single ones); the
        others get a record for the measurements of their observations, each with a chance
        of 1 in 10 of being left out (its observations then stay single), and sometimes one
        more for a measurement in which they met nothing.
        """
        rng = self.rng
        if rng.random() < 0.125:
            return []
        keys = {observation.measurement_id for observation in observations}
        if self.ref.measurements and rng.random() < 0.2:
            keys.add(rng.choice(self.ref.measurements).pk)
        ordered = sorted(keys, key=lambda key: (key is not None, key or 0))
        chosen = [key for key in ordered if rng.random() < 0.9] or ordered[:1]
        return [
            ChallengeRecord(
                project_id=project.pk,
                measurement_id=key,
                source_url=DEMO_SOURCE,
                note=NOTICE,
                is_published=True,
            )
            for key in chosen
        ]

    def participants(self, project):
        """Other municipalities taking part, mostly from the project's own region."""
        rng = self.rng
        count = rng.choice((0, 0, 0, 1, 1, 2, 3))
        if not count:
            return []
        nearby = self.ref.municipalities_by_region.get(project.region_id) or []
        pool = nearby if nearby and rng.random() < 0.7 else self.ref.municipalities
        chosen = {m.pk for m in rng.sample(pool, min(count, len(pool)))}
        chosen.discard(project.lead_municipality_id)
        through = Project.municipalities.through
        return [through(project_id=project.pk, municipality_id=pk) for pk in sorted(chosen)]

    def joined_organisations(self, project):
        rng = self.rng
        if not self.ref.organisations or rng.random() >= 0.2:
            return []
        organisation = rng.choice(self.ref.organisations)
        if organisation.pk == project.lead_organisation_id:
            return []
        through = Project.organisations.through
        return [through(project_id=project.pk, organisation_id=organisation.pk)]

    def resources(self, projects, batch_size):
        """One synthetic resource per 20 projects (at least one), each tied to areas and
        projects; no publisher, since naming a real one would be a claim about it."""
        rng = self.rng
        count = max(1, len(projects) // 20)
        width = number_width(count)
        rows = []
        for number in range(1, count + 1):
            kind = rng.choice(Resource.Kind.values)
            topic = rng.choice(RESOURCE_TOPICS[kind])
            label = f"{number:0{width}d}"
            rows.append(
                Resource(
                    kind=kind,
                    title=f"Eksempelressource {label}: {topic} om kunstig intelligens",
                    slug=f"{RESOURCE_PREFIX}-{label}",
                    summary=f"En opdigtet {topic}. {NOTICE}",
                    year=rng.randint(2020, 2025),
                    is_published=True,
                    is_synthetic=True,
                )
            )
        rows = Resource.objects.bulk_create(rows, batch_size=batch_size)
        area_links, project_links = [], []
        area_through = Resource.areas.through
        project_through = Resource.projects.through
        for resource in rows:
            for area in rng.sample(self.ref.areas, min(rng.randint(1, 3), len(self.ref.areas))):
                area_links.append(area_through(resource_id=resource.pk, challengearea_id=area.pk))
            for project in rng.sample(projects, min(rng.randint(1, 5), len(projects))):
                project_links.append(
                    project_through(resource_id=resource.pk, project_id=project.pk)
                )
        area_through.objects.bulk_create(area_links, batch_size=batch_size)
        project_through.objects.bulk_create(project_links, batch_size=batch_size)
        return len(rows)

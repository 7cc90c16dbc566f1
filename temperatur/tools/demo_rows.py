"""The synthetic rows themselves (``temperatur.tools.demo``): titles, words, weights, and a
builder that makes each unsaved row from one random generator."""

import itertools

from challenges.models import (
    ChallengeRecord,
    ProjectChallenge,
)
from projects.models import Project
from resources.models import Resource

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


def number_width(count):
    return max(4, len(str(count)))


class Builder:
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

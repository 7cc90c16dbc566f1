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
from temperatur.tools.demo_rows import (  # noqa: F401  (number_width: the command's)
    Builder,
    number_width,
)
from temperatur.web.cache import content_signals_paused, schedule_bump

BATCH_SIZE = 1000


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


def remove():
    """Remove every synthetic project and resource; returns how many projects there were."""
    with transaction.atomic():
        removed = clear_synthetic()
    refresh_statistics()
    return removed


def refresh_statistics():
    """After a bulk load or removal: the query planner's statistics of the tables again.

    The planner chooses indexes by them. PostgreSQL's autovacuum gathers them in time (and
    pg_restore's documentation advises ANALYZE after a bulk load); SQLite keeps none until
    ANALYZE runs, and without them it read a filtered temperature's counts the slow way
    (2.6 ms instead of 0.4 at 10,000 projects). On PostgreSQL it is VACUUM (ANALYZE), what
    autovacuum does after many inserts: it also marks the pages whose rows every
    transaction sees, so that an index answers without the table (a filtered temperature's
    counts at 10,000 projects: 23 ms before, 11 ms after). VACUUM runs outside a
    transaction only: inside one (a caller's, a test's) it is ANALYZE alone.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    statement = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)


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
        builder = Builder(reference, rng, projects)
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
    refresh_statistics()
    return Summary(
        projects=len(project_rows),
        observations=len(observations),
        records=len(records),
        participants=len(participants),
        resources=resources,
        removed_projects=removed,
        seconds=time.perf_counter() - started,
    )

"""The summary of where projects stand (challenges.standing) never drifts from its data,
nor do the counts over every published project kept from it (challenges.population).

After any sequence of writes through the ORM (saves, deletes, moves between projects,
publishing and taking down observations, records and projects, ``QuerySet.update()`` and
``QuerySet.delete()``), the summary's rows equal a recount from scratch of the raw
observations and records, and the kept counts a recount of the summary and the records.
"""

from collections import defaultdict

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from challenges import population, prevalence, standing
from challenges.models import ChallengeRecord, ProjectChallenge, Standing
from projects.models import Project
from tests.factories import (
    make_area,
    make_challenge,
    make_measurement,
    make_observation,
    make_project,
    make_record,
)


def recount():
    """The rows the summary must hold, from the observations and records themselves."""
    records = {
        (record.project_id, record.measurement_id or 0)
        for record in ChallengeRecord.objects.filter(is_published=True)
    }
    highest = defaultdict(lambda: None)
    seen = set()
    for observation in ProjectChallenge.objects.filter(is_published=True):
        key = observation.measurement_id or 0
        if (observation.project_id, key) not in records:
            continue
        items = [(observation.area_id, None)]
        if observation.challenge_id:
            items.append((observation.area_id, observation.challenge_id))
        for measurement_key in (key, None):
            for area, challenge in items:
                row = (observation.project_id, measurement_key, area, challenge)
                seen.add(row)
                if observation.severity is not None:
                    highest[row] = max(highest[row] or 0, observation.severity)
    return {row + (highest[row],) for row in seen}


def summary():
    return set(
        Standing.objects.values_list(
            "project_id", "measurement_key", "area_id", "challenge_id", "severity"
        )
    )


PROJECTS, AREAS, MEASUREMENTS = 3, 2, 2

operation = st.one_of(
    st.tuples(
        st.just("observe"),
        st.integers(0, PROJECTS - 1),
        st.integers(0, AREAS - 1),
        st.booleans(),  # with the area's concrete challenge
        st.integers(-1, MEASUREMENTS - 1),  # -1: outside the measurements
        st.sampled_from([None, 1, 2, 3]),
        st.booleans(),  # published
    ),
    st.tuples(
        st.just("record"),
        st.integers(0, PROJECTS - 1),
        st.integers(-1, MEASUREMENTS - 1),
        st.booleans(),
    ),
    st.tuples(st.just("toggle"), st.sampled_from(["observation", "record"]), st.integers(0, 20)),
    st.tuples(
        st.just("move"),
        st.sampled_from(["observation", "record"]),
        st.integers(0, 20),
        st.integers(0, PROJECTS - 1),
    ),
    st.tuples(st.just("remeasure"), st.integers(0, 20), st.integers(-1, MEASUREMENTS - 1)),
    st.tuples(st.just("delete"), st.sampled_from(["observation", "record"]), st.integers(0, 20)),
    st.tuples(st.just("bulk"), st.sampled_from(["observation", "record"]), st.booleans()),
    st.tuples(st.just("delete-project"), st.integers(0, PROJECTS - 1)),
    st.tuples(st.just("publish-project"), st.integers(0, PROJECTS - 1), st.booleans()),
    st.tuples(st.just("publish-projects"), st.booleans()),
)


def nth(model, index):
    rows = list(model.objects.order_by("pk"))
    return rows[index % len(rows)] if rows else None


class StandingFollowsEveryWrite(TestCase):
    def setUp(self):
        self.projects = [make_project(is_published=bool(n % 2)) for n in range(PROJECTS)]
        self.areas = [make_area() for _ in range(AREAS)]
        self.challenges = [make_challenge(area=area) for area in self.areas]
        self.measurements = [make_measurement() for _ in range(MEASUREMENTS)]
        # A start where every write matters: each project recorded outside the measurements
        # and in the first one, with an observation in each.
        for project in self.projects:
            for measurement in (None, self.measurements[0]):
                make_record(project=project, measurement=measurement)
                make_observation(
                    project=project, area=self.areas[0], measurement=measurement, severity=2
                )
        assert summary() == recount() != set()
        assert population.stored_rows() == population.recount_rows() != set()

    def measurement(self, index):
        return None if index < 0 else self.measurements[index]

    def project(self, index):
        return Project.objects.filter(pk=self.projects[index].pk).first()

    def apply(self, step):
        kind, *args = step
        models = {"observation": ProjectChallenge, "record": ChallengeRecord}
        if kind == "observe":
            project, area, with_challenge, measurement, severity, published = args
            if self.project(project) is None:
                return
            make_observation(
                project=self.projects[project],
                area=self.areas[area],
                challenge=self.challenges[area] if with_challenge else None,
                measurement=self.measurement(measurement),
                severity=severity,
                is_published=published,
            )
        elif kind == "record":
            project, measurement, published = args
            if self.project(project) is None:
                return
            make_record(
                project=self.projects[project],
                measurement=self.measurement(measurement),
                is_published=published,
            )
        elif kind == "toggle":
            row = nth(models[args[0]], args[1])
            if row is not None:
                row.is_published = not row.is_published
                row.save()
        elif kind == "move":
            row, project = nth(models[args[0]], args[1]), self.project(args[2])
            if row is not None and project is not None:
                row.project = project
                row.save()
        elif kind == "remeasure":
            row = nth(ProjectChallenge, args[0])
            if row is not None:
                row.measurement = self.measurement(args[1])
                row.save()
        elif kind == "delete":
            row = nth(models[args[0]], args[1])
            if row is not None:
                models[args[0]].objects.filter(pk=row.pk).delete()
        elif kind == "bulk":
            models[args[0]].objects.filter(project=self.projects[0]).update(is_published=args[1])
        elif kind == "delete-project":
            Project.objects.filter(pk=self.projects[args[0]].pk).delete()
        elif kind == "publish-project":
            project = self.project(args[0])
            if project is not None:
                project.is_published = args[1]
                project.save()
        elif kind == "publish-projects":
            Project.objects.filter(pk__in=[p.pk for p in self.projects[1:]]).update(
                is_published=args[0]
            )

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operation, max_size=14))
    def test_the_summary_equals_a_recount_after_any_writes(self, steps):
        for step in steps:
            try:
                with transaction.atomic():
                    self.apply(step)
            except IntegrityError:
                pass  # the same observation or record twice: refused, nothing changed
            assert summary() == recount(), step
            # The counts over every published project (challenges.population) too.
            assert population.stored_rows() == population.recount_rows(), step


@pytest.mark.django_db
def test_a_failed_write_leaves_the_summary_as_it_was():
    project = make_project()
    area = make_area()
    make_record(project=project)
    make_observation(project=project, area=area, severity=2)
    before = summary()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_observation(project=project, area=area, severity=3)  # the same one again
    assert summary() == before == recount()


@pytest.mark.django_db
def test_rebuild_after_writes_that_send_no_signals():
    project = make_project()
    area = make_area()
    ChallengeRecord.objects.bulk_create(
        [ChallengeRecord(project=project, source_url="https://example.org", is_published=True)]
    )
    ProjectChallenge.objects.bulk_create(
        [ProjectChallenge(project=project, area=area, severity=3, is_published=True)]
    )
    assert summary() == set()  # bulk_create sends no signals ...
    standing.rebuild()  # ... so the writer rebuilds, as the demo data does
    assert (
        summary()
        == recount()
        == {(project.pk, 0, area.pk, None, 3), (project.pk, None, area.pk, None, 3)}
    )


@pytest.mark.django_db
def test_the_temperature_counts_from_the_summary():
    """A project's area counts once its record is published, and stops when taken down."""
    project = make_project()
    area = make_area()
    make_observation(project=project, area=area, severity=3)
    assert prevalence.temperature(Project.objects.published(), areas=[area]).areas[0].projects == 0
    record = make_record(project=project)
    counted = prevalence.temperature(Project.objects.published(), areas=[area]).areas[0]
    assert (counted.projects, counted.recorded, counted.mean_severity) == (1, 1, 3.0)
    record.is_published = False
    record.save()
    assert prevalence.temperature(Project.objects.published(), areas=[area]).areas[0].projects == 0

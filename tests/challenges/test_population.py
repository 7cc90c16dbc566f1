"""The counts over every published project that the database keeps (challenges.population).

The property test in test_standing.py checks them after random writes; these are the
writes that are easy to get wrong, above all statements that write several rows at once.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from challenges import population
from challenges.models import ChallengeRecord
from projects.models import Project
from tests.factories import make_area, make_measurement, make_observation, make_project, make_record

pytestmark = pytest.mark.django_db


def recorded(key=population.ANY):
    rows = population.stored_rows()
    assert rows == population.recount_rows()
    return sum(row[4] for row in rows if row[:2] == ("r", key))


def test_several_records_of_one_project_in_one_statement_make_it_recorded_once():
    project = make_project()
    measurement = make_measurement()
    ChallengeRecord.objects.bulk_create(
        [
            ChallengeRecord(project=project, source_url="https://example.org", is_published=True),
            ChallengeRecord(
                project=project,
                measurement=measurement,
                source_url="https://example.org",
                is_published=True,
            ),
        ]
    )
    assert (recorded(), recorded(0), recorded(measurement.pk)) == (1, 1, 1)
    ChallengeRecord.objects.filter(project=project).update(is_published=False)
    assert recorded() == 0
    ChallengeRecord.objects.filter(project=project).update(is_published=True)
    assert recorded() == 1
    ChallengeRecord.objects.filter(project=project).delete()
    assert recorded() == recorded(0) == 0


def test_a_record_moved_to_a_recorded_project():
    first, second = make_project(), make_project()
    measurement = make_measurement()
    make_record(project=second)
    moved = make_record(project=first, measurement=measurement)
    assert recorded() == 2
    moved.project = second
    moved.save()
    assert (recorded(), recorded(measurement.pk)) == (1, 1)
    moved.project = first
    moved.save()
    assert recorded() == 2


def test_taking_a_project_down_takes_its_share_and_publishing_gives_it_back():
    project = make_project()
    area = make_area()
    make_record(project=project)
    make_observation(project=project, area=area, severity=3)
    before = population.stored_rows()
    assert ("m", population.ANY, area.pk, 0, 1, 3, 1) in before
    Project.objects.filter(pk=project.pk).update(is_published=False)
    assert {row for row in population.stored_rows() if row[4]} == set()
    Project.objects.filter(pk=project.pk).update(is_published=True)
    assert population.stored_rows() == before == population.recount_rows()


def test_the_temperature_reads_the_kept_counts(client):
    """A count that only the kept rows hold shows on the page: it reads them, not a recount."""
    project = make_project()
    area = make_area(name="Data")
    make_record(project=project)
    make_observation(project=project, area=area, severity=2)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {population.TABLE} SET projects = 777 WHERE kind = 't'")
    data = client.get(reverse("challenges:temperature"), {"format": "json"}).json()
    assert data["projects_total"] == 777
    population.rebuild()
    data = client.get(reverse("challenges:temperature"), {"format": "json"}).json()
    assert data["projects_total"] == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"
)
@pytest.mark.django_db(transaction=True)
def test_a_record_saved_while_its_project_is_taken_down_is_counted_once():
    """Two editors at once: one saves a record, the other takes its project down. Each
    trigger waits for the other writer's commit (the advisory lock), so the second sees
    the first's rows; without the lock the record stayed counted for a hidden project."""
    project = make_project()
    saved = threading.Event()
    errors = []

    def save_record():
        try:
            with transaction.atomic():
                # Without signals, so nothing else locks the project's row meanwhile.
                ChallengeRecord.objects.bulk_create(
                    [
                        ChallengeRecord(
                            project_id=project.pk,
                            source_url="https://example.org",
                            is_published=True,
                        )
                    ]
                )
                saved.set()
                time.sleep(0.5)  # the other writer reaches its trigger meanwhile
        except Exception as error:  # noqa: BLE001 – reported below
            errors.append(error)
        finally:
            saved.set()
            connection.close()

    def take_down():
        try:
            saved.wait(10)
            with transaction.atomic():
                Project.objects.filter(pk=project.pk).update(is_published=False)
        except Exception as error:  # noqa: BLE001 – reported below
            errors.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=save_record), threading.Thread(target=take_down)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(20)
    assert not errors
    assert population.stored_rows() == population.recount_rows() == set()

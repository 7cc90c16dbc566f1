"""The editors' admin for records (»registreringer«): on the project's page and as their own
list, each refusal in Danish.
"""

import pytest
from django.urls import reverse

from challenges.admin import ChallengeRecordInline
from challenges.models import (
    ChallengeRecord,
)
from projects.models import Project
from tests.factories import make_measurement, make_project, make_record
from tests.helpers import admin_post_data, admin_url, listed

pytestmark = pytest.mark.django_db


# Records (»registreringer«): on the project's page and as their own list.

RECORD_DUPLICATE_MESSAGE = (
    "Projektet har allerede en registrering for denne måling. Ret den eksisterende række i "
    "stedet, eller fjern denne."
)


def record_row(index, **fields):
    return {f"records-{index}-{name}": value for name, value in fields.items()}


def test_project_page_edits_records_inline(admin_client):
    record = make_record()

    response = admin_client.get(admin_url(Project, "change", record.project.pk))

    inlines = [inline.opts for inline in response.context["inline_admin_formsets"]]
    assert any(isinstance(inline, ChallengeRecordInline) for inline in inlines)
    assert "records-0-measurement" in response.text


def test_adding_a_record_on_the_project_page_creates_it(admin_client):
    project = make_project()
    measurement = make_measurement()
    url = admin_url(Project, "change", project.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{"records-TOTAL_FORMS": 1},
        **record_row(0, measurement=measurement.pk, source_url="https://example.org/rapport"),
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    record = project.records.get()
    assert (record.measurement, record.source_url) == (measurement, "https://example.org/rapport")


def test_record_inline_refuses_a_second_record_for_the_same_measurement(admin_client):
    existing = make_record(measurement=make_measurement())
    url = admin_url(Project, "change", existing.project.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{"records-TOTAL_FORMS": 2},
        **record_row(1, measurement=existing.measurement.pk, source_url="https://example.org/igen"),
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert RECORD_DUPLICATE_MESSAGE in response.text
    assert ChallengeRecord.objects.count() == 1


def test_record_inline_refuses_two_records_outside_the_measurements(admin_client):
    project = make_project()
    url = admin_url(Project, "change", project.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{"records-TOTAL_FORMS": 2},
        **record_row(0, source_url="https://example.org/en"),
        **record_row(1, source_url="https://example.org/to"),
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert RECORD_DUPLICATE_MESSAGE in response.text
    assert not ChallengeRecord.objects.exists()


def test_standalone_admin_refuses_a_duplicate_record_in_danish(admin_client):
    existing = make_record(measurement=make_measurement())
    response = admin_client.get(admin_url(ChallengeRecord, "add"))
    data = admin_post_data(
        response,
        project=existing.project.pk,
        measurement=existing.measurement.pk,
        source_url="https://example.org/igen",
    )

    response = admin_client.post(admin_url(ChallengeRecord, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Projektet har allerede en registrering for denne måling. Ret den eksisterende i stedet."
    ]
    assert ChallengeRecord.objects.count() == 1


def test_record_search_finds_the_project_title(admin_client):
    wanted = make_record(project=make_project(title="Sprogmodel i borgerservice"))
    make_record()

    response = admin_client.get(admin_url(ChallengeRecord, "changelist"), {"q": "sprogmodel"})

    assert listed(response) == {wanted}


def test_record_measurement_filter(admin_client):
    wanted = make_record(measurement=make_measurement())
    make_record(measurement=make_measurement())
    make_record()

    response = admin_client.get(
        admin_url(ChallengeRecord, "changelist"), {"measurement__id__exact": wanted.measurement.pk}
    )

    assert listed(response) == {wanted}


@pytest.mark.parametrize("field", ["project", "measurement"])
def test_record_autocomplete_answers_in_order(admin_client, field):
    make_record(measurement=make_measurement())

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "challenges", "model_name": "challengerecord", "field_name": field},
    )

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_project_list_filters_by_recorded_or_not_per_measurement(admin_client):
    first, second = make_measurement(slug="m1"), make_measurement(slug="m2")
    in_first = make_record(measurement=first).project
    in_second = make_record(measurement=second).project
    draft_record = make_record(measurement=first, is_published=False).project
    never = make_project()
    url = admin_url(Project, "changelist")

    def projects(value):
        return set(admin_client.get(url, {"registrering": value}).context["cl"].result_list)

    assert projects("alle") == {in_first, in_second}
    assert projects("ingen") == {draft_record, never}
    assert projects("m1") == {in_first}
    assert projects("ikke-m1") == {in_second, draft_record, never}

"""The editors' admin for areas and measurements: concrete challenges edited on their area,
a measurement's findings on the measurement, each refusal in Danish.
"""

import pytest

from challenges.models import (
    AreaFinding,
    ChallengeArea,
    Measurement,
)
from tests.factories import make_area, make_finding, make_measurement
from tests.helpers import admin_post_data, admin_url

pytestmark = pytest.mark.django_db


def test_challenges_are_edited_inline_on_their_area(admin_client):
    area = make_area()
    url = admin_url(ChallengeArea, "change", area.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{
            "challenges-TOTAL_FORMS": 1,
            "challenges-0-name": "Manglende datadeling",
            "challenges-0-slug": "manglende-datadeling",
            "challenges-0-order": 1,
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert area.challenges.get().slug == "manglende-datadeling"


def test_findings_are_edited_inline_on_their_measurement(admin_client):
    measurement = make_measurement()
    area = make_area()
    url = admin_url(Measurement, "change", measurement.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{
            "findings-TOTAL_FORMS": 1,
            "findings-0-area": area.pk,
            "findings-0-rank": 1,
            "findings-0-summary": "Det vigtigste område.",
            "findings-0-quote": "data er den største udfordring",
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    finding = measurement.findings.get()
    assert (finding.area, finding.quote) == (area, "data er den største udfordring")


def test_standalone_finding_admin_edits_the_quote(admin_client):
    finding = make_finding()
    url = admin_url(AreaFinding, "change", finding.pk)
    data = admin_post_data(admin_client.get(url), quote="udfordringerne ændrer karakter")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.quote == "udfordringerne ændrer karakter"


def test_finding_rank_zero_is_refused_in_danish(admin_client):
    finding = make_finding()
    url = admin_url(AreaFinding, "change", finding.pk)
    data = admin_post_data(admin_client.get(url), rank=0)

    response = admin_client.post(url, data)

    assert response.context["adminform"].form.errors["rank"] == [
        "Placeringen skal være 1 eller højere (1 = vigtigst)."
    ]


def test_measurement_inline_refuses_two_findings_for_one_area_by_its_danish_label(admin_client):
    finding = make_finding()
    url = admin_url(Measurement, "change", finding.measurement.pk)
    data = admin_post_data(
        admin_client.get(url),
        **{
            "findings-TOTAL_FORMS": 2,
            "findings-1-area": finding.area.pk,
            "findings-1-summary": "En anden konklusion.",
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert (
        "To rækker har samme udfordringsområde. Ret den ene, så rækkerne er forskellige."
        in response.text
    )
    assert AreaFinding.objects.count() == 1


def test_standalone_admin_refuses_a_second_finding_for_the_same_area(admin_client):
    finding = make_finding()
    response = admin_client.get(admin_url(AreaFinding, "add"))
    data = admin_post_data(
        response, measurement=finding.measurement.pk, area=finding.area.pk, summary="Igen."
    )

    response = admin_client.post(admin_url(AreaFinding, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert AreaFinding.objects.count() == 1

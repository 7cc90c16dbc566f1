"""An honest temperature (issue #12) on the real content: nothing is recorded, so nothing
may read as a finding about projects, on any page that shows prevalence. The seed runs once
for the module (``built_once``)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from challenges.models import ChallengeArea, Measurement
from projects.models import Domain, Project
from tests.challenges.pages import get_json
from tests.helpers import built_once

pytestmark = pytest.mark.django_db

TEMPERATURE = reverse("challenges:temperature")


# The real content: nothing is recorded, so nothing may read as a finding about projects


def seed():
    call_command("seed", verbosity=0)


real_content = built_once(seed)


def real_pages():
    pages = [
        reverse("home"),
        TEMPERATURE,
        TEMPERATURE + "?from=temperaturmaaling-2021&to=evaluering-2025",
        TEMPERATURE + "?domain=sundhed-generelt",
        reverse("regions"),
        reverse("projects:list"),
    ]
    pages += [area.get_absolute_url() for area in ChallengeArea.objects.all()]
    pages += [project.get_absolute_url() for project in Project.objects.published()]
    pages += [
        reverse("resources:guide") + f"?domain={domain.slug}&owner_type={owner}"
        for domain in Domain.objects.all()
        for owner in ("kommunal", "regional")
    ]
    return pages


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_real_content_never_shows_not_met_zero_or_a_ranking(client, real_content, prefix):
    for page in real_pages():
        response = client.get(prefix + page)
        assert response.status_code == 200, page
        content = response.content.decode()
        for dishonest in (
            "Ikke mødt",
            "Not met",
            "0 %",
            "0%",
            "heatmap-caption",
            "temperature-bar",
        ):
            assert dishonest not in content, (page, dishonest)


def test_real_content_temperature_leads_with_the_measurements_findings(client, real_content):
    content = client.get(TEMPERATURE).content.decode()

    findings = content.index('id="findings-heading"')
    assert findings < content.index('id="trend-heading"')
    assert "Projekternes egne udfordringer er ikke registreret" in content
    assert content.count('class="finding"') >= 8  # every published finding
    for measurement in Measurement.objects.all():
        assert measurement.name in content
        if measurement.projects_covered:
            assert (
                f"Målingen omfattede {measurement.projects_covered} projekter; for 0 af dem er "
                "udfordringerne registreret her."
            ) in content


def test_real_content_json_has_no_share(client, real_content):
    data = get_json(client)
    assert data["projects_assessed"] == 0
    assert all(item["share"] is None for item in data["areas"])
    regions = client.get(reverse("regions"), {"format": "json"}).json()
    assert all(item["share"] is None for region in regions["regions"] for item in region["areas"])

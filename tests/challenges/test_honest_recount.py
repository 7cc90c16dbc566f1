"""An honest temperature (issue #12), as a property: the JSON of the temperature page equals
an independent recount, whatever the data (random projects, records and observations)."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.challenges.pages import get_json
from tests.factories import (
    make_area,
    make_domain,
    make_measurement,
    make_observation,
    make_project,
    make_record,
)

pytestmark = pytest.mark.django_db

TEMPERATURE = reverse("challenges:temperature")


# A property: the JSON equals an independent recount, whatever the data


def recount(spec, measurement, domain):
    """The definitions of challenges.prevalence, counted again in plain Python."""
    projects, records, observations = spec["projects"], spec["records"], spec["observations"]

    def recorded_in(project, key):
        return any(r[0] == project and r[1] == key and r[2] for r in records)

    def recorded(project):
        if measurement is not None:
            return recorded_in(project, measurement)
        return any(r[0] == project and r[2] for r in records)

    view = [
        index
        for index, (published, project_domain) in enumerate(projects)
        if published
        and (domain is None or project_domain == domain)
        and (measurement is None or recorded_in(index, measurement))
    ]
    assessed = [index for index in view if recorded(index)]
    areas = {}
    for area in range(spec["areas"]):
        severities = []
        met = 0
        for project in assessed:
            counted = [
                severity
                for owner, obs_area, key, severity, published in observations
                if owner == project
                and obs_area == area
                and published
                and (measurement is None or key == measurement)
                and recorded_in(project, key)
            ]
            if counted:
                met += 1
                known = [severity for severity in counted if severity is not None]
                if known:
                    severities.append(max(known))
        areas[area] = (
            met,
            met / len(assessed) if assessed else None,
            sum(severities) / len(severities) if severities else None,
        )
    return len(view), len(assessed), areas


MEASUREMENT_KEYS = st.sampled_from([None, 0, 1])
SPEC = st.fixed_dictionaries(
    {
        "areas": st.integers(min_value=1, max_value=3),
        "projects": st.lists(
            st.tuples(st.booleans(), st.integers(min_value=0, max_value=1)),
            min_size=0,
            max_size=7,
        ),
        "records": st.lists(
            st.tuples(st.integers(0, 6), MEASUREMENT_KEYS, st.booleans()), max_size=8
        ),
        "observations": st.lists(
            st.tuples(
                st.integers(0, 6),
                st.integers(0, 2),
                MEASUREMENT_KEYS,
                st.sampled_from([None, 1, 2, 3]),
                st.booleans(),
            ),
            max_size=14,
        ),
    }
)


def build(spec):
    """Store ``spec``, dropping what refers to nothing and what the database forbids."""
    count = len(spec["projects"])
    spec["records"] = list({(r[0], r[1]): r for r in spec["records"] if r[0] < count}.values())
    spec["observations"] = list(
        {
            (o[0], o[1], o[2]): o
            for o in spec["observations"]
            if o[0] < count and o[1] < spec["areas"]
        }.values()
    )
    domains = [make_domain(slug=f"d{index}") for index in range(2)]
    areas = [make_area(slug=f"a{index}", order=index) for index in range(spec["areas"])]
    measurements = [make_measurement(slug=f"m{index}") for index in range(2)]
    projects = [
        make_project(is_published=published, domain=domains[domain])
        for published, domain in spec["projects"]
    ]

    def measurement(key):
        return None if key is None else measurements[key]

    for project, key, published in spec["records"]:
        make_record(project=projects[project], measurement=measurement(key), is_published=published)
    for project, area, key, severity, published in spec["observations"]:
        make_observation(
            project=projects[project],
            area=areas[area],
            measurement=measurement(key),
            severity=severity,
            is_published=published,
        )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=SPEC, measurement=MEASUREMENT_KEYS, domain=st.sampled_from([None, 0, 1]))
def test_json_equals_an_independent_recount(client, spec, measurement, domain):
    with transaction.atomic():
        build(spec)
        params = {}
        if measurement is not None:
            params["measurement"] = f"m{measurement}"
        if domain is not None:
            params["domain"] = f"d{domain}"
        data = get_json(client, **params)
        total, assessed, areas = recount(spec, measurement, domain)
        transaction.set_rollback(True)

    assert (data["projects_total"], data["projects_assessed"]) == (total, assessed)
    assert data["projects_not_recorded"] == total - assessed
    for item in data["areas"]:
        met, share, mean = areas[int(item["slug"][1:])]
        assert item["projects"] == met
        assert item["share"] == (None if share is None else pytest.approx(share))
        assert item["mean_severity"] == (None if mean is None else pytest.approx(mean))
        if share is None:
            assert item["share_low"] is None
        else:
            assert item["share_low"] <= share <= item["share_high"]

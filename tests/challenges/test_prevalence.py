import pytest

from challenges.prevalence import temperature
from projects.models import Project
from tests.factories import make_area, make_measurement, make_observation, make_project

pytestmark = pytest.mark.django_db


def by_slug(result):
    return {item.area.slug: item for item in result.areas}


def test_hand_computed_example():
    data, jura, etik = (make_area(slug=s, order=i) for i, s in enumerate(["data", "jura", "etik"]))
    p1, p2, p3, p4 = (make_project() for _ in range(4))
    # p1: data high and low (counts once, severity 3), jura low.
    make_observation(project=p1, area=data, severity=3)
    make_observation(
        project=p1, area=data, severity=1, challenge=None, measurement=make_measurement()
    )
    make_observation(project=p1, area=jura, severity=1)
    # p2: data medium.
    make_observation(project=p2, area=data, severity=2)
    # p3: nothing. p4: jura unknown severity.
    make_observation(project=p4, area=jura, severity=None)

    result = by_slug(temperature(Project.objects.published()))

    assert result["data"].projects == 2
    assert result["data"].share == 0.5
    assert result["data"].mean_severity == 2.5
    assert result["jura"].projects == 2
    assert result["jura"].mean_severity == 1.0
    assert result["etik"].projects == 0
    assert result["etik"].share == 0
    assert result["etik"].mean_severity is None


def test_unpublished_projects_and_observations_do_not_count():
    data = make_area(slug="data")
    visible = make_project()
    draft = make_project(is_published=False)
    make_observation(project=visible, area=data, severity=1, is_published=False)
    make_observation(project=draft, area=data, severity=3)

    result = temperature(Project.objects.published())

    assert result.projects_total == 1
    assert by_slug(result)["data"].projects == 0


def test_measurement_limits_the_observations():
    data = make_area(slug="data")
    first, second = make_measurement(), make_measurement()
    p1, p2 = make_project(), make_project()
    make_observation(project=p1, area=data, measurement=first, severity=3)
    make_observation(project=p2, area=data, measurement=second, severity=1)

    result = by_slug(temperature(Project.objects.published(), measurement=second))

    assert result["data"].projects == 1
    assert result["data"].mean_severity == 1.0


def test_no_projects_gives_zero_share():
    make_area(slug="data")
    result = temperature(Project.objects.none())
    assert result.projects_total == 0
    assert by_slug(result)["data"].share == 0

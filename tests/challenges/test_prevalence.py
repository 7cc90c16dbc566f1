import pytest

from challenges.prevalence import challenges_with_counts, heatmap, projects_meeting, temperature
from projects.models import Project
from tests.factories import (
    make_area,
    make_challenge,
    make_measurement,
    make_observation,
    make_project,
)

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


def test_others_are_the_areas_not_chosen_most_projects_first():
    data, jura, etik = (make_area(slug=s, order=i) for i, s in enumerate(["data", "jura", "etik"]))
    p1, p2 = make_project(), make_project()
    make_observation(project=p1, area=data)
    make_observation(project=p2, area=data)
    make_observation(project=p1, area=etik)

    result = temperature(Project.objects.published())

    assert [(item.area.slug, item.projects) for item in result.others([data])] == [
        ("etik", 1),
        ("jura", 0),
    ]


def test_heatmap_cell_is_the_highest_known_severity():
    data, jura, etik = (make_area(slug=s, order=i) for i, s in enumerate(["data", "jura", "etik"]))
    project = make_project()
    make_observation(project=project, area=data, severity=1)
    make_observation(project=project, area=data, severity=3, measurement=make_measurement())
    make_observation(project=project, area=data, severity=None, measurement=make_measurement())
    make_observation(project=project, area=jura, severity=None)

    (row,) = heatmap([project], [data, jura, etik])

    assert [(cell.level, str(cell.label)) for cell in row.cells] == [
        ("3", "Høj"),
        ("unknown", "Ikke oplyst"),
        ("none", "–"),
    ]


def test_heatmap_ignores_unpublished_observations_and_other_measurements():
    data = make_area()
    first, second = make_measurement(), make_measurement()
    project = make_project()
    make_observation(project=project, area=data, severity=3, is_published=False)
    make_observation(project=project, area=data, severity=1, measurement=first)
    make_observation(project=project, area=data, severity=2, measurement=second)

    (row,) = heatmap([project], [data], measurement=first)

    assert row.cells[0].severity == 1


def test_heatmap_of_no_projects_makes_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert heatmap([], []) == []


def test_challenges_with_counts_count_published_projects_once():
    area = make_area()
    challenge = make_challenge(area=area)
    other = make_challenge(area=area)
    p1, p2, draft = make_project(), make_project(), make_project(is_published=False)
    make_observation(project=p1, area=area, challenge=challenge)
    make_observation(project=p1, area=area, challenge=challenge, measurement=make_measurement())
    make_observation(project=p2, area=area, challenge=challenge, is_published=False)
    make_observation(project=draft, area=area, challenge=challenge)

    counts = {c.pk: c.projects for c in challenges_with_counts(area)}

    assert counts == {challenge.pk: 1, other.pk: 0}


def test_projects_meeting_an_area_carry_their_highest_severity_and_observations():
    area, elsewhere = make_area(), make_area()
    low, high = make_project(title="B"), make_project(title="A")
    unknown = make_project(title="C")
    make_observation(project=low, area=area, severity=1, description="Lidt svært.")
    make_observation(project=high, area=area, severity=3)
    make_observation(
        project=high, area=area, severity=1, measurement=make_measurement(), is_published=False
    )
    make_observation(project=unknown, area=area, severity=None)
    make_observation(project=make_project(), area=elsewhere)

    projects = list(projects_meeting(area))

    assert [(p.title, p.highest_severity) for p in projects] == [
        ("A", 3),
        ("B", 1),
        ("C", None),
    ]
    assert [o.description for o in projects[1].area_observations] == ["Lidt svært."]
    assert len(projects[0].area_observations) == 1  # the unpublished one is left out

"""The counting itself (challenges.prevalence): definitions checked on small, hand-made data."""

import pytest

from challenges.heatmap import HeatState, heatmap, projects_meeting, with_area_observations
from challenges.models import ProjectChallenge
from challenges.prevalence import (
    tally,
    temperature,
    wilson_interval,
)
from challenges.regions import project_regions
from projects.models import Project
from tests.examples import make_temperature_example
from tests.factories import (
    make_area,
    make_challenge,
    make_measurement,
    make_observation,
    make_project,
    make_record,
)

pytestmark = pytest.mark.django_db


def by_slug(result):
    return {item.area.slug: item for item in result.areas}


def numbers(result):
    return {item.area.slug: (item.projects, item.recorded) for item in result.areas}


def test_hand_computed_example_without_a_measurement():
    example = make_temperature_example()

    result = temperature(Project.objects.published())

    assert (result.projects_total, result.projects_assessed) == (6, 4)
    assert result.projects_not_recorded == 2
    assert numbers(result) == {"data": (2, 4), "jura": (1, 4), "etik": (0, 4)}
    assert by_slug(result)["data"].share == 0.5
    assert by_slug(result)["data"].mean_severity == 2.5
    assert by_slug(result)["jura"].mean_severity == 1.0
    assert by_slug(result)["etik"].share == 0.0
    assert by_slug(result)["etik"].mean_severity is None
    assert example.p3 is not None


def test_hand_computed_example_within_each_measurement():
    example = make_temperature_example()
    published = Project.objects.published()

    in_m1 = temperature(published, measurement=example.m1)
    in_m2 = temperature(published, measurement=example.m2)

    # Every published project is in view; only those recorded in the measurement count.
    assert (in_m1.projects_total, in_m1.projects_assessed) == (6, 3)
    assert numbers(in_m1) == {"data": (2, 3), "jura": (1, 3), "etik": (0, 3)}
    assert by_slug(in_m1)["data"].mean_severity == 2.5
    assert (in_m2.projects_total, in_m2.projects_assessed) == (6, 2)
    assert numbers(in_m2) == {"data": (1, 2), "jura": (0, 2), "etik": (0, 2)}
    assert by_slug(in_m2)["data"].mean_severity == 1.0


def test_an_observation_without_a_record_in_its_measurement_does_not_count():
    data = make_area(slug="data")
    first, second = make_measurement(), make_measurement()
    project = make_project()
    make_record(project=project, measurement=first)
    make_observation(project=project, area=data, measurement=second)

    result = by_slug(temperature(Project.objects.published()))

    assert (result["data"].projects, result["data"].recorded) == (0, 1)
    assert list(ProjectChallenge.objects.counted()) == []
    assert ProjectChallenge.objects.single().count() == 1


def test_a_record_outside_the_measurements_counts_observations_outside_them():
    data = make_area(slug="data")
    project = make_project()
    make_record(project=project, measurement=None)
    make_observation(project=project, area=data, measurement=None)
    make_observation(project=project, area=data, measurement=make_measurement(), severity=3)

    result = by_slug(temperature(Project.objects.published()))

    assert (result["data"].projects, result["data"].recorded) == (1, 1)
    # Only the observation outside the measurements counts, so its severity (2) is the one.
    assert result["data"].mean_severity == 2.0


def test_unpublished_records_observations_and_projects_do_not_count():
    data = make_area(slug="data")
    unpublished_record = make_project()
    make_record(project=unpublished_record, is_published=False)
    make_observation(project=unpublished_record, area=data)
    unpublished_observation = make_project()
    make_record(project=unpublished_observation)
    make_observation(project=unpublished_observation, area=data, is_published=False)
    draft = make_project(is_published=False)
    make_record(project=draft)
    make_observation(project=draft, area=data)

    result = temperature(Project.objects.published())

    assert (result.projects_total, result.projects_assessed) == (2, 1)
    assert numbers(result) == {"data": (0, 1)}


def test_nothing_recorded_is_unknown_never_zero():
    make_area(slug="data")
    project = make_project()
    make_observation(project=project)  # a single observation: says nothing about the rest

    result = temperature(Project.objects.published())

    assert result.is_recorded is False
    item = by_slug(result)["data"]
    assert (item.share, item.share_low, item.share_high, item.percent) == (None, None, None, None)


def test_no_projects_at_all():
    make_area(slug="data")
    result = temperature(Project.objects.none())
    assert (result.projects_total, result.projects_assessed) == (0, 0)
    assert by_slug(result)["data"].share is None


def test_wilson_interval_matches_published_values():
    # Reference values of the Wilson score interval (z = 1.96).
    low, high = wilson_interval(2, 4)
    assert (round(low, 4), round(high, 4)) == (0.1500, 0.8500)
    low, high = wilson_interval(0, 10)
    assert (round(low, 4), round(high, 4)) == (0.0, 0.2775)
    low, high = wilson_interval(8, 8)
    assert (round(low, 4), round(high, 4)) == (0.6756, 1.0)
    assert wilson_interval(0, 0) == (None, None)


def test_shares_rankings_only_from_the_minimum(settings):
    settings.MINIMUM_RECORDED_PROJECTS = 5
    data, jura = make_area(slug="data", order=1), make_area(slug="jura", order=2)
    for index in range(4):
        project = make_project()
        make_record(project=project)
        if index < 3:
            make_observation(project=project, area=jura)

    below = temperature(Project.objects.published())
    assert below.shows_shares is False
    assert [item.area for item in below.ranked()] == [data, jura]  # no ranking: own order

    project = make_project()
    make_record(project=project)
    above = temperature(Project.objects.published())
    assert above.shows_shares is True
    assert [item.area for item in above.ranked()] == [jura, data]


def test_others_leave_out_the_chosen_areas(settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    example = make_temperature_example()
    result = temperature(Project.objects.published())
    assert [item.area.slug for item in result.others([example.data])] == ["jura", "etik"]


def test_tally_by_region_counts_a_project_in_each_of_its_regions():
    example = make_temperature_example()
    published = Project.objects.published()

    counts = tally(published, group="region", pairs=project_regions(published))

    nord, syd = counts[example.nord.pk], counts[example.syd.pk]
    assert (nord.total, nord.recorded) == (3, 1)
    assert (nord.count(example.data.pk).projects, nord.count(example.jura.pk).projects) == (1, 1)
    assert (syd.total, syd.recorded) == (3, 3)
    assert syd.count(example.data.pk).projects == 1
    assert syd.count(example.jura.pk).projects == 0


def test_tally_by_measurement_gives_each_measurement_its_own_base():
    example = make_temperature_example()

    counts = tally(Project.objects.published(), group="measurement")

    assert counts[example.m1.pk].recorded == 3
    assert counts[example.m1.pk].count(example.data.pk).projects == 2
    assert counts[example.m2.pk].recorded == 2
    assert counts[example.m2.pk].count(example.data.pk).projects == 1
    assert counts[example.m2.pk].total == 6


def test_tally_by_challenge_counts_projects_per_concrete_challenge():
    area = make_area()
    quality, amount = make_challenge(area=area), make_challenge(area=area)
    for _index in range(2):
        project = make_project()
        make_record(project=project)
        make_observation(project=project, area=area, challenge=quality)
        make_observation(project=project, area=area, challenge=amount, measurement=None)
    unrecorded = make_project()
    make_observation(project=unrecorded, area=area, challenge=quality)

    counts = tally(Project.objects.published(), item="challenge")[None]

    assert counts.recorded == 2
    assert counts.count(quality.pk).projects == 2
    assert counts.count(amount.pk).projects == 2


def test_tally_runs_one_query(django_assert_num_queries):
    make_temperature_example()
    with django_assert_num_queries(1):
        tally(Project.objects.published())
    with django_assert_num_queries(1):
        tally(Project.objects.published(), group="measurement")


def test_heatmap_has_three_states():
    example = make_temperature_example()
    areas = [example.data, example.jura, example.etik]
    published = Project.objects.published().order_by("title", "slug")

    from django.core.paginator import Paginator

    page = Paginator(published, 25).page(1)
    rows = {
        row.project.slug: row for row in heatmap(page, areas, ordering=lambda: ["title", "slug"])
    }

    p1 = [(cell.state, cell.severity) for cell in rows["p1"].cells]
    assert p1 == [(HeatState.MET, 3), (HeatState.MET, 1), (HeatState.NOT_MET, None)]
    assert [cell.state for cell in rows["p4"].cells] == [HeatState.NOT_MET] * 3
    assert rows["p3"].recorded is False
    assert [cell.state for cell in rows["p3"].cells] == [HeatState.NOT_RECORDED] * 3
    # p6 is recorded in m1; its jura observation is from m2, so it did not meet jura.
    assert [cell.state for cell in rows["p6"].cells] == [HeatState.NOT_MET] * 3


def test_projects_meeting_an_area_are_the_recorded_ones_that_met_it():
    example = make_temperature_example()

    projects = with_area_observations(list(projects_meeting(example.jura)), example.jura)

    assert [project.slug for project in projects] == ["p1"]
    assert projects[0].highest_severity == 1
    assert [obs.measurement for obs in projects[0].area_observations] == [example.m1]

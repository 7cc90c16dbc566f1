"""ProjectFilter: each filter alone and combined, invalid input and the sort orders. The chips
and the widgets are in test_filter_form.py."""

import pytest
from django.http import QueryDict

from projects.filters import ProjectFilter
from projects.models import Project
from tests.factories import (
    make_area,
    make_domain,
    make_funding_round,
    make_measurement,
    make_municipality,
    make_observation,
    make_project,
    make_record,
    make_region,
)
from tests.projects.pages import run

pytestmark = pytest.mark.django_db


def slugs(query=""):
    filterset = run(query)
    assert filterset.is_valid(), filterset.errors
    return [project.slug for project in filterset.qs]


def as_set(query=""):
    return set(slugs(query))


# Filters, one at a time


def test_domain_accepts_several_values():
    health, care, school = make_domain(slug="sundhed"), make_domain(slug="pleje"), make_domain()
    make_project(slug="a", domain=health)
    make_project(slug="b", domain=care)
    make_project(slug="c", domain=school)

    assert as_set("domain=sundhed&domain=pleje") == {"a", "b"}


def test_owner_type_keeps_only_that_owner():
    make_project(slug="kommunalt")
    make_project(slug="regionalt", owner_type=Project.OwnerType.REGIONAL)

    assert as_set("owner_type=regional") == {"regionalt"}


def test_region_accepts_several_values():
    north, south, east = make_region(slug="nord"), make_region(slug="syd"), make_region()
    make_project(slug="a", owner_type=Project.OwnerType.REGIONAL, region=north)
    make_project(slug="b", owner_type=Project.OwnerType.REGIONAL, region=south)
    make_project(slug="c", owner_type=Project.OwnerType.REGIONAL, region=east)

    assert as_set("region=nord&region=syd") == {"a", "b"}


def test_region_matches_owner_or_participant_once():
    north, south, east = make_region(slug="nord"), make_region(slug="syd"), make_region()
    aalborg = make_municipality(region=north)
    odense = make_municipality(region=south)
    make_project(slug="ejet", lead_municipality=aalborg)
    # Owned in the south, joined from the north (twice over): in both, listed once.
    make_project(
        slug="deltager",
        lead_municipality=odense,
        municipalities=[aalborg, make_municipality(region=north)],
    )
    make_project(
        slug="kun-deltager", owner_type=Project.OwnerType.REGIONAL, municipalities=[aalborg]
    )
    make_project(slug="leder-uden-region", lead_municipality=aalborg, region=None)
    make_project(slug="anden", lead_municipality=make_municipality(region=east))

    north_slugs = slugs("region=nord")
    assert sorted(north_slugs) == ["deltager", "ejet", "kun-deltager", "leder-uden-region"]
    assert slugs("region=syd") == ["deltager"]
    both = slugs("region=nord&region=syd&sort=-areas")
    assert sorted(both) == ["deltager", "ejet", "kun-deltager", "leder-uden-region"]
    assert run("region=nord&region=syd").qs.count() == 4


def test_municipality_matches_lead_or_participant():
    aarhus = make_municipality(slug="aarhus")
    make_project(slug="leder", lead_municipality=aarhus)
    make_project(slug="deltager", municipalities=[aarhus])
    make_project(slug="andet")

    assert as_set("municipality=aarhus") == {"leder", "deltager"}


def test_status_accepts_several_values():
    make_project(slug="a", status=Project.Status.TRIAL)
    make_project(slug="b", status=Project.Status.SCALING)
    make_project(slug="c", status=Project.Status.FINISHED)
    make_project(slug="ukendt", status="")

    assert as_set("status=afproevning&status=skalering") == {"a", "b"}


def recorded_project(**kwargs):
    """A published project whose challenges are recorded outside the measurements."""
    project = make_project(**kwargs)
    make_record(project=project)
    return project


def test_area_requires_all_chosen_areas():
    data, law = make_area(slug="data"), make_area(slug="jura")
    both, only_data = recorded_project(slug="begge"), recorded_project(slug="kun-data")
    make_observation(project=both, area=data)
    make_observation(project=both, area=law)
    make_observation(project=only_data, area=data)

    assert as_set("area=data&area=jura") == {"begge"}
    assert as_set("area=data") == {"begge", "kun-data"}


def test_area_counts_only_observations_that_count():
    data = make_area(slug="data")
    make_observation(project=recorded_project(slug="offentlig"), area=data)
    make_observation(project=recorded_project(slug="kladde"), area=data, is_published=False)
    # Single observations: no record, or an unpublished one.
    make_observation(project=make_project(slug="uregistreret"), area=data)
    draft_record = make_project(slug="kladde-registrering")
    make_record(project=draft_record, is_published=False)
    make_observation(project=draft_record, area=data)

    assert as_set("area=data") == {"offentlig"}


def test_area_needs_the_record_of_the_observations_measurement():
    data = make_area(slug="data")
    first, second = make_measurement(slug="m1"), make_measurement(slug="m2")
    project = make_project(slug="andet-maaling")
    make_record(project=project, measurement=first)
    make_observation(project=project, area=data, measurement=second)  # no record in m2

    assert as_set("area=data") == set()


def test_measurement_keeps_projects_recorded_in_it():
    first, second = make_measurement(slug="m1"), make_measurement(slug="m2")
    make_record(project=make_project(slug="a"), measurement=first)
    make_record(project=make_project(slug="b"), measurement=second)  # recorded, met nothing
    # An observation in m2 without a record there, and an unpublished record in m2.
    make_observation(project=make_project(slug="kun-observation"), measurement=second)
    make_record(project=make_project(slug="kladde"), measurement=second, is_published=False)
    make_project(slug="ingen")

    assert as_set("measurement=m2") == {"b"}
    assert as_set("measurement=m1") == {"a"}


def test_area_and_measurement_together_need_the_area_within_the_measurement():
    data = make_area(slug="data")
    first, second = make_measurement(slug="m1"), make_measurement(slug="m2")
    a = make_project(slug="a")
    make_record(project=a, measurement=first)
    make_observation(project=a, area=data, measurement=first)
    # Recorded in both measurements, met data in m2 only.
    b = make_project(slug="b")
    make_record(project=b, measurement=first)
    make_record(project=b, measurement=second)
    make_observation(project=b, area=data, measurement=second)
    c = make_project(slug="c")
    make_record(project=c, measurement=first)
    make_observation(project=c, area=make_area(), measurement=first)

    assert as_set("area=data&measurement=m1") == {"a"}
    assert as_set("area=data&measurement=m2") == {"b"}


def test_funding_round_keeps_only_that_round():
    first, second = make_funding_round(slug="r1"), make_funding_round(slug="r2")
    make_project(slug="a", funding_round=first)
    make_project(slug="b", funding_round=second)

    assert as_set("funding_round=r2") == {"b"}


def test_q_needs_every_word_in_title_summary_or_description():
    make_project(slug="a", title="Talegenkendelse", summary="Hjælper sagsbehandlere")
    make_project(slug="b", title="Talegenkendelse", summary="I hjemmeplejen")
    make_project(slug="c", title="Billeddiagnostik", description="sagsbehandlere")

    assert as_set("q=talegenkendelse+sagsbehandlere") == {"a"}


def test_filters_combine_with_and():
    health = make_domain(slug="sundhed")
    north = make_region(slug="nord")
    make_project(
        slug="match",
        domain=health,
        owner_type=Project.OwnerType.REGIONAL,
        region=north,
        status=Project.Status.TRIAL,
    )
    make_project(slug="forkert-fase", domain=health, region=north, status=Project.Status.SCALING)
    make_project(slug="forkert-region", domain=health, status=Project.Status.TRIAL)

    assert as_set("domain=sundhed&region=nord&status=afproevning&owner_type=regional") == {"match"}


def test_no_filters_gives_every_published_project():
    make_project(slug="a")
    make_project(slug="kladde", is_published=False)

    assert as_set("") == {"a"}


# Invalid input


@pytest.mark.parametrize(
    "query, field",
    [
        ("domain=findes-ikke", "domain"),
        ("sort=pris", "sort"),
        ("owner_type=privat", "owner_type"),
        ("status=ukendt", "status"),
        ("municipality=findes-ikke", "municipality"),
        ("q=%00", "q"),
        ("domain=%00", "domain"),
        ("municipality=" + "x" * 10_000, "municipality"),
        ("area=" + "x" * 10_000, "area"),
        ("sort=%00", "sort"),
    ],
)
def test_invalid_value_is_a_form_error(query, field):
    filterset = run(query)

    assert not filterset.is_valid()
    assert field in filterset.errors


def test_blank_values_of_a_multi_valued_filter_are_ignored():
    make_project(slug="a")

    assert as_set("domain=&status=") == {"a"}


def test_too_many_values_are_a_form_error():
    make_domain(slug="sundhed")

    filterset = run("&".join(["domain=sundhed"] * 51))

    assert "domain" in filterset.errors


# Sorting


def sorted_fixture():
    """Four projects; how many areas each met (observations that count):

    ======== ===== ======= ===== ============ ===========
    project  title grant   start all          within m1
    ======== ===== ======= ===== ============ ===========
    lille    C     100     2020  4            2 (data, law)
    stor     A     5 000   2023  3            3
    ukendt   B     –       –     0 (recorded) 0
    urecord. D     –       –     unknown      (not recorded in m1)
    ======== ===== ======= ===== ============ ===========
    """
    data, law, ethics, other = make_area(), make_area(), make_area(), make_area()
    measurement = make_measurement(slug="m1")
    small = make_project(slug="lille", title="C", grant_dkk=100, start_year=2020)
    big = make_project(slug="stor", title="A", grant_dkk=5_000, start_year=2023)
    unknown = make_project(slug="ukendt", title="B")
    unrecorded = make_project(slug="uregistreret", title="D")
    make_record(project=small, measurement=measurement)
    make_record(project=small)
    make_record(project=big, measurement=measurement)
    make_record(project=unknown, measurement=measurement)
    make_observation(project=small, area=data, measurement=measurement)
    make_observation(project=small, area=law)
    make_observation(project=small, area=law, measurement=measurement, challenge=None)
    make_observation(project=small, area=ethics)
    make_observation(project=small, area=other)
    for area in (data, ethics, other):
        make_observation(project=big, area=area, measurement=measurement)
    make_observation(project=unknown, area=data, measurement=measurement, is_published=False)
    make_observation(project=unknown, area=ethics, measurement=measurement, is_published=False)
    for area in (data, law, ethics, other):  # single observations: never counted
        make_observation(project=unrecorded, area=area, measurement=measurement)
    return small, big, unknown, unrecorded


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("", ["stor", "ukendt", "lille", "uregistreret"]),
        ("title", ["stor", "ukendt", "lille", "uregistreret"]),
        ("-grant", ["stor", "lille", "ukendt", "uregistreret"]),
        ("grant", ["lille", "stor", "ukendt", "uregistreret"]),
        ("-start_year", ["stor", "lille", "ukendt", "uregistreret"]),
        ("start_year", ["lille", "stor", "ukendt", "uregistreret"]),
        # A project that is not recorded has no count: last either way.
        ("-areas", ["lille", "stor", "ukendt", "uregistreret"]),
        ("areas", ["ukendt", "stor", "lille", "uregistreret"]),
    ],
)
def test_sort_order(sort, expected):
    sorted_fixture()

    assert slugs(f"sort={sort}") == expected


def test_sort_by_areas_counts_within_the_chosen_measurement():
    sorted_fixture()

    # Within m1, "stor" met three areas, "lille" two (data, law), "ukendt" none.
    assert slugs("sort=-areas&measurement=m1") == ["stor", "lille", "ukendt"]
    assert slugs("sort=areas&measurement=m1") == ["ukendt", "lille", "stor"]


def test_sort_by_areas_ties_are_broken_by_title():
    make_project(slug="b", title="B")
    make_project(slug="a", title="A")

    assert slugs("sort=-areas") == ["a", "b"]


def test_filter_sets_built_one_after_another_each_filter_by_their_own_values():
    """Each FilterSet has filters of its own (temperatur.core.fields.BuiltOnceFilterSetMixin):
    a filter with a method calls its own FilterSet's, whichever was built last."""
    north, south = make_region(slug="nord"), make_region(slug="syd")
    make_project(slug="i-nord", region=north, lead_municipality=make_municipality(region=north))
    make_project(slug="i-syd", region=south, lead_municipality=make_municipality(region=south))

    first, second = run("region=nord"), run("region=syd")

    assert first.is_valid() and second.is_valid()
    assert [project.slug for project in first.qs] == ["i-nord"]
    assert [project.slug for project in second.qs] == ["i-syd"]
    assert first.filters["region"] is not second.filters["region"]
    assert first.filters["region"].parent is first
    assert not hasattr(type(first).base_filters["region"], "parent")


def test_no_choice_and_several_choices_are_lists_of_the_chosen_rows():
    """Django gives an empty queryset for no choice, which each use compiled to find empty."""
    make_region(slug="nord")
    make_region(slug="syd")

    none_chosen, both = run(""), run("region=syd&region=nord")

    assert none_chosen.is_valid() and both.is_valid()
    assert none_chosen.form.cleaned_data["region"] == []
    assert [region.slug for region in both.form.cleaned_data["region"]] == ["nord", "syd"]


def test_a_named_querysets_filters_are_built_once_per_set_of_values(settings, monkeypatch):
    """With ``queryset_key``, ``qs`` is built once per process for each set of values
    (temperatur.core.fields.BuiltOnceFilterSetMixin) and still filters by each request's."""
    settings.CHECK_KEPT_STATEMENTS = False  # which would build every use again to compare
    north, south = make_region(slug="nord"), make_region(slug="syd")
    make_project(slug="i-nord", region=north, lead_municipality=make_municipality(region=north))
    make_project(slug="i-syd", region=south, lead_municipality=make_municipality(region=south))
    built = []
    filter_queryset = ProjectFilter.filter_queryset
    monkeypatch.setattr(
        ProjectFilter,
        "filter_queryset",
        lambda self, qs: built.append(1) or filter_queryset(self, qs),
    )

    def slugs(query):
        filterset = ProjectFilter(
            QueryDict(query), queryset=Project.objects.published(), queryset_key="test-once"
        )
        assert filterset.is_valid()
        return [project.slug for project in filterset.qs]

    assert slugs("region=nord") == ["i-nord"]
    assert slugs("region=nord") == ["i-nord"]
    assert slugs("region=syd") == ["i-syd"]
    assert slugs("region=nord&region=syd") == ["i-nord", "i-syd"]
    assert len(built) == 3

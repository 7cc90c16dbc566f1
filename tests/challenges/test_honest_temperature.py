"""An honest temperature (issue #12): what is recorded, what is not, and how sure a number is.

The hand-computed example (``make_temperature_example``, numbers in its docstring) on the
page, in JSON and in CSV, with and without a measurement and filters. The property test
of the JSON against an independent recount is in test_honest_recount.py, the real content
in test_honest_real_content.py.
"""

import pytest
from django.urls import reverse

from tests.challenges.pages import get_csv, get_json
from tests.examples import make_temperature_example
from tests.helpers import built_once

pytestmark = pytest.mark.django_db

TEMPERATURE = reverse("challenges:temperature")


# The hand-computed example, built once for the module (the tests only read it).
example = built_once(make_temperature_example)


def area_numbers(data):
    return {item["slug"]: (item["projects"], item["projects_assessed"]) for item in data["areas"]}


# The hand-computed example, in JSON


def test_json_without_filters_counts_over_the_recorded_projects(client, example):
    data = get_json(client)

    assert (data["projects_total"], data["projects_assessed"]) == (6, 4)
    assert data["projects_not_recorded"] == 2
    assert data["minimum_assessed"] == 5
    assert area_numbers(data) == {"data": (2, 4), "jura": (1, 4), "etik": (0, 4)}
    by_slug = {item["slug"]: item for item in data["areas"]}
    assert by_slug["data"]["share"] == 0.5
    assert round(by_slug["data"]["share_low"], 4) == 0.15
    assert round(by_slug["data"]["share_high"], 4) == 0.85
    assert by_slug["data"]["mean_severity"] == 2.5
    # Recorded and not met is a real 0; its severity is unknown.
    assert by_slug["etik"]["share"] == 0.0
    assert by_slug["etik"]["mean_severity"] is None


def test_json_within_a_measurement_counts_the_projects_recorded_in_it(client, example):
    data = get_json(client, measurement="m1")

    assert (data["projects_total"], data["projects_assessed"]) == (3, 3)
    assert area_numbers(data) == {"data": (2, 3), "jura": (1, 3), "etik": (0, 3)}

    data = get_json(client, measurement="m2")
    assert (data["projects_total"], data["projects_assessed"]) == (2, 2)
    assert area_numbers(data) == {"data": (1, 2), "jura": (0, 2), "etik": (0, 2)}


def test_json_with_filters(client, example):
    sundhed = get_json(client, domain="sundhed")
    assert (sundhed["projects_total"], sundhed["projects_assessed"]) == (3, 3)
    assert area_numbers(sundhed) == {"data": (2, 3), "jura": (1, 3), "etik": (0, 3)}

    miljoe = get_json(client, domain="miljoe")
    assert (miljoe["projects_total"], miljoe["projects_assessed"]) == (3, 1)
    assert area_numbers(miljoe) == {"data": (0, 1), "jura": (0, 1), "etik": (0, 1)}

    nord = get_json(client, region="nord")
    assert (nord["projects_total"], nord["projects_assessed"]) == (3, 1)
    assert area_numbers(nord) == {"data": (1, 1), "jura": (1, 1), "etik": (0, 1)}

    sundhed_in_m2 = get_json(client, domain="sundhed", measurement="m2")
    assert (sundhed_in_m2["projects_total"], sundhed_in_m2["projects_assessed"]) == (1, 1)
    assert area_numbers(sundhed_in_m2) == {"data": (1, 1), "jura": (0, 1), "etik": (0, 1)}


def test_json_gives_unknown_as_null_when_nothing_is_recorded(client, example):
    data = get_json(client, domain="miljoe", region="nord")

    assert (data["projects_total"], data["projects_assessed"]) == (2, 0)
    for item in data["areas"]:
        assert item["projects"] == 0
        assert item["share"] is None
        assert item["share_low"] is None
        assert item["share_high"] is None


# The same example, in CSV


def test_csv_has_the_same_numbers_rounded_and_unknowns_empty(client, example):
    response, rows = get_csv(client)

    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["data"] == {
        "slug": "data",
        "navn": "Data",
        "projekter_i_alt": "6",
        "ikke_registrerede": "2",
        "projekter": "2",
        "registrerede": "4",
        "andel": "0,5000",
        "andel_nedre": "0,1500",
        "andel_oevre": "0,8500",
        "gennemsnitlig_alvor": "2,50",
    }
    assert by_slug["etik"]["andel"] == "0,0000"
    assert by_slug["etik"]["gennemsnitlig_alvor"] == ""
    assert "temperatur-" in response["Content-Disposition"]


def test_csv_shares_are_rounded_not_truncated(client, example):
    _response, rows = get_csv(client, measurement="m1")

    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["data"]["andel"] == "0,6667"  # 2/3, truncated would be 0,6666
    assert by_slug["jura"]["andel"] == "0,3333"


def test_csv_leaves_unknown_shares_empty(client, example):
    _response, rows = get_csv(client, domain="miljoe", region="nord")

    for row in rows:
        assert (row["registrerede"], row["andel"], row["andel_nedre"]) == ("0", "", "")


def test_csv_file_name_names_the_filters(client, example):
    response, _rows = get_csv(client, domain="sundhed", measurement="m1")

    disposition = response["Content-Disposition"]
    assert "temperatur-domain-sundhed-measurement-m1-" in disposition


def test_csv_is_the_same_whatever_the_page_language(client, example):
    danish = client.get(TEMPERATURE, {"format": "csv"}).content
    english = client.get("/en" + TEMPERATURE, {"format": "csv"}).content
    assert danish == english


# The same example, on the page


def test_page_says_the_base_in_words_and_numbers(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    content = client.get(TEMPERATURE).content.decode()

    assert "For 4 af de 6 projekter er udfordringerne registreret" in content
    assert "2 projekter er ikke registreret" in content
    assert "Mødt af (registrerede projekter)" in content
    assert ">2 af 4</a>" in content  # data, linking to its projects
    assert ">1 af 4</a>" in content  # jura
    assert "15–85\u00a0%" in content  # data's interval, in the table


def test_page_ranks_by_share_when_enough_projects_are_recorded(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 4
    response = client.get(TEMPERATURE)

    ranked = [row.prevalence.area.slug for row in response.context["rows"]]
    assert ranked == ["data", "jura", "etik"]
    assert "temperature-bar__fill--50" in response.content.decode()


def test_page_below_the_minimum_shows_counts_without_shares_or_ranking(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 5
    response = client.get(TEMPERATURE, {"measurement": "m1"})
    content = response.content.decode()

    assert "For få registrerede projekter til at vise andele" in content
    assert ">2 af 3</a>" in content
    assert "temperature-bar" not in content
    assert "67 %" not in content
    # The areas in their own order, not ranked.
    assert [row.prevalence.area.slug for row in response.context["rows"]] == [
        "data",
        "jura",
        "etik",
    ]


def test_heat_map_shows_the_three_states_with_text(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    content = client.get(TEMPERATURE).content.decode()

    assert 'class="heat heat--3">Høj</td>' in content  # p1, data
    assert 'class="heat heat--none">Ikke mødt</td>' in content
    assert 'class="heat heat--unrecorded" colspan="3">Ikke registreret</td>' in content
    legend = content[content.index("heatmap-legend") : content.index("heatmap-caption")]
    for label in ("Høj", "Middel", "Lav", "Alvor ikke oplyst", "Ikke mødt", "Ikke registreret"):
        assert label in legend


def test_comparison_ignores_the_measurement_filter(client, example, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    params = {"from": "m1", "to": "m2", "format": "json"}
    plain = client.get(TEMPERATURE, params).json()["comparison"]
    filtered = client.get(TEMPERATURE, {**params, "measurement": "m1"}).json()["comparison"]

    assert plain == filtered
    before, after = plain["measurements"]
    assert (before["projects_total"], before["projects_assessed"]) == (6, 3)
    assert (after["projects_total"], after["projects_assessed"]) == (6, 2)
    data = next(area for area in plain["areas"] if area["slug"] == "data")
    assert (data["from"]["projects"], data["to"]["projects"]) == (2, 1)
    assert data["change_points"] == pytest.approx((1 / 2 - 2 / 3) * 100)


def test_area_page_counts_over_the_recorded_projects(client, example):
    response = client.get(example.data.get_absolute_url(), {"format": "json"})
    data = response.json()

    assert (data["projects_total"], data["projects_assessed"]) == (6, 4)
    assert (data["met"]["projects"], data["met"]["share"]) == (2, 0.5)
    line = {point["measurement"]: point for point in data["through_measurements"]}
    assert (line["m1"]["projects"], line["m1"]["projects_assessed"]) == (2, 3)
    assert (line["m2"]["projects"], line["m2"]["projects_assessed"]) == (1, 2)
    assert [project["slug"] for project in data["projects"]] == ["p1", "p2"]


def test_regions_count_over_each_regions_recorded_projects(client, example):
    data = client.get(reverse("regions"), {"format": "json"}).json()

    regions = {region["slug"]: region for region in data["regions"]}
    nord, syd = regions["nord"], regions["syd"]
    assert (nord["projects"], nord["projects_assessed"]) == (3, 1)
    assert {item["slug"]: item["projects"] for item in nord["areas"]} == {
        "data": 1,
        "jura": 1,
        "etik": 0,
    }
    assert (syd["projects"], syd["projects_assessed"]) == (3, 3)
    assert {item["slug"]: item["share"] for item in syd["areas"]}["data"] == pytest.approx(1 / 3)


def test_project_list_says_where_a_projects_challenges_are_recorded(client, example):
    rows = client.get(reverse("projects:list"), {"format": "json"}).json()["results"]
    by_slug = {row["slug"]: row for row in rows}

    assert by_slug["p1"]["recorded_in"] == ["m1", "m2"]
    assert by_slug["p1"]["areas"] == ["data", "jura"]
    assert by_slug["p4"]["areas"] == []  # recorded, met nothing
    assert by_slug["p3"]["recorded_in"] == []
    assert by_slug["p3"]["areas"] is None  # not recorded: unknown


def test_project_page_shows_single_observations_as_such(client, example):
    content = client.get(example.p3.get_absolute_url()).content.decode()

    assert "Projektets udfordringer er ikke registreret her" in content
    assert "Enkeltstående registrering" in content
    assert "Ikke mødt" not in content


def test_project_page_shows_a_record_with_the_areas_met_and_not_met(client, example):
    content = client.get(example.p1.get_absolute_url()).content.decode()

    assert "Registreret i" in content
    assert "Ikke mødt:" in content

"""»Kom godt i gang« (/kom-i-gang/): recommendations for a project like the visitor's.

The example (hand-computed). Every project but a4 is recorded (outside the measurements);
a4's observation is a single observation and never counts:

========== ======== ======== ======== ==========================================
project    domain   owner    recorded published observations (area, severity)
========== ======== ======== ======== ==========================================
a1         sundhed  kommunal yes      data 3, jura 1
a2         sundhed  kommunal yes      data 1
a3         sundhed  kommunal yes      jura 3
a4         sundhed  kommunal no       etik 3 (single)
b1         sundhed  regional yes      etik 2
c1         miljoe   kommunal yes      etik 3, data 2
========== ======== ======== ======== ==========================================

For sundhed + kommunal (4 projects, 3 recorded, no widening): data 2/3 (mean severity
2.0), jura 2/3 (mean 2.0) – a tie on share and severity, so the areas' own order
decides: data (order 1) before jura (order 2); etik is met by none of the recorded ones.
The pages rank only from ``MINIMUM_RECORDED_PROJECTS`` recorded projects (default 5);
the tests that rank lower it to 3.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges.models import ProjectChallenge
from resources.models import Resource
from tests.factories import (
    make_advice,
    make_area,
    make_domain,
    make_finding,
    make_municipality,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_resource,
)

pytestmark = pytest.mark.django_db
HIGH, MEDIUM, LOW = (
    ProjectChallenge.Severity.HIGH,
    ProjectChallenge.Severity.MEDIUM,
    ProjectChallenge.Severity.LOW,
)


@pytest.fixture
def example():
    from types import SimpleNamespace

    data = make_area(slug="data", name="Data", order=1)
    jura = make_area(slug="jura", name="Jura", order=2)
    etik = make_area(slug="etik", name="Etik", order=3)
    sundhed = make_domain(slug="sundhed", name="Sundhed")
    miljoe = make_domain(slug="miljoe", name="Miljø")
    aarhus = make_municipality(name="Aarhus Kommune", slug="aarhus")
    a1 = make_project(title="A1", slug="a1", domain=sundhed, lead_municipality=aarhus)
    a2 = make_project(title="A2", slug="a2", domain=sundhed)
    a3 = make_project(title="A3", slug="a3", domain=sundhed)
    a4 = make_project(title="A4", slug="a4", domain=sundhed)
    hospital = make_organisation(name="Hospitalet")
    b1 = make_project(
        title="B1", slug="b1", domain=sundhed, owner_type="regional", lead_organisation=hospital
    )
    c1 = make_project(title="C1", slug="c1", domain=miljoe)
    for project in (a1, a2, a3, b1, c1):
        make_record(project=project)
    for project, area, severity in [
        (a1, data, HIGH),
        (a1, jura, LOW),
        (a2, data, LOW),
        (a3, jura, HIGH),
        (a4, etik, HIGH),
        (b1, etik, MEDIUM),
        (c1, etik, HIGH),
        (c1, data, MEDIUM),
    ]:
        make_observation(project=project, area=area, severity=severity)
    advice_data = make_advice(number=1, title="Styr på data", slug="styr-paa-data", areas=[data])
    advice_etik = make_advice(number=2, title="Tænk etik ind", slug="taenk-etik", areas=[etik])
    make_advice(number=3, title="Kladde", slug="kladde-raad", areas=[data], is_published=False)
    tool = make_resource(title="Dataværktøj", slug="datavaerktoej", areas=[data])
    case = make_resource(title="Jura-case", slug="jura-case", kind=Resource.Kind.CASE, areas=[jura])
    return SimpleNamespace(**locals())


def guide(client, **params):
    response = client.get(reverse("resources:guide"), params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.context["guide"]


def test_empty_form_shows_no_answers(client, example):
    response = client.get(reverse("resources:guide"))
    assert response.status_code == 200
    assert response.context["guide"] is None


@pytest.fixture
def ranking(settings):
    """Few enough recorded projects still show shares and a ranking."""
    settings.MINIMUM_RECORDED_PROJECTS = 3


def test_areas_ranked_by_share_then_severity_then_order(client, example, ranking):
    result = guide(client, domain="sundhed", owner_type="kommunal")
    assert result.widening == "none" and result.compared_total == 4
    assert result.temperature.projects_assessed == 3  # a4 is not recorded
    assert [(item.area.slug, item.projects) for item in result.ranked] == [
        ("data", 2),
        ("jura", 2),
    ]
    assert result.ranked[0].mean_severity == pytest.approx(2.0)


def make_jura_more_severe(example):
    # Both areas 3 of 3; data's severities 3, 1, 3 (mean 2.3), jura's 3, 3, 3 (mean 3.0).
    make_observation(project=example.a2, area=example.jura, severity=HIGH)
    make_observation(project=example.a3, area=example.data, severity=HIGH)
    ProjectChallenge.objects.filter(project=example.a1, area=example.jura).update(severity=HIGH)


def test_severity_breaks_a_tie_in_share(client, example, ranking):
    make_jura_more_severe(example)
    result = guide(client, domain="sundhed", owner_type="kommunal")
    assert [item.area.slug for item in result.ranked] == ["jura", "data"]
    content = client.get(
        reverse("resources:guide"), {"domain": "sundhed", "owner_type": "kommunal"}
    ).content.decode()
    assert "3 af 3 registrerede projekter" in content
    assert "100\xa0%" in content


def test_below_the_minimum_the_met_areas_keep_their_own_order_with_counts(client, example):
    make_jura_more_severe(example)
    result = guide(client, domain="sundhed", owner_type="kommunal")
    assert not result.temperature.shows_shares  # 3 recorded, fewer than 5
    assert [(item.area.slug, item.projects) for item in result.ranked] == [
        ("data", 3),
        ("jura", 3),
    ]
    content = client.get(
        reverse("resources:guide"), {"domain": "sundhed", "owner_type": "kommunal"}
    ).content.decode()
    assert "For få registrerede projekter til at vise andele" in content
    assert "3 af 3 registrerede projekter" in content
    assert "\xa0%" not in content


def test_without_recorded_projects_the_measurements_areas_come_first(client):
    sundhed = make_domain(slug="sundhed")
    data, jura, etik = (make_area(slug=slug, order=n) for n, slug in enumerate("dje", 1))
    make_finding(area=jura, rank=1)
    make_advice(areas=[data])
    for _ in range(3):
        # Single observations only: nothing is recorded.
        make_observation(project=make_project(domain=sundhed), area=data, severity=HIGH)

    result = guide(client, domain="sundhed", owner_type="kommunal", area=[etik.slug])

    assert not result.temperature.is_recorded
    assert result.ranked == []
    assert [(item.area.slug, item.named_by_measurements) for item in result.areas] == [
        ("j", True),
        ("e", False),
    ]
    content = client.get(
        reverse("resources:guide"), {"domain": "sundhed", "owner_type": "kommunal"}
    ).content.decode()
    assert "Ingen offentlig kilde fortæller, hvilke udfordringer de enkelte projekter" in content
    assert "har mødt området" not in content
    assert "\xa0%" not in content


def test_advice_and_resources_for_met_areas_then_expected(client, example, ranking):
    result = guide(client, domain="sundhed", owner_type="kommunal", area=["etik"])
    assert [item.area.slug for item in result.areas] == ["data", "jura", "etik"]
    by_area = {item.area.slug: item for item in result.areas}
    assert by_area["data"].advice == [example.advice_data]  # the draft advice is left out
    assert by_area["data"].tools == [example.tool]
    assert by_area["jura"].cases == [example.case]
    # Expected, and met by none of the 3 recorded projects (a4's etik does not count).
    assert by_area["etik"].expected
    assert (by_area["etik"].prevalence.projects, by_area["etik"].prevalence.recorded) == (0, 3)
    assert by_area["etik"].advice == [example.advice_etik]
    assert [(advice.slug, relevant) for advice, relevant in result.checklist] == [
        ("styr-paa-data", True),
        ("taenk-etik", True),
    ]
    content = client.get(
        reverse("resources:guide"),
        {"domain": "sundhed", "owner_type": "kommunal", "area": "etik"},
    ).content.decode()
    assert "Ingen af de 3 registrerede projekter i sammenligningen har mødt området." in content


def test_projects_to_call_ordered_by_score(client, example):
    result = guide(client, domain="sundhed", owner_type="kommunal", area=["etik", "data"])
    # c1: owner+etik+data = 3 (2 shared); a1, a2: domain+owner+data = 3 (1 shared, by title);
    # b1: domain+etik = 2 (1 shared); a3, a4: domain+owner = 2 (none shared: a4's etik is
    # a single observation), by title.
    ordered = [(project.slug, project.score, project.overlap) for project in result.contacts]
    assert ordered == [
        ("c1", 3, 2),
        ("a1", 3, 1),
        ("a2", 3, 1),
        ("b1", 2, 1),
        ("a3", 2, 0),
        ("a4", 2, 0),
    ]


def test_page_names_the_owner_and_links_the_project(client, example):
    response = client.get(
        reverse("resources:guide"), {"domain": "sundhed", "owner_type": "kommunal"}
    )
    content = response.content.decode()
    assert "Aarhus Kommune" in content
    assert example.a1.get_absolute_url() in content


def test_small_sample_widens_to_the_domain(client, example):
    result = guide(client, domain="sundhed", owner_type="regional")
    assert result.small_sample and result.exact_count == 1
    assert result.widening == "domain" and result.compared_total == 5
    response = client.get(
        reverse("resources:guide"), {"domain": "sundhed", "owner_type": "regional"}
    )
    assert "For få projekter" in response.content.decode()


def test_small_sample_widens_to_all_projects(client, example):
    result = guide(client, domain="miljoe", owner_type="kommunal")
    assert result.widening == "all" and result.compared_total == 6


def test_checklist_has_real_tick_boxes(client, example):
    response = client.get(
        reverse("resources:guide"), {"domain": "sundhed", "owner_type": "kommunal"}
    )
    content = response.content.decode()
    assert 'type="checkbox" class="form-checkbox guide-checklist__box"' in content
    assert "☐" in content  # the printed tick box
    assert " style=" not in content


@pytest.mark.parametrize(
    "params",
    [
        {"domain": "findes-ikke", "owner_type": "kommunal"},
        {"domain": "sundhed", "owner_type": "privat"},
        {"domain": "sundhed"},
        {"domain": "sund\x00hed", "owner_type": "kommunal"},
        {"domain": "s" * 10000, "owner_type": "kommunal"},
        {"domain": "sundhed", "owner_type": "kommunal", "area": ["findes-ikke"]},
        {"domain": "sundhed", "owner_type": "kommunal", "area": ["data"] * 100},
    ],
)
def test_bad_input_is_400_with_errors(client, example, params):
    response = client.get(reverse("resources:guide"), params)
    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()


def build(n, domain, areas):
    for i in range(n):
        project = make_project(domain=domain)
        make_record(project=project)
        make_observation(project=project, area=areas[i % len(areas)])
        if i % 4 == 0:
            make_resource(areas=[areas[i % len(areas)]])
            make_resource(kind=Resource.Kind.CASE, areas=[areas[i % len(areas)]])


def test_query_count_does_not_grow(client):
    domain = make_domain(slug="d")
    areas = [make_area() for _ in range(4)]
    for area in areas:
        make_advice(areas=[area])
    counts = []
    for n in (3, 37):  # 3 and 40 projects
        build(n, domain, areas)
        url = reverse("resources:guide") + f"?domain=d&owner_type=kommunal&area={areas[0].slug}"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_guide_json_carries_the_answers(client, example):
    response = client.get(
        reverse("resources:guide"),
        {"domain": "sundhed", "owner_type": "kommunal", "area": "etik", "format": "json"},
    )
    data = response.json()
    assert (data["compared_projects"], data["projects_assessed"]) == (4, 3)
    assert (data["projects_not_recorded"], data["minimum_assessed"]) == (1, 5)
    # Every area's count over the recorded projects, whatever the pages' minimum.
    assert {
        a["slug"]: (a["projects"], a["projects_assessed"], a["share"]) for a in data["areas"]
    } == {
        "data": (2, 3, 2 / 3),
        "jura": (2, 3, 2 / 3),
        "etik": (0, 3, 0.0),
    }
    assert [item["area"] for item in data["advice"]] == ["data", "jura", "etik"]
    # All score 2; b1 and c1 met »etik« (1 shared), then by title.
    assert [c["slug"] for c in data["contacts"]] == ["b1", "c1", "a1", "a2", "a3", "a4"]
    bad = client.get(reverse("resources:guide"), {"domain": "x", "format": "json"})
    assert bad.status_code == 400 and "errors" in bad.json()


def test_the_guide_prefers_resources_a_reader_can_reach(client):
    area = make_area(slug="data", order=1)
    make_finding(area=area)  # the measurements name it, so the guide shows it
    make_domain(slug="sundhed")
    for title, url, summary in [
        ("A: kun titlen", "", ""),
        ("B: med tekst", "", "Et resumé."),
        ("C: med link", "https://example.org/", ""),
    ]:
        make_resource(
            title=title, url=url, summary=summary, body="", kind=Resource.Kind.CASE, areas=[area]
        )

    result = guide(client, domain="sundhed", owner_type="kommunal")

    (item,) = result.areas
    assert [case.title for case in item.cases] == ["C: med link", "B: med tekst", "A: kun titlen"]
    content = client.get(
        reverse("resources:guide"), {"domain": "sundhed", "owner_type": "kommunal"}
    ).content.decode()
    assert "intet offentligt link og ingen beskrivelse" in content

"""The learning pages in a real browser: trends, »Kom godt i gang«, regions, municipalities.

axe-core (WCAG 2.1 A and AA) on each, no CSP violation, and the guide prints as a
checklist without its form.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_finding, make_measurement

INVALID = {"temperature-compare-invalid", "guide-invalid"}


@pytest.fixture
def learning(site):
    """The browser suite's ``site`` plus a measurement with only published findings."""
    findings_only = make_measurement(name="Evaluering 2025", slug="evaluering-2025")
    make_finding(measurement=findings_only, area=site["area"], rank=1, summary="Data fylder.")
    municipality = site["projects"][0].lead_municipality
    return {**site, "municipality": municipality}


PAGES = {
    "temperature-compare": lambda s: (
        reverse("challenges:temperature") + "?from=maaling-2021&to=evaluering-2025"
    ),
    "temperature-compare-invalid": lambda s: (
        reverse("challenges:temperature") + "?from=maaling-2021&to=maaling-2021"
    ),
    "area-line": lambda s: s["area"].get_absolute_url(),
    "guide": lambda s: reverse("resources:guide"),
    "guide-answers": lambda s: (
        reverse("resources:guide") + "?domain=sundhed&owner_type=kommunal&area=data&area=jura"
    ),
    "guide-invalid": lambda s: reverse("resources:guide") + "?domain=findes-ikke",
    "regions": lambda s: reverse("regions"),
    "municipality": lambda s: reverse(
        "municipality", args=[s["municipality"].region.slug, s["municipality"].slug]
    ),
}


def visit(page, live_server, learning, name):
    response = page.goto(live_server.url + PAGES[name](learning))
    expected = 400 if name in INVALID else 200
    assert response.status == expected, f"{name}: {response.status}"
    page.wait_for_load_state("load")
    return response


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_under_its_content_security_policy(
    page, live_server, learning, name, assert_accessible
):
    visit(page, live_server, learning, name)
    assert_accessible(page)


def test_visitor_compares_two_measurements_with_the_form(page, live_server, learning):
    page.goto(live_server.url + reverse("challenges:temperature") + "?domain=sundhed")
    page.get_by_label("Fra måling").select_option("maaling-2021")
    page.get_by_label("Til måling").select_option("evaluering-2025")
    page.get_by_role("button", name="Sammenlign").click()
    # No project is recorded in the evaluation: its shares cannot be computed, not 0 %.
    expect(page.get_by_text("Ingen af projekterne er registreret i målingen").first).to_be_visible()
    assert "domain=sundhed" in page.url  # the filters ride along


def test_guide_prints_a_checklist_without_the_form(page, live_server, learning):
    visit(page, live_server, learning, "guide-answers")
    page.emulate_media(media="print")
    expect(page.locator("form.guide-form")).to_be_hidden()
    ticks = page.locator(".guide-checklist .guide-checklist__tick")
    expect(ticks.first).to_be_visible()  # ☐ on paper
    assert ticks.count() == 1  # the site has one published piece of advice
    page.emulate_media(media="screen")
    expect(ticks.first).to_be_hidden()
    expect(page.get_by_label("Start med data")).to_be_visible()  # a real checkbox on screen


def test_region_tile_leads_to_the_filtered_project_list(page, live_server, learning):
    visit(page, live_server, learning, "regions")
    region = learning["municipality"].region
    page.locator(f'a.region-map__tile[href$="region={region.slug}"]').click()
    expect(page).to_have_url(f"{live_server.url}{reverse('projects:list')}?region={region.slug}")

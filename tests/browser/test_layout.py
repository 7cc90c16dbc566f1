"""Every page type at 390, 768, 1280, 1366 and 1920 px, in Danish and English, with the real
content (the seed) and with demo data: no page wider than the window, no table cut off
outside a labelled, focusable scroll region whose scrollbar shows, and on a phone no
layout shift of 0.1 or more.

Each address is loaded once, on a phone, and then laid out at every other width as a
window that is made wider: the page's own script and DKFDS's follow the width as it
changes (``site.js`` unfolds the filters from 992 px), and each check waits for the frame
after the change. The test collects every problem before it fails, so one run names them
all.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Municipality, Project
from resources.models import Resource

WIDTHS = (390, 768, 1280, 1366, 1920)
PHONE = {"width": 390, "height": 844}

# Records the layout shifts of the page from its first paint (buffered).
LAYOUT_SHIFT = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""

# What a reader cannot see on a page of ``width``: the page itself wider than the window,
# any element reaching out of the window that no scroll region of its own holds (screen
# reader text excepted), and any table wider than its container outside a labelled,
# keyboard-focusable scroll region with a visible scrollbar.
OVERFLOW = """
async () => {
  // The frame after a change of width: media query listeners have run, layout is new.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const width = document.documentElement.clientWidth;
  const problems = [];
  const page = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  if (page > width) problems.push(`the page is ${page} px wide`);
  const scroller = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body;
         parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === "auto" || overflow === "scroll") return parent;
    }
    return null;
  };
  const describe = (element) =>
    element.tagName.toLowerCase() + (element.className && typeof element.className === "string"
      ? "." + element.className.trim().split(/\\s+/).join(".") : "") +
    ` «${(element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40)}»`;
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (!box.width || (box.right <= width + 1 && box.left >= -1)) continue;
    // Screen reader text, and what is placed wholly out of sight on purpose (a honeypot).
    if (box.right <= 0 || element.closest(".sr-only")) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    if (!scroller(element)) {
      const reach = `${Math.round(box.left)}–${Math.round(box.right)}`;
      problems.push(`${describe(element)} reaches ${reach}`);
      if (problems.length > 5) break;
    }
  }
  for (const table of document.querySelectorAll("main table")) {
    const box = table.getBoundingClientRect();
    if (!box.width) continue;
    const region = table.closest(".table--responsive-scroll");
    const fits = box.right <= width + 1 && table.scrollWidth <= table.parentElement.clientWidth + 1;
    if (!region) {
      if (!fits) problems.push(`${describe(table)} is cut off outside a scroll region`);
      continue;
    }
    const labelled = region.getAttribute("aria-label") || region.getAttribute("aria-labelledby");
    if (region.getAttribute("role") !== "region" || region.getAttribute("tabindex") !== "0" ||
        !labelled) {
      problems.push(`${describe(table)}: its scroll region is not labelled and focusable`);
    }
    if (region.scrollWidth > region.clientWidth + 1 &&
        region.offsetHeight - region.clientHeight - 2 <= 0) {
      problems.push(`${describe(table)}: its scroll region scrolls without a visible scrollbar`);
    }
  }
  return problems;
}
"""


def real_content():
    call_command("seed", stdout=io.StringIO())


def demo_content():
    real_content()
    call_command("generate_demo_data", projects=120, seed=1, stdout=io.StringIO())


def addresses(language):
    """One address of every page type, in ``language`` ("da" or "en")."""
    project = Project.objects.published().order_by("title").first()
    municipality = Municipality.objects.filter(led_projects__is_published=True).first()
    resource = Resource.objects.published().filter(url="").order_by("title").first()
    domain, owner_type = project.domain.slug, project.owner_type
    danish = [
        reverse("home"),
        reverse("projects:list"),
        reverse("projects:list") + f"?domain={domain}&sort=-grant",
        project.get_absolute_url(),
        reverse("challenges:temperature"),
        reverse("challenges:temperature")
        + "?from=temperaturmaaling-2021&to=evaluering-2025&domain="
        + domain,
        reverse("challenges:area", args=["data"]),
        reverse("resources:advice"),
        reverse("resources:list"),
        resource.get_absolute_url(),
        reverse("resources:guide") + f"?domain={domain}&owner_type={owner_type}&area=jura",
        reverse("regions"),
        reverse("municipality", args=[municipality.region.slug, municipality.slug]),
        reverse("about"),
        reverse("opendata"),
        reverse("search") + "?q=kraeft",
        reverse("search") + "?q=findesikke",
        reverse("feedback"),
    ]
    return danish if language == "da" else ["/en" + address for address in danish]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("content", [real_content, demo_content], ids=["seed", "demo"])
def test_no_page_is_wider_than_the_window_and_phones_see_no_layout_shift(
    browser, live_server, transactional_db, content, language
):
    content()
    context = browser.new_context(locale="da-DK", viewport=PHONE)
    context.add_init_script(LAYOUT_SHIFT)
    page = context.new_page()
    problems, shifts = [], {}
    try:
        for url in addresses(language):
            page.set_viewport_size(PHONE)
            response = page.goto(live_server.url + url, wait_until="load")
            assert response.status == 200, f"{url}: {response.status}"
            page.wait_for_timeout(150)  # shifts after load (fonts, scripts) count too
            shifts[url] = page.evaluate("window.__layoutShift")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
                for problem in page.evaluate(OVERFLOW):
                    problems.append(f"{width} px {url}: {problem}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    shifted = {url: round(value, 3) for url, value in shifts.items() if value >= 0.1}
    assert not shifted, f"layout shift of 0.1 or more on a 390 px phone: {shifted}"


def test_project_list_and_heat_map_fit_a_laptop(browser, live_server, transactional_db):
    """From 1280 px the project list needs no scrolling; at 1366 px the heat map shows all
    seven areas without scrolling its region."""
    demo_content()
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        for width in (1280, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_server.url + reverse("projects:list"))
            table = page.locator("table.project-table")
            expect(table.locator("thead th")).to_have_count(6)
            fits = table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
            right = table.evaluate("t => t.getBoundingClientRect().right")
            assert fits and right <= width, f"{width} px: the project list does not fit"
            assert table.locator("thead th").last.is_visible()

        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(live_server.url + reverse("challenges:temperature"))
        region = page.locator("#heatmap .table--responsive-scroll")
        areas = region.locator("th.heatmap__area")
        expect(areas).to_have_count(7)
        edge = region.evaluate("r => r.getBoundingClientRect().right")
        for index in range(7):
            assert areas.nth(index).evaluate("a => a.getBoundingClientRect().right") <= edge + 1
        assert region.evaluate("r => r.scrollWidth <= r.clientWidth + 1")
    finally:
        context.close()

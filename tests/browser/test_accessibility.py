"""axe-core (WCAG 2.1 A and AA) on every page type, and no CSP violation on any of them.

axe runs in the page with its real Content-Security-Policy (it is evaluated through
the DevTools protocol, which the policy does not govern), so what it checks is what a
visitor gets. A failure lists each rule, the elements, and how to fix them.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation


def municipality_url(municipality):
    return reverse("municipality", args=[municipality.region.slug, municipality.slug])


PAGES = {
    "front": lambda site: reverse("home"),
    "project-list": lambda site: reverse("projects:list"),
    "project-list-filtered": lambda site: reverse("projects:list") + "?domain=sundhed&area=data",
    "project-list-invalid": lambda site: reverse("projects:list") + "?domain=findes-ikke",
    "project": lambda site: site["projects"][1].get_absolute_url(),
    "temperature": lambda site: reverse("challenges:temperature"),
    "temperature-filtered": lambda site: reverse("challenges:temperature") + "?domain=sundhed",
    "area": lambda site: site["area"].get_absolute_url(),
    "advice": lambda site: reverse("resources:advice"),
    "resources": lambda site: reverse("resources:list"),
    "resource": lambda site: site["resource"].get_absolute_url(),
    "guide": lambda site: reverse("resources:guide"),
    "guide-answered": lambda site: (
        reverse("resources:guide") + "?domain=sundhed&owner_type=kommunal&area=data"
    ),
    "guide-invalid": lambda site: reverse("resources:guide") + "?domain=sundhed",
    "regions": lambda site: reverse("regions"),
    "municipality": lambda site: municipality_url(site["projects"][0].lead_municipality),
    "about": lambda site: reverse("about"),
    "feedback": lambda site: f"{reverse('feedback')}?side={site['projects'][1].get_absolute_url()}",
    "contact": lambda site: reverse("feedback"),
    "not-found": lambda site: "/findes-ikke/",
    "admin-login": lambda site: reverse("admin:login"),
}
# The same pages in English (/en/…): English interface, Danish content marked lang="da".
PAGES.update(
    {
        f"en-{name}": (lambda url: lambda site: "/en" + url(site))(PAGES[name])
        for name in (
            "front",
            "project-list-filtered",
            "project-list-invalid",
            "project",
            "temperature",
            "area",
            "advice",
            "resource",
            "guide-answered",
            "regions",
            "municipality",
            "about",
            "contact",
            "not-found",
        )
    }
)
# The pages that draw shares, bars, intervals and rankings once enough projects are
# recorded (the ``shares`` fixture), as well as counts only below the minimum (above).
SHARES = {
    f"{name}-shares": PAGES[name]
    for name in ("front", "temperature", "area", "regions", "guide-answered", "en-temperature")
}
PAGES.update(SHARES)
NOT_FOUND = {"not-found", "en-not-found"}
INVALID = {"project-list-invalid", "guide-invalid", "en-project-list-invalid"}


def visit(page, live_server, site, name, request):
    if name in SHARES:
        request.getfixturevalue("shares")
    with translation.override("da"):
        url = PAGES[name](site)
    response = page.goto(live_server.url + url)
    if name.startswith("en-"):
        assert page.locator("html").get_attribute("lang") == "en"
    expected = 404 if name in NOT_FOUND else 400 if name in INVALID else 200
    assert response.status == expected, f"{name}: {response.status}"
    page.wait_for_load_state("load")
    return response


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_under_a_strict_content_security_policy(
    page, live_server, site, name, assert_accessible, request
):
    response = visit(page, live_server, site, name, request)
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    if name in SHARES:  # the shares are there to be checked
        assert re.search(r"\d\s?%", page.locator("main").inner_text()), name
    assert_accessible(page)

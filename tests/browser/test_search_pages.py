"""axe-core (WCAG 2.1 A and AA) and the CSP on the search and open-data pages, and the
header's search box leading to the results."""

import pytest
from django.urls import reverse

PAGES = {
    "search-empty": lambda: reverse("search"),
    "search-results": lambda: reverse("search") + "?q=data",
    "search-kind": lambda: reverse("search") + "?q=data&kind=ressource",
    "search-no-results": lambda: reverse("search") + "?q=findesikke",
    "search-one-letter": lambda: reverse("search") + "?q=x",
    "open-data": lambda: reverse("opendata"),
}


def visit(page, live_server, name):
    response = page.goto(live_server.url + PAGES[name]())
    assert response.status == 200, f"{name}: {response.status}"
    page.wait_for_load_state("load")
    return response


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_under_its_content_security_policy(
    page, live_server, site, name, assert_accessible
):
    visit(page, live_server, name)
    assert_accessible(page)


def test_header_search_box_leads_to_marked_results(page, live_server, site):
    page.goto(live_server.url + reverse("home"))
    page.get_by_label("Søg i projekter, udfordringer, råd og ressourcer").fill("data")
    page.locator("#header-search-q").press("Enter")
    page.wait_for_url("**/soeg/?q=data")
    assert page.locator(".search-result mark").first.inner_text().lower() == "data"

"""What a visitor does with a mouse and a keyboard, in a real browser."""

import re

from django.urls import reverse
from playwright.sync_api import expect


def result_count(page):
    return page.locator(".result-count")


def project_titles(page):
    return sorted(page.locator(".project-table tbody th[scope=row] > a").all_inner_texts())


def test_visitor_filters_the_project_list_by_domain(page, live_server, site):
    page.goto(live_server.url + reverse("projects:list"))
    expect(result_count(page)).to_have_text("4 projekter")

    domains = page.get_by_role("group", name="Fagområde")
    domains.get_by_label("Sundhed").check()
    page.get_by_role("button", name="Vis projekter").click()

    expect(page).to_have_url(re.compile(r"[?&]domain=sundhed\b"))
    expect(result_count(page)).to_have_text("2 projekter")
    assert project_titles(page) == ["Alfa", "Beta"]
    expect(domains.get_by_label("Sundhed")).to_be_checked()


def test_visitor_removes_a_filter_chip(page, live_server, site):
    page.goto(live_server.url + reverse("projects:list") + "?domain=sundhed&area=jura")
    expect(result_count(page)).to_have_text("1 projekt")

    page.get_by_role("link", name=re.compile(r"^Fjern filter: Fagområde: Sundhed")).click()

    expect(page).not_to_have_url(re.compile(r"domain="))
    expect(page).to_have_url(re.compile(r"[?&]area=jura\b"))
    expect(result_count(page)).to_have_text("2 projekter")
    assert project_titles(page) == ["Beta", "Gamma"]


def test_a_count_on_the_temperature_page_leads_to_exactly_those_projects(page, live_server, site):
    page.goto(live_server.url + reverse("challenges:temperature"))
    table = page.locator("table.temperature-table")
    data_row = table.locator("tr", has=page.get_by_role("rowheader", name="Data"))
    # Of the 3 recorded projects, Alfa and Beta met Data; Delta's Data does not count.
    link = data_row.get_by_role("link", name="2 af 3")

    link.click()

    expect(page).to_have_url(re.compile(r"/projekter/\?"))
    expect(result_count(page)).to_have_text("2 projekter")
    assert project_titles(page) == ["Alfa", "Beta"]


def test_keyboard_user_skips_to_the_main_content(page, live_server, site):
    page.goto(live_server.url + reverse("home"))

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Gå til sidens indhold")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#main-content$"))
    # The next Tab continues inside the main content, not in the header's menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main-content').contains(document.activeElement)")


def test_visitor_switches_to_english_on_the_same_page_and_stays_there(page, live_server, site):
    page.goto(live_server.url + reverse("projects:list") + "?domain=sundhed")
    expect(page.locator("h1")).to_have_text("Projekter")

    page.get_by_role("navigation", name="Sprog").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/projekter/\?domain=sundhed$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Projects")
    expect(page.locator(".language-note")).to_contain_text("only in Danish")

    # The choice is remembered: a Danish address now opens the English page.
    page.goto(live_server.url + reverse("challenges:temperature"))
    expect(page).to_have_url(re.compile(r"/en/udfordringer/$"))

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Dansk").click()
    expect(page).to_have_url(re.compile(r"/udfordringer/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.goto(live_server.url + reverse("projects:list"))
    expect(page).to_have_url(re.compile(r"/projekter/$"))


def test_phone_user_filters_with_the_keyboard_behind_one_filter_button(page, live_server, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("projects:list"))
    summary = page.locator("summary", has_text="Filtrér")
    search_box = page.get_by_label("Søg", exact=True)
    # Folded: the result count and the first result are on the first screen.
    expect(search_box).to_be_hidden()
    assert result_count(page).bounding_box()["y"] < 844
    assert page.locator(".project-table tbody tr").first.bounding_box()["y"] < 844

    summary.focus()
    page.keyboard.press("Enter")
    expect(search_box).to_be_visible()
    page.keyboard.press("Tab")
    expect(search_box).to_be_focused()
    page.keyboard.press("Tab")
    health = page.get_by_role("group", name="Fagområde").get_by_label("Sundhed")
    expect(health).to_be_focused()
    page.keyboard.press("Space")
    expect(health).to_be_checked()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # submits the form from its search box

    expect(page).to_have_url(re.compile(r"[?&]domain=sundhed\b"))
    expect(result_count(page)).to_have_text("2 projekter")
    expect(summary).to_have_text(re.compile(r"Filtrér\s+\(1 aktivt filter\)"))
    expect(search_box).to_be_hidden()  # folded again, the results first
    for row in page.locator(".project-table tbody tr").all():
        assert row.bounding_box()["height"] < 844 / 3  # a compact card


def test_filters_are_open_beside_the_results_on_a_laptop(page, live_server, site):
    page.goto(live_server.url + reverse("challenges:temperature"))

    expect(page.locator("summary", has_text="Filtrér")).to_be_hidden()
    expect(page.get_by_label("Søg", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Vis temperaturen")).to_be_visible()

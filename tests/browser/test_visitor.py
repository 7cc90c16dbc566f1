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

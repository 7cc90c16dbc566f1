"""The editors' admin in a real browser, under the site's strict Content-Security-Policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_highlight

PASSWORD = "en-lang-adgangskode"


@pytest.fixture
def editor(site, django_user_model):
    return django_user_model.objects.create_superuser("redaktoer", password=PASSWORD)


def log_in(page, live_server, editor):
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Brugernavn").fill(editor.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(live_server.url + reverse("admin:index"))


def test_editor_publishes_a_draft_project(page, live_server, site, editor):
    draft = site["draft"]
    public_url = live_server.url + draft.get_absolute_url()
    assert page.goto(public_url).status == 404

    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("admin:projects_project_change", args=[draft.pk]))
    page.locator("#id_is_published").check()
    page.locator("input[type=submit][name=_save]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)
    response = page.goto(public_url)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(draft.title)


def test_admin_works_under_the_content_security_policy(page, live_server, site, editor):
    """Log in, change list, change form with autocomplete widgets and inlines: no violations."""
    project = site["projects"][0]
    make_highlight(project=project)
    log_in(page, live_server, editor)
    violations = {}

    page.goto(live_server.url + reverse("admin:projects_project_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    violations["changelist"] = page.console.csp_violations()

    page.goto(live_server.url + reverse("admin:projects_project_change", args=[project.pk]))
    # An autocomplete widget (select2, from the admin's own static files) opens and searches.
    page.locator("#id_domain + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Milj")
    expect(page.locator(".select2-results__option", has_text="Miljø")).to_be_visible()
    page.keyboard.press("Escape")
    # The inlines add rows with the admin's JavaScript.
    rows_before = page.locator(".inline-related:not(.empty-form) tr.form-row").count()
    page.locator(".add-row a").first.click()
    assert page.locator(".inline-related:not(.empty-form) tr.form-row").count() > rows_before
    violations["change form"] = page.console.csp_violations()

    page.goto(live_server.url + reverse("admin:projects_project_add"))
    expect(page.locator("#project_form")).to_be_visible()
    page.locator("#id_title").press_sequentially("Nyt projekt om data")
    # prepopulated_fields fills the slug as the editor types (admin JavaScript).
    expect(page.locator("#id_slug")).to_have_value("nyt-projekt-om-data")
    violations["add form"] = page.console.csp_violations()

    assert violations == {"changelist": [], "change form": [], "add form": []}
    assert not [m for m in page.console.messages if "error" in m and "favicon" not in m]


def test_add_related_popup_works_under_the_opener_policy(page, live_server, site, editor):
    """The admin's "+" opens a popup that hands the new row back through window.opener;
    Cross-Origin-Opener-Policy: same-origin must not cut that link."""
    log_in(page, live_server, editor)
    project = site["projects"][0]
    page.goto(live_server.url + reverse("admin:projects_project_change", args=[project.pk]))

    with page.expect_popup() as popup_info:
        page.locator("#add_id_domain").click()
    popup = popup_info.value
    popup.locator("#id_name").press_sequentially("Kultur")
    with popup.expect_event("close"):
        popup.locator("input[type=submit][name=_save]").click()

    expect(page.locator("#id_domain option:checked")).to_have_text("Kultur")
    assert page.console.csp_violations() == []


def test_a_writers_change_waits_for_review_and_an_editor_approves_it(
    page, live_server, site, assert_accessible
):
    """The whole review in a browser: the writer's save changes nothing public, the queue on
    the front page leads the editor to the change, which is approved. The pages of the
    review (the front page with its queue, the change field by field) pass axe and raise
    no CSP violation (checked before axe runs: axe's own styles would count); the admin's
    change form is Django's and not checked here."""
    from tests.factories import make_editor_user

    project = site["projects"][0]
    public_url = live_server.url + project.get_absolute_url()
    writer = make_editor_user("Skribent", username="skribent", password=PASSWORD)
    editor = make_editor_user("Redaktør", username="redaktoer2", password=PASSWORD)

    log_in(page, live_server, writer)
    page.goto(live_server.url + reverse("admin:projects_project_change", args=[project.pk]))
    page.locator("#id_summary").fill("Et resumé, der venter på gennemsyn.")
    page.locator("input[type=submit][name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("venter nu på gennemsyn")
    page.goto(public_url)
    expect(page.get_by_text("Et resumé, der venter på gennemsyn.")).to_have_count(0)

    page.context.clear_cookies()
    log_in(page, live_server, editor)
    expect(page.locator("#review-queue")).to_contain_text("Ændringer i offentliggjorte projekter")
    assert_accessible(page)  # the front page with the review queue
    page.locator("#review-queue a").first.click()
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("#review-changes")).to_contain_text("Et resumé, der venter på gennemsyn.")
    assert_accessible(page)
    page.get_by_role("button", name="Godkend og offentliggør").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(public_url)
    expect(page.get_by_text("Et resumé, der venter på gennemsyn.")).to_be_visible()

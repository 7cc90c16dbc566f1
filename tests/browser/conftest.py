"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Never a downloaded browser: chromium comes from `apt-get install chromium` (`make
browser-deps`). Without it the browser tests are skipped with a loud reason, and with
``REQUIRE_BROWSER_TESTS=1`` (CI) a missing browser fails the run instead.
"""

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from django.db import transaction

from challenges.models import ProjectChallenge
from tests.factories import (
    make_advice,
    make_area,
    make_domain,
    make_measurement,
    make_observation,
    make_project,
    make_record,
    make_resource,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM (in the
# fixtures) refuses to run beside one unless told it is safe, which it is here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # One origin is tested: no renderer process per site, and no page kept alive in the
    # back-forward cache after each test leaves it for a blank page.
    "--disable-site-isolation-trials",
    "--disable-features=site-per-process,IsolateOrigins",
    "--disable-back-forward-cache",
]
SKIP_MESSAGE = "BROWSER TESTS SKIPPED: chromium not installed — apt-get install chromium"
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORT = {"width": 1280, "height": 900}

# Records every CSP violation the page reports, before any of the page's own code runs.
# Init scripts are injected by the browser itself, so the page's CSP does not block them.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`
  );
});
"""


def browser_missing_reason():
    if not Path(CHROMIUM).exists():
        return SKIP_MESSAGE
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "BROWSER TESTS SKIPPED: the playwright package is missing — make setup"
    if not AXE_JS.exists():
        return "BROWSER TESTS SKIPPED: node_modules/axe-core is missing — npm ci"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = browser_missing_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"{reason} (REQUIRE_BROWSER_TESTS=1)", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    # Scrollbars as a reader sees them: headless Playwright hides them by default, and the
    # layout tests check that a scroll region's scrollbar shows.
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"]
    )
    yield browser
    browser.close()
    playwright.stop()


class Console:
    """What the page said: console errors and Content-Security-Policy violations."""

    def __init__(self, page):
        self.page = page
        self.messages = []
        page.on("console", self._on_message)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))

    def _on_message(self, message):
        if message.type in {"error", "warning"}:
            self.messages.append(f"{message.type}: {message.text}")

    def csp_violations(self):
        reported = self.page.evaluate("window.__cspViolations || []")
        logged = [text for text in self.messages if "Content Security Policy" in text]
        return reported + logged


@pytest.fixture(scope="session")
def _tab(browser, live_server):
    context = browser.new_context(locale="da-DK", viewport=VIEWPORT)
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.devtools = context.new_cdp_session(tab)
    # Every response from the server, never from the browser's cache: the pages' ETags
    # come from a data version that starts again in every test's own cache.
    tab.devtools.send("Network.enable")
    tab.devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    tab.console = Console(tab)
    yield tab
    context.close()
    # Its keep-alive connections close with it: the live server's threads that served them
    # end now, before the server stops sharing the in-memory test database with them.
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=10)


@pytest.fixture
def page(_tab, live_server):
    """The browser tab a test drives: one per worker, kept open between the tests, because
    opening a tab costs chromium about three times the CPU of loading a page in an open
    one (about a second here). Each test starts as a new visitor would: on a blank page,
    with no cookies, no stored data, no other tabs, the default window and media, and
    nothing the console said before."""
    for other in _tab.context.pages:
        if other is not _tab:
            other.close()
    _tab.goto("about:blank")
    _tab.context.clear_cookies()
    _tab.devtools.send(
        "Storage.clearDataForOrigin", {"origin": live_server.url, "storageTypes": "all"}
    )
    _tab.set_viewport_size(VIEWPORT)
    _tab.emulate_media(media="null")
    _tab.console.messages.clear()
    return _tab


def format_violations(url, violations):
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  how to fix: {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            lines.append(f"  at {json.dumps(node['target'])}: {node['html'][:300]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"    {summary[:500]}")
    return "\n".join(lines)


def run_axe(page):
    """Run axe-core's WCAG 2.1 A/AA rules on the page; return the violations.

    axe is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not govern, so the page is tested with its real CSP.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations",
        WCAG_TAGS,
    )


@pytest.fixture
def assert_accessible():
    """The page as loaded broke none of its Content-Security-Policy, and axe-core finds no
    WCAG 2.1 A/AA violation in it: one visit checks both."""

    def check(page):
        assert page.console.csp_violations() == [], page.url
        violations = run_axe(page)
        assert not violations, format_violations(page.url, violations)

    return check


@pytest.fixture
def site(transactional_db):
    """Two domains, two challenge areas, four published projects and one draft.

    Sundhed has Alfa (Data) and Beta (Data, Jura); Miljø has Gamma (Jura) and Delta. The
    challenges of Alfa, Beta and Gamma are recorded in »Måling 2021«; Delta's are not (its
    one observation, Data, is a single observation), so the heat map shows all three
    states: met (every severity, and an unknown one), not met, not recorded. Three
    recorded projects are fewer than the pages' minimum for shares (5); ``shares`` lowers
    it for the pages that should draw them (to 1: a region has one recorded project).
    Written in one transaction, committed before the page asks for it.
    """
    with transaction.atomic():
        return build_site()


def build_site():
    Severity = ProjectChallenge.Severity
    health = make_domain(name="Sundhed", slug="sundhed")
    environment = make_domain(name="Miljø", slug="miljoe")
    data = make_area(name="Data", slug="data")
    law = make_area(name="Jura", slug="jura")
    measurement = make_measurement(name="Måling 2021", slug="maaling-2021")
    alfa = make_project(title="Alfa", slug="alfa", domain=health)
    beta = make_project(title="Beta", slug="beta", domain=health)
    gamma = make_project(title="Gamma", slug="gamma", domain=environment)
    delta = make_project(title="Delta", slug="delta", domain=environment)
    draft = make_project(title="Kladde", slug="kladde", domain=health, is_published=False)
    for project in (alfa, beta, gamma):
        make_record(project=project, measurement=measurement)
    # Every severity, and an unknown one, so the heat map shows each of its colours.
    for project, area, severity in [
        (alfa, data, Severity.HIGH),
        (beta, data, Severity.MEDIUM),
        (beta, law, Severity.LOW),
        (gamma, law, None),
    ]:
        make_observation(project=project, area=area, measurement=measurement, severity=severity)
    make_observation(project=delta, area=data, measurement=measurement)  # single
    resource = make_resource(title="Et værktøj", slug="et-vaerktoej", areas=[data], projects=[alfa])
    make_advice(title="Start med data", slug="start-med-data", areas=[data])
    return {
        "projects": [alfa, beta, gamma, delta],
        "draft": draft,
        "area": data,
        "resource": resource,
    }


@pytest.fixture
def shares(settings):
    """One recorded project is enough for the pages to draw shares, bars and rankings."""
    settings.MINIMUM_RECORDED_PROJECTS = 1

"""Hardening: production settings, security headers, robots.txt and sitemap.xml."""

import ast
import os
import subprocess
import sys
from xml.etree import ElementTree

import pytest
from django.conf import settings as django_settings
from django.urls import path, reverse
from django.utils import translation

from temperatur import urls as site_urls
from tests.factories import make_advice, make_area, make_project, make_resource

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3Qx9-production-like-secret-that-is-long-enough-0123456789",
    "DJANGO_ALLOWED_HOSTS": "temperatur.example.dk",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://temperatur.example.dk",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def run_in_production(*args, **env):
    """Run a Python command in a fresh process with production environment values."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(PRODUCTION_ENV, **env)
    return subprocess.run(
        [sys.executable, *args],
        env=clean,
        capture_output=True,
        text=True,
        cwd=str(django_settings.BASE_DIR),
        timeout=120,
    )


PRODUCTION_DEFAULTS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_PROXY_SSL_HEADER",
)


def production_settings(names, **env):
    """``{name: repr(value)}`` of the settings ``names`` in one fresh process with production
    environment values (and ``env``)."""
    result = run_in_production(
        "-c",
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'temperatur.settings'; "
        "django.setup(); from django.conf import settings; "
        f"print(repr({{name: repr(getattr(settings, name)) for name in {list(names)!r}}}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def production_setting(name, **env):
    return production_settings([name], **env)[name]


@pytest.fixture(scope="module")
def production_defaults():
    """The security settings production gets by default, read in one process for all."""
    return production_settings(PRODUCTION_DEFAULTS)


# Production configuration


def test_deploy_check_reports_nothing_with_production_values():
    result = run_in_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True"),
        ("SECURE_SSL_REDIRECT", "True"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("SESSION_COOKIE_HTTPONLY", "True"),
        ("SECURE_PROXY_SSL_HEADER", "('HTTP_X_FORWARDED_PROTO', 'https')"),
    ],
)
def test_production_is_secure_by_default(production_defaults, name, expected):
    assert production_defaults[name] == expected


def test_ssl_redirect_can_be_left_to_the_proxy():
    assert production_setting("SECURE_SSL_REDIRECT", DJANGO_SECURE_SSL_REDIRECT="0") == "False"


def test_hsts_preload_can_be_switched_off():
    assert production_setting("SECURE_HSTS_PRELOAD", DJANGO_SECURE_HSTS_PRELOAD="0") == "False"


@pytest.mark.parametrize("value", ["X-Forwarded-Proto", "HTTP_X_FORWARDED_PROTO", "a,b,c"])
def test_malformed_proxy_ssl_header_is_refused(value):
    result = run_in_production(
        "-c", "import temperatur.settings", DJANGO_SECURE_PROXY_SSL_HEADER=value
    )
    assert result.returncode != 0
    assert "DJANGO_SECURE_PROXY_SSL_HEADER" in result.stderr


# Headers on every page


@pytest.fixture
def site(db):
    """A small published site, plus a draft project that must stay hidden."""
    area = make_area()
    project = make_project()
    draft = make_project(is_published=False)
    resource = make_resource(areas=[area], projects=[project])
    draft_resource = make_resource(is_published=False)
    make_advice(areas=[area])
    return {
        "area": area,
        "project": project,
        "draft": draft,
        "resource": resource,
        "draft_resource": draft_resource,
    }


def municipality_url(municipality):
    return reverse("municipality", args=[municipality.region.slug, municipality.slug])


def public_urls(site):
    return [
        reverse("home"),
        reverse("about"),
        reverse("projects:list"),
        site["project"].get_absolute_url(),
        reverse("challenges:temperature"),
        site["area"].get_absolute_url(),
        reverse("resources:advice"),
        reverse("resources:guide"),
        reverse("resources:list"),
        site["resource"].get_absolute_url(),
        reverse("regions"),
        municipality_url(site["project"].lead_municipality),
        reverse("search") + "?q=projekt",
        reverse("opendata"),
        reverse("opendata_dump"),
        reverse("feed_projects"),
        reverse("robots"),
        reverse("sitemap"),
        reverse("healthz"),
        f"{reverse('feedback')}?side={site['project'].get_absolute_url()}",
        "/findes-ikke/",
    ]


def assert_security_headers(response):
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives == CSP_DIRECTIVES
    assert "unsafe" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in permissions


def test_every_public_page_sends_the_security_headers(client, site):
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert_security_headers(response)


def test_not_found_page_sends_the_security_headers(client, site):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_admin_login_sends_the_security_headers(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_admin_names_the_sites_icon_so_browsers_ask_for_no_missing_favicon(client, db):
    content = client.get(reverse("admin:login")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content


def test_admin_change_form_sends_the_security_headers(admin_client, site):
    response = admin_client.get(reverse("admin:projects_project_change", args=[site["draft"].pk]))
    assert response.status_code == 200
    assert_security_headers(response)


def broken_view(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("kaputt/", broken_view), *site_urls.urlpatterns]


def test_server_error_page_sends_the_security_headers(client, db, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/kaputt/")
    assert response.status_code == 500
    assert "Der opstod en fejl" in response.content.decode()
    assert_security_headers(response)


def test_session_cookie_is_http_only(client, django_user_model):
    django_user_model.objects.create_superuser("redaktoer", password="en-lang-adgangskode")
    response = client.post(
        reverse("admin:login"), {"username": "redaktoer", "password": "en-lang-adgangskode"}
    )
    assert response.status_code == 302
    assert response.cookies[django_settings.SESSION_COOKIE_NAME]["httponly"] is True


# robots.txt and sitemap.xml


def test_robots_txt_allows_the_site_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    # The error-report form, one URL per page (?side=…), is nothing to index.
    assert "Disallow: /fejl/" in lines
    # Search results are an endless space of pages; the sitemap lists the real ones.
    assert "Disallow: /soeg/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_names_the_sitemap_with_the_scheme_of_the_request(client, db):
    response = client.get("/robots.txt", secure=True)
    assert "Sitemap: https://testserver/sitemap.xml" in response.content.decode().splitlines()


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("sm:url/sm:loc", namespace)]


def test_sitemap_lists_every_published_page_in_both_languages(client, site):
    locations = sitemap_locations(client)
    pages = lambda: [  # noqa: E731
        reverse("home"),
        reverse("about"),
        reverse("projects:list"),
        reverse("challenges:temperature"),
        reverse("resources:advice"),
        reverse("resources:guide"),
        reverse("resources:list"),
        reverse("regions"),
        reverse("opendata"),
        site["project"].get_absolute_url(),
        municipality_url(site["project"].lead_municipality),
        site["area"].get_absolute_url(),
        site["resource"].get_absolute_url(),
    ]
    expected = []
    for language in ("da", "en"):
        with translation.override(language):
            expected += pages()
    assert sorted(locations) == sorted(f"http://testserver{url}" for url in expected)
    assert "http://testserver/en/" in locations


def test_sitemap_leaves_out_drafts(client, site):
    locations = "\n".join(sitemap_locations(client))
    assert site["draft"].slug not in locations
    # The draft's municipality has no published project, so no page.
    assert site["draft"].lead_municipality.slug not in locations
    assert site["draft_resource"].slug not in locations


def test_every_sitemap_page_answers(client, site):
    for location in sitemap_locations(client):
        assert client.get(location.removeprefix("http://testserver")).status_code == 200, location

"""Bad input never breaks a public page: no 5xx, whatever the query string, method or slug.

The named cases: wrong methods, unknown and Unicode slugs, NUL bytes, page numbers far out
of range, on SQLite and on PostgreSQL (``DATABASE_URL``), which refuses NUL bytes in text
with an exception where SQLite shrugs. The generated input (property tests) is in
test_bad_input_fuzz.py, which shares this module's rows and pages.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories import (
    make_advice,
    make_area,
    make_domain,
    make_funding_round,
    make_measurement,
    make_municipality,
    make_observation,
    make_project,
    make_record,
    make_resource,
)
from tests.helpers import built_once

pytestmark = pytest.mark.django_db

PROJECT_FILTERS = [
    "q",
    "domain",
    "owner_type",
    "region",
    "municipality",
    "status",
    "area",
    "measurement",
    "funding_round",
    "sort",
    "page",
    "heatmap_page",
    "format",
]
# The temperature page and an area page also compare two measurements.
TEMPERATURE_PARAMETERS = [*PROJECT_FILTERS, "from", "to"]
RESOURCE_FILTERS = ["kind", "area", "q", "page", "format"]
GUIDE_PARAMETERS = ["domain", "owner_type", "area", "format"]
SEARCH_PARAMETERS = ["q", "kind", "page", "format"]
PAGE_PARAMETERS = ["format", "page", "q"]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Requests go through the page cache too, as in production, in a cache of the test's own
    (the feedback form's rate limit counts there as well)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-bad-input",
        }
    }
    settings.CACHE_PAGES = True
    from django.core.cache import caches

    caches["default"].clear()


def build_site():
    """A few published rows of every kind, so filters have real slugs to meet; one project
    recorded (so the pages draw shares, heat map and comparison), one not. Built once for
    the module: the tests only read them (what one adds is rolled back after it)."""
    area = make_area(slug="data")
    domain = make_domain(slug="sundhed")
    municipality = make_municipality(slug="aarhus")
    funding_round = make_funding_round(slug="runde-2020")
    measurement = make_measurement(slug="maaling-2021")
    project = make_project(
        slug="projekt", domain=domain, lead_municipality=municipality, funding_round=funding_round
    )
    make_project(slug="kladde", is_published=False)
    make_record(project=project, measurement=measurement)
    make_observation(project=project, area=area, measurement=measurement)
    make_observation(project=make_project(slug="uregistreret", domain=domain), area=area)
    resource = make_resource(slug="vaerktoej", areas=[area], projects=[project])
    make_advice(areas=[area])
    return {
        "project": project,
        "area": area,
        "resource": resource,
        "municipality": municipality,
    }


site = built_once(build_site)


def public_pages(site):
    """``(url, parameter names)`` for every public page."""
    return [
        (reverse("home"), PAGE_PARAMETERS),
        (reverse("about"), PAGE_PARAMETERS),
        (reverse("projects:list"), PROJECT_FILTERS),
        (site["project"].get_absolute_url(), PAGE_PARAMETERS),
        (reverse("challenges:temperature"), TEMPERATURE_PARAMETERS),
        (site["area"].get_absolute_url(), TEMPERATURE_PARAMETERS),
        (reverse("resources:advice"), PAGE_PARAMETERS),
        (reverse("resources:list"), RESOURCE_FILTERS),
        (site["resource"].get_absolute_url(), PAGE_PARAMETERS),
        (reverse("resources:guide"), GUIDE_PARAMETERS),
        (reverse("regions"), PAGE_PARAMETERS),
        (
            reverse("municipality", args=[site["municipality"].region.slug, "aarhus"]),
            PAGE_PARAMETERS,
        ),
        (reverse("search"), SEARCH_PARAMETERS),
        (reverse("opendata"), PAGE_PARAMETERS),
        (reverse("opendata_dump"), PAGE_PARAMETERS),
        (reverse("opendata_csv"), PAGE_PARAMETERS),
        (reverse("feed_projects"), PAGE_PARAMETERS),
        (reverse("feed_resources"), PAGE_PARAMETERS),
        (reverse("feed_measurements"), PAGE_PARAMETERS),
    ]


PAGES = [
    "home",
    "about",
    "project_list",
    "project",
    "temperature",
    "area",
    "advice",
    "resource_list",
    "resource",
    "guide",
    "regions",
    "municipality",
    "search",
    "open_data",
    "open_data_dump",
    "open_data_csv",
    "feed_projects",
    "feed_resources",
    "feed_measurements",
]


def assert_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, f"{response.status_code} for {url[:300]!r}"


# Plain cases, named, so a failure says what broke.


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_wrong_method_on_a_public_page_is_405(client, site, page, method):
    url, _names = dict(zip(PAGES, public_pages(site), strict=True))[page]
    response = getattr(client, method)(url)
    assert response.status_code == 405


@pytest.mark.parametrize("page", PAGES)
def test_head_on_a_public_page_is_allowed(client, site, page):
    url, _names = dict(zip(PAGES, public_pages(site), strict=True))[page]
    assert client.head(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/projekter/findes-ikke/",
        "/udfordringer/findes-ikke/",
        "/ressourcer/findes-ikke/",
        "/projekter/kladde/",
        "/regioner/findes-ikke/aarhus/",
        "/regioner/findes-ikke/findes-ikke/",
    ],
)
def test_unknown_or_unpublished_slug_is_404(client, site, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("prefix", ["/projekter/", "/udfordringer/", "/ressourcer/"])
@pytest.mark.parametrize("slug", ["æøå", "københavn", "日本語", "emoji-😀", "ǅ"])
def test_unicode_slug_is_404(client, site, prefix, slug):
    assert client.get(f"{prefix}{quote(slug)}/").status_code == 404


def test_draft_resource_is_404(client, site):
    draft = make_resource(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("name", ["domain", "q", "municipality", "sort", "status", "area"])
def test_regression_nul_byte_in_project_filters(client, site, name):
    """PostgreSQL refuses NUL bytes in text parameters with an exception (a 500)."""
    for url in (reverse("projects:list"), reverse("challenges:temperature")):
        assert_no_server_error(client, f"{url}?{name}=a%00b")


@pytest.mark.parametrize("name", ["kind", "area", "q"])
def test_regression_nul_byte_in_resource_filters(client, site, name):
    assert_no_server_error(client, f"{reverse('resources:list')}?{name}=a%00b")


@pytest.mark.parametrize("name", ["page", "heatmap_page"])
@pytest.mark.parametrize(
    "value",
    # 461169999999999999: a whole number whose page's offset is past a 64-bit integer.
    [str(10**30), "461169999999999999", str(-(10**30)), "0", "-1", "last", "1.5"],
)
def test_out_of_range_page_numbers_are_not_server_errors(client, site, name, value):
    for url in (
        reverse("projects:list"),
        f"{reverse('projects:list')}?owner_type=kommunal",  # counted with the keys
        reverse("challenges:temperature"),
        reverse("resources:list"),
    ):
        separator = "&" if "?" in url else "?"
        assert_no_server_error(client, f"{url}{separator}{name}={value}")


def autocomplete_fields():
    """``(app_label, model_name, field_name)`` of every autocomplete in the admin."""
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            yield model._meta.app_label, model._meta.model_name, field_name
        for inline in model_admin.inlines:
            for field_name in inline.autocomplete_fields:
                yield inline.model._meta.app_label, inline.model._meta.model_name, field_name


def test_regression_admin_autocomplete_of_annotated_models_is_ordered(admin_client, site):
    """Region, Domain and FundingRound admins annotate counts; GROUP BY drops Meta.ordering,
    and the autocomplete's paginator then warned about an unordered list (a 500 under -W error).
    """
    for app_label, model_name, field_name in sorted(set(autocomplete_fields())):
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": app_label,
                "model_name": model_name,
                "field_name": field_name,
                "term": "",
            },
        )
        assert response.status_code == 200, (app_label, model_name, field_name)


# The feedback form (»Rapportér en fejl«), the one public page that takes a POST.


def test_regression_nul_byte_in_feedback_message(client, site):
    url = f"{reverse('feedback')}?side={site['project'].get_absolute_url()}"
    response = client.post(url, {"message": "Forkert\x00tal", "email": "a\x00@b.dk"})
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_method_on_the_feedback_form_is_405(client, site, method):
    url = f"{reverse('feedback')}?side={site['project'].get_absolute_url()}"
    assert getattr(client, method)(url).status_code == 405

"""Bad input never breaks a public page: no 5xx, whatever the query string, method or slug.

The property tests send generated query strings (every filter name, repeated parameters,
10,000-character values, NUL bytes, odd Unicode, invalid UTF-8, numbers far out of range)
to every public URL. They run on SQLite and on PostgreSQL (``DATABASE_URL``), which
refuses NUL bytes in text with an exception where SQLite shrugs.
"""

from urllib.parse import quote, quote_from_bytes

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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

# 30 generated inputs per page and kind of input on every run (of every database): each
# is a whole request through the page cache, and a fresh sample is drawn on every run.
BAD_INPUT = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


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

# Values a visitor (or a robot) might send.
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
values = st.one_of(
    texts,
    st.sampled_from(["", " ", "\x00", "a\x00b", "data", "sundhed", "aarhus", "csv", "json"]),
    st.sampled_from(["x" * 10_000, "æ" * 10_000, "\x00" * 10_000]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from([str(10**30), str(-(10**30)), "1e309", "NaN", "-0", "0x10", "٣"]),
)


def encoded(value):
    return quote(value, safe="")


def raw_bytes():
    """Percent-encoded bytes that are not valid UTF-8 at all."""
    return st.binary(max_size=20).map(lambda raw: quote_from_bytes(raw, safe=""))


def query_strings(names):
    name = st.one_of(st.sampled_from(names), texts)
    pair = st.one_of(
        st.tuples(name.map(encoded), values.map(encoded)),
        st.tuples(st.sampled_from(names), raw_bytes()),
    )
    return st.lists(pair, max_size=8).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


def assert_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, f"{response.status_code} for {url[:300]!r}"


@pytest.mark.parametrize("page", PAGES)
def test_no_query_string_causes_a_server_error(client, site, page):
    url, names = dict(zip(PAGES, public_pages(site), strict=True))[page]

    @BAD_INPUT
    @given(query=query_strings(names))
    def check(query):
        assert_no_server_error(client, f"{url}?{query}")

    check()


@pytest.mark.parametrize("page", PAGES)
def test_repeated_parameters_never_cause_a_server_error(client, site, page):
    url, names = dict(zip(PAGES, public_pages(site), strict=True))[page]

    @BAD_INPUT
    @given(name=st.sampled_from(names), repeated=st.lists(values, min_size=2, max_size=60))
    def check(name, repeated):
        query = "&".join(f"{name}={encoded(value)}" for value in repeated)
        assert_no_server_error(client, f"{url}?{query}")

    check()


@pytest.mark.parametrize(
    "prefix", ["/projekter/", "/udfordringer/", "/ressourcer/", "/", "/en/", "/en/projekter/"]
)
def test_no_path_causes_a_server_error(client, site, prefix):
    @BAD_INPUT
    @given(segment=st.one_of(texts.map(encoded), raw_bytes()))
    def check(segment):
        assert_no_server_error(client, f"{prefix}{segment}/")

    check()


def test_no_address_breaks_the_language_switch(client, site):
    @BAD_INPUT
    @given(
        language=st.one_of(st.sampled_from(["da", "en", "fr"]), texts.filter(bool)),
        next_url=st.one_of(values, texts.map(lambda text: "/" + text), raw_bytes()),
    )
    def check(language, next_url):
        response = client.get(f"/sprog/{encoded(language)}/?next={encoded(next_url)}")
        assert response.status_code in (302, 404), next_url
        if response.status_code == 302:
            assert response["Location"].startswith("/")
            assert not response["Location"].startswith("//")

    check()


def test_no_path_breaks_the_redirect_of_a_visitor_who_chose_english(client, site):
    client.cookies["django_language"] = "en"

    @BAD_INPUT
    @given(segment=st.one_of(texts.map(encoded), raw_bytes()), query=query_strings(["q", "page"]))
    def check(segment, query):
        assert_no_server_error(client, f"/projekter/{segment}/?{query}")

    check()


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
@pytest.mark.parametrize("value", [str(10**30), str(-(10**30)), "0", "-1", "last", "1.5"])
def test_out_of_range_page_numbers_are_not_server_errors(client, site, name, value):
    for url in (reverse("projects:list"), reverse("challenges:temperature")):
        assert_no_server_error(client, f"{url}?{name}={value}")


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


def test_no_page_parameter_breaks_the_feedback_form(client, site):
    url = reverse("feedback")

    @BAD_INPUT
    @given(side=st.one_of(values, st.sampled_from(["/projekter/projekt/", "//evil.example/"])))
    def check(side):
        assert_no_server_error(client, f"{url}?side={encoded(side)}")

    check()


def test_no_posted_form_breaks_the_feedback_form(client, site):
    """Garbage in every field, NUL bytes included (PostgreSQL refuses them in text)."""
    url = f"{reverse('feedback')}?side={site['project'].get_absolute_url()}"
    addresses = iter(range(1, 10_000))

    @BAD_INPUT
    @given(
        fields=st.dictionaries(
            st.sampled_from(["message", "email", "website", "csrfmiddlewaretoken"]) | texts,
            values,
            max_size=5,
        )
    )
    def check(fields):
        # A new address each time, so the rate limit (5 posts) does not hide the form.
        n = next(addresses)
        response = client.post(url, fields, REMOTE_ADDR=f"192.0.2.{n % 254 + 1}")
        assert response.status_code < 500, f"{response.status_code} for {fields!r}"[:500]

    check()


def test_regression_nul_byte_in_feedback_message(client, site):
    url = f"{reverse('feedback')}?side={site['project'].get_absolute_url()}"
    response = client.post(url, {"message": "Forkert\x00tal", "email": "a\x00@b.dk"})
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_method_on_the_feedback_form_is_405(client, site, method):
    url = f"{reverse('feedback')}?side={site['project'].get_absolute_url()}"
    assert getattr(client, method)(url).status_code == 405

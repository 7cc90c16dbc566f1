"""Bad input never breaks a public page, as properties: generated query strings (every
filter name, repeated parameters, 10,000-character values, NUL bytes, odd Unicode, invalid
UTF-8, numbers far out of range), paths and posted forms, against every public URL, on
SQLite and on PostgreSQL (``DATABASE_URL``), which refuses NUL bytes in text with an
exception where SQLite shrugs. The named cases are in test_bad_input.py."""

from urllib.parse import quote, quote_from_bytes

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import built_once
from tests.site.test_bad_input import (
    PAGES,
    assert_no_server_error,
    build_site,
    page_cache_on,  # noqa: F401 – the page cache, as in production, for every test here
    public_pages,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

site = built_once(build_site)

# 30 generated inputs per page and kind of input on every run (of every database): each
# is a whole request through the page cache, and a fresh sample is drawn on every run.
BAD_INPUT = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


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

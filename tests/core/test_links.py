"""A row's address by its slug (temperatur.core.links) is the address reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from temperatur.core.links import slug_url

VIEWS = ["projects:detail", "challenges:area", "resources:detail"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("slug", ["ai-aktindsigt", "a", "x_1-2"])
def test_the_same_address_as_reverse(view, language, slug):
    with translation.override(language):
        assert slug_url(view, slug) == reverse(view, args=[slug])


def test_the_language_and_the_script_prefix_are_part_of_the_address():
    with translation.override("en"):
        assert slug_url("projects:detail", "p") == "/en/projekter/p/"
    try:
        set_script_prefix("/temperatur/")
        assert slug_url("projects:detail", "p") == "/temperatur/projekter/p/"
    finally:
        set_script_prefix("/")
    assert slug_url("projects:detail", "p") == "/projekter/p/"


def outcome(function, *args):
    try:
        return function(*args)
    except NoReverseMatch:
        return NoReverseMatch


@pytest.mark.parametrize("slug", ["", "æble", "a/b", "a b", "a\nb", 7, None])
def test_an_odd_slug_fares_as_with_reverse(slug):
    expected = outcome(lambda: reverse("projects:detail", args=[slug]))
    assert outcome(slug_url, "projects:detail", slug) == expected
    if slug in ("", "æble"):
        assert expected is NoReverseMatch

"""A row's page address by its slug, as ``reverse()`` writes it, at a fraction of the cost.

A list of projects, resources or areas asks for one address per row: ``reverse()`` took
about 20 µs each, a millisecond or two of a page with a hundred rows. :func:`slug_url`
asks ``reverse()`` once per view name, language, script prefix and URLconf, with a stand-in
slug, and puts each row's slug in its place (the URLconf by its name: a test that
swaps ``ROOT_URLCONF`` gets its own). A slug that the ``<slug:…>`` converter would
refuse goes to ``reverse()`` itself, which says so as it always does.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What the ``slug`` path converter accepts; such a slug needs no quoting in a URL.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
STAND_IN = "slug-stand-in-0"


@functools.lru_cache(maxsize=128)
def _around(viewname, language, prefix, urlconf):
    before, after = reverse(viewname, args=[STAND_IN], urlconf=urlconf).split(STAND_IN)
    return before, after


def slug_url(viewname, slug):
    """``reverse(viewname, args=[slug])`` for a view whose one argument is a slug."""
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        return reverse(viewname, args=[slug])
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around(viewname, get_language(), get_script_prefix(), urlconf)
    return f"{before}{slug}{after}"

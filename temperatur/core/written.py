"""HTML written once per process for each set of values it is written from.

Much of a page is a function of a few plain values: a form field of its choices and chosen
values, an area's line of its counts through the measurements, a project's row of its
title, owner and cells. Written from Django's template language or from Python, the same
values give the same HTML every time, so each process keeps what it wrote under a key
that holds all of those values and the language, and writes it again only for values it
has not seen. Unlike the pages cached per content version (``temperatur.web.cache``),
a fragment survives every edit that does not change its own values: after an observation
of one project is published, the other rows and charts are written as before.

A key must hold the values themselves (names, counts, texts), never a model instance,
which compares by its id alone and would keep a renamed row's old name. A key that
leaves out something the HTML depends on would show another page's values; with
``settings.CHECK_WRITTEN`` (on in the tests) every use writes afresh and fails loudly
where the kept HTML differs.
"""

from django.conf import settings
from django.db.models import Model
from django.utils.translation import get_language

_WRITTEN = {}
MAX_WRITTEN = 4096


class WrittenMismatch(AssertionError):
    """Kept HTML differs from what its key's values write now: the key is short."""


def written(key, write, *args):
    """``write(*args)``'s HTML, kept under ``key`` (a tuple that starts with the fragment's
    name and holds every value it is written from) and the active language."""
    key = (get_language(), *key)
    checking = getattr(settings, "CHECK_WRITTEN", False)
    if checking and _holds_instance(key):
        raise WrittenMismatch(f"{key!r}: name a row by its values, not by the instance.")
    try:
        found = _WRITTEN.get(key)
    except TypeError:  # a value that cannot be part of a key: written every time
        return write(*args)
    if found is None:
        if len(_WRITTEN) >= MAX_WRITTEN:
            _WRITTEN.clear()
        found = _WRITTEN[key] = write(*args)
    elif checking and (fresh := write(*args)) != found:
        raise WrittenMismatch(f"{key!r}: kept {found!r}, now {fresh!r}")
    return found


def _holds_instance(value):
    if isinstance(value, Model):
        return True
    return isinstance(value, tuple | list | frozenset) and any(_holds_instance(v) for v in value)

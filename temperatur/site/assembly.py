"""The apps on the public site, in the order they stand (projects ← challenges ←
resources), and what each declares in its ``public.py`` (``temperatur.core.public``).

A new content type is one app and one line in ``PUBLIC_APPS``; its search kind, feed,
sitemap, open data, fixtures and error reports follow from its declaration.
"""

import functools
from importlib import import_module

PUBLIC_APPS = ("projects", "challenges", "resources")


@functools.cache
def declarations():
    return tuple(import_module(f"{app}.public").PUBLIC for app in PUBLIC_APPS)


def collect(name):
    """Every app's ``name`` (a tuple), in the apps' order."""
    return tuple(item for outputs in declarations() for item in getattr(outputs, name))


def merged(name):
    """Every app's ``name`` (a dict), in the apps' order."""
    result = {}
    for outputs in declarations():
        result.update(getattr(outputs, name))
    return result


def sections():
    return collect("reference_sections") + collect("content_sections")


def fixtures():
    return collect("reference_fixtures") + collect("content_fixtures")

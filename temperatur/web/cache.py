"""Whole-page caching that is never stale.

The *content version* is a random token in the shared cache (``caches["default"]``).
Every change to content that visitors can see, that is ``post_save``, ``post_delete`` or
``m2m_changed`` of any model in ``projects``, ``challenges`` or ``resources`` (not of a
draft, a change waiting for review or a historical copy), replaces it with a new token
once the change is committed. Every process reads the token from the shared cache at the
start of every request, so the first request after an editor's save, to any worker on
any machine sharing the cache, sees the new version.

:class:`PageCacheMiddleware` stores anonymous ``200`` responses to ``GET`` under a key
made of the release (a fingerprint of code and templates), the content version, the
language and the full URL. Entries of an old version are never read again and expire by
themselves. The ``ETag`` is derived from the same key, so a browser that sends it back
in ``If-None-Match`` gets ``304 Not Modified`` until the content changes.

Writes that send no signals (``QuerySet.update()``, ``bulk_create()``, raw SQL) must call
:func:`schedule_bump` themselves, as ``generate_demo_data`` does.

Nothing is cached while the database connection is inside a transaction
(``connection.in_atomic_block``): what the request sees might be rolled back, and tests
that wrap each test in a transaction therefore always see fresh pages.

When the cache does not answer (a Redis that is down or hangs: see
``temperatur/cache_backends.py``), pages are rendered and served without it. A bump that
could not be stored is made as soon as the cache answers again, so no page cached before
the outage outlives a change made during it.
"""

import contextlib
import functools
import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

from temperatur.core.tables import schedule_tables_bump
from temperatur.core.versions import SharedVersion, on_commit_once
from temperatur.web.cache_backends import CacheUnavailable
from temperatur.web.compression import gzip_body, is_compressible
from temperatur.web.language import language_of_path

logger = logging.getLogger(__name__)

CONTENT_APPS = frozenset({"projects", "challenges", "resources"})
VERSION_KEY = "content-version"
# Vary headers a cached page may carry: the language is part of the key.
ALLOWED_VARY = frozenset({"accept-language"})
UNCACHEABLE_CONTROL = ("private", "no-store", "no-cache")


def _cache(cache=None):
    if cache is None:
        _keep_folder_out_of_git()
        cache = caches["default"]
    return cache


@functools.cache
def _keep_folder_out_of_git():
    """A cache folder inside the project gets a ``.gitignore`` of its own (``clear()`` only
    removes ``*.djcache`` files, so it stays)."""
    backend = settings.CACHES["default"]
    location = backend.get("LOCATION")
    if not backend["BACKEND"].endswith("FileBasedCache") or not location:
        return
    folder = Path(location)
    if folder.is_relative_to(settings.BASE_DIR) and not (folder / ".gitignore").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".gitignore").write_text("*\n")


# The content version


CONTENT = SharedVersion(VERSION_KEY, "content")
_bump_pending = CONTENT.pending


def content_version(cache=None):
    """The current content version: a short random token, created when missing."""
    return CONTENT.current(_cache(cache))


def bump_content_version(cache=None):
    """Start a new content version now; every cached page and value becomes unreachable."""
    CONTENT.bump(_cache(cache))


def schedule_bump(using=None):
    """Bump the content version when the current transaction commits (at once outside one),
    and the version of the reference tables the processes keep (``temperatur.core.tables``):
    for writers that send no signals, which cannot say which tables they changed.

    Once per transaction, however many rows change. Bumping only after the commit matters:
    a request in another process that read the new version before the commit could
    otherwise store a page rendered from the old data under it.
    """
    schedule_tables_bump(using=using)
    _schedule_content_bump(using=using)


def _schedule_content_bump(using=None):
    on_commit_once(bump_content_version, using)


def _changes_public_content(sender, instance, kwargs):
    """Whether a content signal reports a change visitors see (not a draft, not history).

    A row with the publishing workflow says so itself (``changes_public_content``, in
    ``temperatur.core.workflow``); every other content row is public as soon as it is saved.
    """
    if getattr(sender, "instance_type", None) is not None:
        return False  # a historical copy (simple-history): what editors see, not visitors
    if "action" in kwargs:  # m2m_changed
        if kwargs["action"].startswith("pre_") or (
            not kwargs.get("pk_set") and kwargs["action"] != "post_clear"
        ):
            return False  # fires twice; and for nothing when nothing changed
        signal = "m2m" if not kwargs.get("reverse") else None
    else:
        signal = "save" if "created" in kwargs else "delete"
    check = getattr(instance, "changes_public_content", None)
    return check is None or signal is None or check(signal)


def _content_changed(sender, instance=None, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    if not _changes_public_content(sender, instance, kwargs):
        return
    _schedule_content_bump(using=kwargs.get("using"))  # the tables see their own signals


CONTENT_SIGNALS = (
    (post_save, "temperatur.web.cache.post_save"),
    (post_delete, "temperatur.web.cache.post_delete"),
    (m2m_changed, "temperatur.web.cache.m2m_changed"),
)
for _signal, _uid in CONTENT_SIGNALS:
    _signal.connect(_content_changed, dispatch_uid=_uid)


@contextlib.contextmanager
def content_signals_paused():
    """Bulk work without the receivers above, then one bump; for management commands only.

    With no receiver listening, ``QuerySet.delete()`` can delete related rows in one
    statement instead of loading each to send its signal. Not for a web process: the
    receivers are global and other threads would miss their changes meanwhile.
    """
    for signal, uid in CONTENT_SIGNALS:
        signal.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        for signal, uid in CONTENT_SIGNALS:
            signal.connect(_content_changed, dispatch_uid=uid)
        schedule_bump()


def in_transaction(using=None):
    return transaction.get_connection(using).in_atomic_block


def cached_per_version(name, compute, *, request=None, timeout=None):
    """``compute()``, remembered in the shared cache until the content changes.

    ``CACHE_PAGES=0`` switches this off too: with caching off, every request does its work.
    """
    if in_transaction() or not settings.CACHE_PAGES:
        return compute()
    try:
        version = getattr(request, "content_version", None) or content_version()
        key = f"{name}:{version}"
        value = _cache().get(key)
    except CacheUnavailable:
        return compute()  # the backend has said so once
    except Exception:
        logger.warning("Cache unavailable; computing %s without it.", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            _cache().set(key, value, timeout or settings.CACHE_PAGE_SECONDS)
        except CacheUnavailable:
            pass
        except Exception:
            logger.warning("Could not store %s in the cache.", name, exc_info=True)
    return value


# The release: a deploy must not serve pages rendered by the previous code.


@functools.cache
def release():
    """A fingerprint of the code, templates, translations and static manifest."""
    base = settings.BASE_DIR
    patterns = ("*.py", "*.html", "*.txt", "*.mo")
    files = set()
    for folder in ("temperatur", *sorted(CONTENT_APPS), "templates", "locale"):
        for pattern in patterns:
            files.update((base / folder).rglob(pattern))
    manifest = settings.STATIC_ROOT and settings.STATIC_ROOT / "staticfiles.json"
    if manifest and manifest.exists():
        files.add(manifest)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Pages


def page_key(request, version):
    """The cache key of the page ``request`` asks for, at content ``version``."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    url_hash = hashlib.sha256(url.encode()).hexdigest()[:32]
    # The path names the language (temperatur/language.py); kept in the key all the same.
    language = language_of_path(request.path_info)
    return f"page:{release()}:{version}:{language}:{url_hash}"


def page_etag(key):
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:24])


@functools.lru_cache(maxsize=8)
def _excluded_prefixes(urlconf):
    """The admin's and the health check's paths: never cached, whatever they answer."""
    prefixes = []
    for name in ("admin:index", "healthz"):
        with contextlib.suppress(NoReverseMatch):
            prefixes.append(reverse(name, urlconf=urlconf))
    return tuple(prefixes)


def _is_personal(request):
    """A session (someone may be logged in) or a message waiting to be shown."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def _request_is_cacheable(request):
    return (
        settings.CACHE_PAGES
        and request.method in ("GET", "HEAD")
        and not _is_personal(request)
        and not request.path.startswith(_excluded_prefixes(get_urlconf()))
        and not in_transaction()
    )


def not_page_cached(view):
    """Keep a view's responses out of the page cache (they still may be cached by browsers).

    For pages with endless distinct URLs, such as search results: each would take an entry
    and push out the pages everyone reads.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.not_page_cached = True
        return response

    return wrapper


def _response_is_cacheable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, "not_page_cached", False):
        return False
    if response.has_header("ETag") or response.has_header("Last-Modified"):
        return False  # the view answers conditional requests itself
    vary = {value.lower() for value in cc_delim_re.split(response.get("Vary", "")) if value}
    if not vary <= ALLOWED_VARY:
        return False  # e.g. Vary: Cookie, a page that depends on who asks
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in UNCACHEABLE_CONTROL)


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD requests of public pages from the shared cache.

    Placed early, inside the compression: a hit skips sessions, CSRF and the rest, and a
    stored response carries the headers the inner middleware added (Content-Language,
    Vary, X-Frame-Options). The gzip body is stored with it, so a hit is never compressed
    again (temperatur/compression.py). ``CACHE_PAGES=0`` turns it off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        try:
            cache = _cache()
            version = content_version(cache)
            key = page_key(request, version)
            entry = cache.get(key)
        except DisallowedHost:
            raise  # a 400, as CommonMiddleware would answer
        except CacheUnavailable:
            return self.get_response(request)  # the backend has said so once
        except Exception:
            logger.warning("Cache unavailable; serving the page uncached.", exc_info=True)
            return self.get_response(request)
        request.content_version = version
        etag = page_etag(key)
        if entry is not None:
            content, headers, compressed = entry
            response = HttpResponse(content, headers=headers)
            response.gzip_body = compressed  # for temperatur.web.compression, compressed once
            return get_conditional_response(request, etag=etag, response=response)

        response = self.get_response(request)
        if request.method != "GET" or not _response_is_cacheable(response):
            return response
        response["ETag"] = etag
        patch_cache_control(response, max_age=0, must_revalidate=True)
        if is_compressible(response):
            response.gzip_body = gzip_body(response.content)
        entry = (response.content, list(response.items()), getattr(response, "gzip_body", None))
        try:
            cache.set(key, entry, settings.CACHE_PAGE_SECONDS)
        except CacheUnavailable:
            pass
        except Exception:
            logger.warning("Could not store the page in the cache.", exc_info=True)
        return get_conditional_response(request, etag=etag, response=response)

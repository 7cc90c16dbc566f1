"""Reference tables kept per process, under a version that only their own edits change.

The filter forms offer whole tables as their choices (regions, municipalities, domains,
rounds, areas, measurements: ``settings.KEPT_TABLES``). Read and made into instances on
every request, they were about a sixth of the project list's time; and they change a few
times a year, while projects, observations and records change every day. So each process
keeps the rows of these tables, read once, and every request gets fresh copies of them
(what a request sets on its instances stays with that request).

What the process kept is checked on every use against the *tables version*: a random
token in the shared cache (``caches["default"]``), replaced when a change to one of these
tables is committed (``post_save``, ``post_delete``), by any process, and by
``schedule_bump()`` of the writers that send no signals
(``temperatur.web.cache.schedule_bump``). The token is read before the rows, so rows read
from before a change can never be kept under the version that follows it; a request reads
it once (a page's filter forms ask for half a dozen tables), or again after a bump of
its own. Unlike the
pages and values cached per content version (``temperatur.web.cache``), the kept tables
survive an edit of a project, an observation or a record: a page served after such an
edit reads everything else afresh.

Nothing is kept or used inside a transaction (what it reads might be rolled back, and a
test that wraps itself in one sees its own rows), with ``KEEP_TABLES`` off (the default
with debug on), or when the cache does not answer: the rows are then read as usual.
"""

import logging
import threading

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_delete, post_save

from temperatur.core.statements import kept_table, reads_whole_table
from temperatur.core.versions import SharedVersion, on_commit_once

logger = logging.getLogger(__name__)

_KEPT = {}  # (label, database alias) -> (version, the rows as read, never handed out)
_cache_failed = threading.Event()


def table_rows(queryset):
    """``list(queryset)``: for a whole table of ``KEPT_TABLES`` read in its own order,
    fresh copies of the rows this process keeps, while their version holds."""
    return read_table(queryset)[0]


def read_table(queryset):
    """``(rows, version)``: ``table_rows(queryset)`` and the tables version the rows are
    of, or None when they were read without keeping them."""
    if not _keeps(queryset):
        return list(kept_table(queryset)), None
    try:
        version = tables_version()
    except Exception:
        if not _cache_failed.is_set():  # once per outage, not once per request
            logger.warning("Cache unavailable; reading the tables without it.", exc_info=True)
        _cache_failed.set()
        version = None
    else:
        _cache_failed.clear()
    if version is None:
        return list(kept_table(queryset)), None
    key = (queryset.model._meta.label, queryset.db)
    found = _KEPT.get(key)
    if found is None or found[0] != version:
        found = _KEPT[key] = (version, list(kept_table(queryset)))
    return [_copy(row) for row in found[1]], version


def _keeps(queryset):
    return (
        getattr(settings, "KEEP_TABLES", False)
        and queryset.model._meta.label in settings.KEPT_TABLES
        and reads_whole_table(queryset)
        and not transaction.get_connection(queryset.db).in_atomic_block
    )


def _copy(row):
    """A copy of a row as read from the database: its fields, a state of its own (no related
    rows cached yet)."""
    copy = object.__new__(type(row))
    copy.__dict__.update(row.__dict__)
    copy._state = ModelState()
    copy._state.db = row._state.db
    copy._state.adding = False
    return copy


TABLES = SharedVersion("tables-version", "tables")
_bump_pending = TABLES.pending


_request = threading.local()  # .version while a request is served: read once in it
_UNREAD = object()


def tables_version():
    """The current tables version, or None while a bump this process made is not stored
    (then nothing it kept may be used). Read once per request (a page's filter forms ask
    for each of their tables), every time outside one."""
    seen = getattr(_request, "version", None)
    if seen is not None and seen is not _UNREAD:
        return seen
    version = TABLES.current(caches["default"])
    version = None if TABLES.pending.is_set() else version
    if seen is _UNREAD and version is not None:
        _request.version = version
    return version


def bump_tables_version():
    """Start a new tables version: every process reads the kept tables again."""
    TABLES.bump(caches["default"])
    if hasattr(_request, "version"):
        _request.version = _UNREAD


def _request_started(**kwargs):
    _request.version = _UNREAD


def _request_finished(**kwargs):
    _request.__dict__.pop("version", None)


def schedule_tables_bump(using=None):
    """Bump the tables version when the current transaction commits, once per transaction."""
    on_commit_once(bump_tables_version, using)


def _table_changed(sender, **kwargs):
    if sender._meta.label in settings.KEPT_TABLES:
        schedule_tables_bump(using=kwargs.get("using"))


request_started.connect(_request_started, dispatch_uid="temperatur.core.tables.started")
request_finished.connect(_request_finished, dispatch_uid="temperatur.core.tables.finished")
post_save.connect(_table_changed, dispatch_uid="temperatur.core.tables.post_save")
post_delete.connect(_table_changed, dispatch_uid="temperatur.core.tables.post_delete")

"""Compiled SQL kept per process, for queries that take longer to compile than to run.

Django builds and compiles a query again for every request. For the queries of the public
pages, that took longer than the database took to answer them (at 10,000 projects, an
area's page spent about 5 ms compiling and 4 ms in the database). Their SQL depends only on
what is in their key (the area, the page's keys, the database …), so it is built and
compiled once per process and key and kept (at most ``MAX_KEPT`` statements; then the
store starts afresh). The rows are read from the database on every request.

Two forms: :func:`kept` keeps any value that a build makes of its key (SQL and
parameters, for ``raw()``); :func:`kept_queryset` keeps a queryset and what Django reads
its rows with, for queries that return model instances with their joined rows.

A key that leaves out something the SQL depends on would give another request's SQL. With
``settings.CHECK_KEPT_STATEMENTS`` (on in the tests) every use builds and compiles afresh
and fails loudly where the kept SQL differs.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models import Prefetch
from django.db.models.query import ModelIterable
from django.db.models.sql import Query

_KEPT = {}
MAX_KEPT = 512


class KeptStatementMismatch(AssertionError):
    """A kept statement differs from the one its key's build makes now: the key is short."""


def _checking():
    return getattr(settings, "CHECK_KEPT_STATEMENTS", False)


def _keep(key, value):
    if len(_KEPT) >= MAX_KEPT:
        _KEPT.clear()
    _KEPT[key] = value
    return value


def kept(key, build):
    """``build()``'s result, kept under ``key``: a tuple that starts with the query's name
    and holds everything its SQL depends on, the database's vendor included.

    A key that cannot be one (a list among the parameters) is built every time.
    """
    try:
        found = _KEPT.get(key)
    except TypeError:
        return build()
    if found is None:
        return _keep(key, build())
    if _checking() and (fresh := build()) != found:
        raise KeptStatementMismatch(f"{key!r}: kept {found!r}, now {fresh!r}")
    return found


def kept_queryset(key, build):
    """A fresh copy of the queryset ``build()`` makes, built and compiled once per process
    and ``key`` (a tuple that starts with the query's name and holds everything its SQL
    and its prefetches' SQL depend on; the database is added). Read it as it is: a copy
    made of it (``filter()``, ``count()``, a slice, a subquery) is an ordinary queryset,
    compiled as usual; its prefetches are compiled as usual too."""
    try:
        queryset = _KEPT.get(("queryset", key))
    except TypeError:
        return build()
    if queryset is None or _checking():
        fresh = build()
        if fresh._known_related_objects:
            # A reverse relation's manager (``area.challenges``) hands its instance to
            # every row; kept, that would be the first request's copy of it.
            raise ValueError(f"{key!r}: build the queryset from the model's own manager.")
        if queryset is not None and _prefetches(fresh) != _prefetches(queryset):
            raise KeptStatementMismatch(f"{key!r}: the prefetched rows' queries differ")
        queryset = _keep(("queryset", key), fresh)
    copy = queryset.all()
    copy.query.__class__ = _KeptQuery
    copy.query.kept_key = key
    return copy


def _prefetches(queryset):
    """What a queryset's prefetches read, for comparing two (their SQL: when checking)."""
    return [
        (
            lookup.prefetch_through,
            lookup.to_attr,
            None if lookup.queryset is None else str(lookup.queryset.query),
        )
        if isinstance(lookup, Prefetch)
        else lookup
        for lookup in queryset._prefetch_related_lookups
    ]


def kept_table(queryset):
    """``queryset`` read with SQL kept per model when it reads a whole table in the model's
    own order (``Model.objects.all()``: a form's choices); any other queryset as it is."""
    if not reads_whole_table(queryset):
        return queryset
    model = queryset.model
    return kept_queryset(("whole-table", model._meta.label, queryset.db), lambda: queryset)


def reads_whole_table(queryset):
    query = queryset.query
    return (
        type(query) is Query
        and queryset._iterable_class is ModelIterable
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
        and not query.where
        and not query.annotations
        and not query.order_by
        and not query.extra_order_by
        and query.default_ordering
        and not query.extra
        and not query.distinct
        and not query.combinator
        and query.select_related is False
        and query.deferred_loading == (frozenset(), True)
        and (query.low_mark, query.high_mark) == (0, None)
    )


@dataclass(frozen=True)
class _Compiled:
    """What a compiler works out before it reads rows: its SQL and how to read them."""

    sql: str | None  # None: the query can match no rows (``pk__in=[]``, a page past the end)
    params: tuple | None
    select: list
    klass_info: dict
    annotation_col_map: dict
    col_count: int
    has_extra_select: bool

    @classmethod
    def of(cls, compiler):
        try:
            sql, params = compiler.as_sql()
            params = tuple(params)
        except EmptyResultSet:  # raised once the select is worked out, which is kept too
            sql = params = None
        return cls(
            sql,
            params,
            compiler.select,
            compiler.klass_info,
            compiler.annotation_col_map,
            compiler.col_count,
            compiler.has_extra_select,
        )

    def apply(self, compiler):
        compiler.select = self.select
        compiler.klass_info = self.klass_info
        compiler.annotation_col_map = self.annotation_col_map
        compiler.col_count = self.col_count
        compiler.has_extra_select = self.has_extra_select
        compile_afresh = compiler.as_sql

        def as_sql(with_limits=True, with_col_aliases=False):
            if not with_limits or with_col_aliases:
                return compile_afresh(with_limits, with_col_aliases)
            if self.sql is None:
                raise EmptyResultSet  # Django answers it without the database
            return self.sql, self.params

        compiler.as_sql = as_sql


class _KeptQuery(Query):
    """A query whose compiled SQL is kept under ``kept_key``; its copies are ordinary."""

    def clone(self):
        clone = super().clone()
        clone.__class__ = Query
        clone.__dict__.pop("kept_key", None)
        return clone

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        key = ("compiled", self.kept_key, compiler.connection.alias, elide_empty)
        found = _KEPT.get(key)
        if found is None or _checking():
            fresh = _Compiled.of(compiler)
            if found is not None and (fresh.sql, fresh.params) != (found.sql, found.params):
                raise KeptStatementMismatch(
                    f"{self.kept_key!r}: kept {found.sql!r} {found.params!r}, "
                    f"now {fresh.sql!r} {fresh.params!r}"
                )
            found = found or _keep(key, fresh)
        found.apply(compiler)
        return compiler

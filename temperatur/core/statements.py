"""Compiled SQL kept per process, for queries that take longer to compile than to run.

Django compiles a query again for every request. For a few queries of the public pages
(the temperature's counts, the heat map's cells) that took longer than the database took
to answer them. Their SQL depends only on what is in their key (e.g. the view's own SQL and
parameters), so it is compiled once per process and key and kept (at most ``MAX_KEPT``
statements; then the store starts afresh).
"""

_KEPT = {}
MAX_KEPT = 512


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
        found = build()
        if len(_KEPT) >= MAX_KEPT:
            _KEPT.clear()
        _KEPT[key] = found
    return found

"""Versions in the shared cache that a commit replaces: what every process checks before
it uses what it has kept (the page cache's content version, ``temperatur.web.cache``; the
kept reference tables' version, ``temperatur.core.tables``).

A version is a random token, not a counter: should its key be evicted, no old version
(and nothing stored under it) can ever come back. A bump that the cache does not take
(a Redis that is down) is made as soon as it answers again, before the version is read.
"""

import logging
import secrets
import threading

from django.db import transaction

logger = logging.getLogger(__name__)


class SharedVersion:
    def __init__(self, key, what):
        self.key = key
        self.what = what  # for the log: "content", "tables"
        # A bump this process could not store; made when the cache answers.
        self.pending = threading.Event()

    def current(self, cache):
        """The current version: a short random token, created when missing."""
        if self.pending.is_set():
            self.bump(cache)
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, secrets.token_hex(8), timeout=None)
            version = cache.get(self.key)
        return version

    def bump(self, cache):
        """Start a new version now: nothing kept under the old one is used again."""
        try:
            cache.set(self.key, secrets.token_hex(8), timeout=None)
        except Exception:
            if not self.pending.is_set():
                logger.warning(
                    "Could not start a new %s version; will when the cache answers.", self.what
                )
            self.pending.set()
        else:
            self.pending.clear()


def on_commit_once(function, using=None):
    """Call ``function`` when the current transaction commits (at once outside one), once
    per transaction however often this is asked. Only after the commit: a request in
    another process that read a new version before the commit could otherwise keep what
    it read of the old data under it."""
    connection = transaction.get_connection(using)
    if any(callback[1] is function for callback in connection.run_on_commit):
        return
    transaction.on_commit(function, using=using, robust=True)

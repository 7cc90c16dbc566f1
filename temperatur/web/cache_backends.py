"""The two cache backends the settings choose between, each Django's own with one fix.

:class:`FileBasedCache` (no ``REDIS_URL``: a folder shared by the machine's processes)
makes ``add()`` and ``incr()`` atomic between processes and threads, which Django's folder
cache does not (it reads, then writes): the error-report rate limit counts with them.

:class:`RedisCache` (``REDIS_URL``) gives up quickly on a Redis that is down or hangs.
Connecting and each answer have short timeouts (the ``socket_connect_timeout`` and
``socket_timeout`` options, set from ``REDIS_TIMEOUT``) and nothing is retried. After a
failure a circuit breaker opens: for ``RETRY_AFTER`` seconds this process does not ask
Redis at all, and every call raises :class:`CacheUnavailable` at once. Callers serve the
page uncached (``temperatur.web.cache``), so a dead Redis costs each process one timeout per
``RETRY_AFTER`` seconds, and ``/healthz/`` reports the cache as degraded.
"""

import contextlib
import functools
import logging
import os
import pickle
import threading
import time
import zlib

import redis
from django.core.cache.backends import filebased
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.files import locks
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


class FileBasedCache(filebased.FileBasedCache):
    """Django's folder cache; ``add()`` and ``incr()`` hold a lock file in the folder."""

    lock_name = "atomic.lock"  # not a *.djcache file: never culled or cleared

    @contextlib.contextmanager
    def _exclusive(self):
        self._createdir()
        with open(os.path.join(self._dir, self.lock_name), "ab") as lock_file:
            locks.lock(lock_file, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock_file)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._exclusive():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        """Add ``delta`` to the stored number and return it; the entry keeps its expiry
        (Django's folder cache would restart it at the default timeout)."""
        with self._exclusive():
            try:
                with open(self._key_to_file(key, version), "rb") as entry:
                    expiry = pickle.load(entry)
                    value = pickle.loads(zlib.decompress(entry.read()))
            except (FileNotFoundError, EOFError):
                raise ValueError(f"Key {key!r} not found.") from None
            remaining = None if expiry is None else expiry - time.time()
            if remaining is not None and remaining <= 0:
                raise ValueError(f"Key {key!r} not found.")
            value += delta
            self.set(key, value, remaining, version)
            return value


class CacheUnavailable(Exception):
    """Redis did not answer in time, or did not answer a moment ago."""


class CircuitBreaker:
    """Whether Redis may be asked, shared by every thread of the process."""

    def __init__(self, retry_after):
        self.retry_after = retry_after
        self.open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return time.monotonic() < self.open_until

    def failed(self, location, error):
        with self._lock:
            already_open = self.open_until > 0
            self.open_until = time.monotonic() + self.retry_after
        if not already_open:
            logger.warning(
                "Redis at %s does not answer (%s); pages are served uncached, and Redis is "
                "asked again in %d seconds.",
                location,
                error,
                self.retry_after,
            )

    def succeeded(self, location):
        if self.open_until:
            with self._lock:
                self.open_until = 0.0
            logger.warning("Redis at %s answers again.", location)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location, retry_after):
    """One breaker per Redis address in this process (Django makes a backend per thread)."""
    with _breakers_lock:
        return _breakers.setdefault(location, CircuitBreaker(retry_after))


# Redis is down, hangs or refuses the connection; other errors are not about availability.
UNAVAILABLE_ERRORS = (redis.ConnectionError, redis.TimeoutError, OSError)


def _guarded(operation):
    @functools.wraps(operation)
    def call(self, *args, **kwargs):
        if self.breaker.is_open:
            raise CacheUnavailable(f"Redis at {self.location} is not asked for a while.")
        try:
            result = operation(self, *args, **kwargs)
        except UNAVAILABLE_ERRORS as error:
            self.breaker.failed(self.location, error)
            raise CacheUnavailable(f"Redis at {self.location} does not answer.") from error
        self.breaker.succeeded(self.location)
        return result

    return call


class GuardedRedisClient(django_redis.RedisCacheClient):
    """Django's Redis client, each operation behind the process's circuit breaker."""

    def __init__(self, servers, *, breaker, **options):
        # A retry would multiply the time a hung Redis costs.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(servers, **options)
        self.breaker = breaker
        self.location = ",".join(servers)


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(GuardedRedisClient, _name, _guarded(getattr(django_redis.RedisCacheClient, _name)))


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache with short timeouts and a circuit breaker (module docstring).

    ``OPTIONS["RETRY_AFTER"]``: seconds without asking Redis after a failure (default 30).
    The other options go to redis-py's connection pool, as with Django's own backend.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._options = dict(self._options)
        retry_after = self._options.pop("RETRY_AFTER", 30)
        self.breaker = breaker_for(",".join(self._servers), retry_after)
        self._class = functools.partial(GuardedRedisClient, breaker=self.breaker)

    def is_available(self):
        """False while the breaker keeps this process from asking Redis."""
        return not self.breaker.is_open

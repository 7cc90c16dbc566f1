"""The cache backends (temperatur/cache_backends.py): counting that is atomic in the cache
folder, and a Redis that is down or hangs costing one short timeout, not every page.

The timing bounds are the one place the suite measures time: the issue is a bound on it.
They have wide margins (a hung Redis used to cost 10–20 s a page, or hang for good); the
exact claims, »nothing more is asked of Redis«, are checked by counting connections.
"""

import contextlib
import multiprocessing
import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from temperatur.settings import caches_from_env
from temperatur.web import cache as page_cache
from temperatur.web import cache_backends
from temperatur.web.cache_backends import CacheUnavailable
from tests.factories import make_project

TIMEOUT = 0.2
# The first request may cost the timeout once, plus rendering on a busy test machine.
FIRST_REQUEST_BOUND = 3.0


@pytest.fixture(autouse=True)
def fresh_breakers():
    """Each test starts with every circuit breaker closed, as a new process would."""
    cache_backends._breakers.clear()
    yield
    cache_backends._breakers.clear()


# The cache folder: add() and incr() are atomic


@pytest.fixture
def folder_cache(settings, tmp_path):
    settings.CACHES = caches_from_env("", str(tmp_path / "cache"))
    return caches["default"]


def test_incr_in_the_folder_keeps_the_entrys_expiry(folder_cache, monkeypatch):
    folder_cache.add("teller", 0, 600)
    folder_cache.incr("teller")
    later = time.time() + 599
    monkeypatch.setattr(time, "time", lambda: later)
    assert folder_cache.get("teller") == 1  # Django's folder cache: gone after 300 s
    monkeypatch.setattr(time, "time", lambda: later + 2)
    assert folder_cache.get("teller") is None


def test_incr_of_a_missing_entry_in_the_folder_is_a_value_error(folder_cache):
    with pytest.raises(ValueError):
        folder_cache.incr("findes-ikke")


def _count_in_parallel(alias, key, start):
    """add() then incr() from one worker; the count it saw."""
    cache = caches.create_connection(alias)  # a client of its own, like another worker
    start.wait()
    cache.add(key, 0, 600)
    return cache.incr(key)


def _threads(key, workers=20):
    start = threading.Barrier(workers)
    counts = []

    def work():
        counts.append(_count_in_parallel("default", key, start))

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts


def _process_worker(key, start, results):
    results.put(_count_in_parallel("default", key, start))


def _processes(key, workers=20):
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=_process_worker, args=(key, start, results)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    counts = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join()
    return counts


@pytest.mark.parametrize("parallel", [_threads, _processes], ids=["threads", "processes"])
def test_parallel_counting_in_the_folder_loses_no_count(folder_cache, parallel):
    counts = parallel("teller")
    assert sorted(counts) == list(range(1, 21))
    assert folder_cache.get("teller") == 20


@pytest.mark.parametrize("parallel", [_threads, _processes], ids=["threads", "processes"])
def test_parallel_counting_in_redis_loses_no_count(redis_cache, parallel):
    counts = parallel("teller")
    assert sorted(counts) == list(range(1, 21))
    assert caches["default"].get("teller") == 20


# A Redis that is down or hangs


class HungRedis:
    """A server that accepts connections and never answers, like a Redis stuck in a long
    command or behind a dead network path. It counts the connections it accepts, and
    drops each after a few seconds, so that a client without a timeout fails the test
    instead of hanging it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._open = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/14"

    def _accept(self):
        self.server.settimeout(0.05)
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = self.server.accept()
                self.connections += 1
                self._open.append((time.monotonic(), connection))
            for opened, connection in list(self._open):
                if time.monotonic() - opened > 5:
                    connection.close()
                    self._open.remove((opened, connection))

    def close(self):
        self._stop.set()
        self._thread.join()
        for _, connection in self._open:
            connection.close()
        self.server.close()


@pytest.fixture
def hung_redis():
    server = HungRedis()
    yield server
    server.close()


@pytest.fixture
def stopped_redis_url():
    """The address of a Redis that is not running: a port nobody listens on."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/14"


def use_redis(settings, url):
    settings.CACHES = caches_from_env(url, "unused", redis_timeout=TIMEOUT)
    settings.CACHE_PAGES = True


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_a_hung_redis_costs_one_timeout_then_is_not_asked(settings, hung_redis):
    use_redis(settings, hung_redis.url)
    cache = caches["default"]
    started = time.monotonic()
    with pytest.raises(CacheUnavailable):
        cache.get("x")
    assert time.monotonic() - started < FIRST_REQUEST_BOUND
    assert hung_redis.connections == 1
    for _ in range(20):
        with pytest.raises(CacheUnavailable):
            cache.set("x", 1)
    # Another thread's client of the same Redis is held back by the same breaker.
    other = caches.create_connection("default")
    with pytest.raises(CacheUnavailable):
        other.get("x")
    assert hung_redis.connections == 1


def test_redis_is_asked_again_after_the_pause(settings, redis_url, redis_prefix, monkeypatch):
    use_redis(settings, redis_url)
    settings.CACHES["default"]["KEY_PREFIX"] = redis_prefix
    cache = caches["default"]
    cache.breaker.failed(redis_url, "simulated")
    with pytest.raises(CacheUnavailable):
        cache.set("x", 1)
    assert not cache.is_available()
    resumed = time.monotonic() + 31
    monkeypatch.setattr(time, "monotonic", lambda: resumed)
    cache.set("x", 1)
    assert cache.get("x") == 1
    assert cache.is_available()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("redis_state", ["stopped", "hung"])
def test_pages_are_served_uncached_at_once_while_redis_is_down_or_hung(
    client, settings, redis_state, request
):
    if redis_state == "hung":
        server = request.getfixturevalue("hung_redis")
        url = server.url
    else:
        server = None
        url = request.getfixturevalue("stopped_redis_url")
    use_redis(settings, url)
    project = make_project(title="Et projekt")

    first, elapsed = timed(lambda: client.get(project.get_absolute_url()))
    assert first.status_code == 200
    assert "Et projekt" in first.content.decode()
    assert elapsed < FIRST_REQUEST_BOUND

    for path in (reverse("home"), reverse("projects:list"), project.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.has_header("ETag")  # served uncached
    if server is not None:
        assert server.connections == 1  # the first request's, and no more

    health = client.get(reverse("healthz"))
    assert health.status_code == 200
    assert health.content.decode().startswith("degraded")


@pytest.mark.django_db(transaction=True)
def test_healthz_says_ok_when_redis_answers(client, settings, redis_cache):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db(transaction=True)
def test_a_change_made_while_redis_is_down_is_seen_once_it_answers(
    client, settings, redis_cache, monkeypatch
):
    settings.CACHE_PAGES = True
    project = make_project(title="Før")
    assert client.get(project.get_absolute_url()).has_header("ETag")  # cached in Redis

    cache = caches["default"]
    cache.breaker.failed(redis_cache["LOCATION"], "simulated")  # Redis goes away
    project.title = "Efter"
    project.save()  # the bump cannot be stored
    assert "Efter" in client.get(project.get_absolute_url()).content.decode()

    resumed = time.monotonic() + 31
    monkeypatch.setattr(time, "monotonic", lambda: resumed)  # Redis answers again
    response = client.get(project.get_absolute_url())
    assert "Efter" in response.content.decode()
    assert not page_cache._bump_pending.is_set()

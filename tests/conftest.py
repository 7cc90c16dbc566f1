import pytest
from django.conf import settings as django_settings
from django.utils import translation


@pytest.fixture(autouse=True, scope="session")
def no_collected_static_files(tmp_path_factory):
    """Static files come from the apps' folders (the finders), as in CI, never from a
    ``staticfiles/`` that ``make serve`` or ``make bench`` collected on this machine:
    WhiteNoise reads all of that folder again for every test client, which made the suite
    take twice as long wherever it existed."""
    collected = django_settings.STATIC_ROOT
    django_settings.STATIC_ROOT = tmp_path_factory.mktemp("static") / "not-collected"
    yield
    django_settings.STATIC_ROOT = collected


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply: the real hasher costs about a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def check_kept_statements(settings):
    """Every kept statement is compiled afresh and compared with the kept one, so a key
    that leaves out something its SQL depends on fails the test that shows it."""
    settings.CHECK_KEPT_STATEMENTS = True


@pytest.fixture(autouse=True)
def check_written(settings):
    """Every kept fragment of HTML is written afresh and compared with the kept one, so a
    key that leaves out a value the HTML shows fails the test that shows it."""
    settings.CHECK_WRITTEN = True


@pytest.fixture
def written_as_in_production(settings):
    """Kept fragments of HTML used as production uses them (no second writing to compare),
    none kept before or after the test (``temperatur.core.written``)."""
    from temperatur.core import written

    settings.CHECK_WRITTEN = False
    written._WRITTEN.clear()
    yield
    written._WRITTEN.clear()


@pytest.fixture(autouse=True)
def danish_by_default():
    """Each test starts in Danish, whatever language an earlier request left active."""
    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def own_cache(settings, request):
    """Each test has an empty cache of its own (the rate limit, the content version), unless
    it sets up a real one itself; never the project's cache folder."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


@pytest.fixture
def redis_url():
    """A real Redis for the tests that need one: ``REDIS_TEST_URL`` or database 14 on this
    machine, never database 0. Every key a test writes carries the test's own prefix
    (``redis_prefix``) and is removed afterwards. Without a Redis the test is skipped, or
    fails under ``REQUIRE_REDIS_TESTS=1`` (CI, where the Makefile starts one)."""
    import os

    import redis

    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/14")
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        reason = f"no Redis at {url} to test against ({error})"
        if os.environ.get("REQUIRE_REDIS_TESTS") == "1":
            pytest.fail(f"{reason} (REQUIRE_REDIS_TESTS=1)", pytrace=False)
        pytest.skip(reason)
    yield url
    client.close()


@pytest.fixture
def redis_prefix(redis_url):
    """A key prefix of this test's own in the test Redis; its keys are deleted afterwards."""
    import uuid

    import redis

    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def redis_cache(settings, redis_url, redis_prefix):
    """The site's own Redis configuration (REDIS_URL) against the test Redis."""
    from temperatur.settings import caches_from_env

    settings.CACHES = caches_from_env(redis_url, "unused")
    settings.CACHES["default"]["KEY_PREFIX"] = redis_prefix
    return settings.CACHES["default"]


@pytest.fixture
def kept_tables(settings):
    """The reference tables kept per process, and the form groups written from them, as in
    production (``temperatur.core.tables``); empty before and after the test."""
    from temperatur.core import tables, written

    def forget():
        tables._KEPT.clear()
        tables._bump_pending.clear()
        tables._cache_failed.clear()
        written._WRITTEN.clear()

    settings.KEEP_TABLES = True
    forget()
    yield
    forget()


def pytest_collection_modifyitems(items):
    """Mark the slow kinds, so that ``make test-fast`` can leave them out: the browser tests
    (everything under tests/browser) and the property tests (hypothesis)."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
        if getattr(getattr(item, "function", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.fuzz)

import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from temperatur.settings import caches_from_env, database_from_url, env_bool, env_int


def test_sqlite_url_is_relative_to_project(settings):
    db = database_from_url("sqlite:///db.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert str(db["NAME"]).endswith("db.sqlite3")


def test_postgres_url_selects_psycopg_backend():
    db = database_from_url("postgres://postgres:hemmelig@127.0.0.1:5432/temperatur")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "temperatur",
        "postgres",
        "hemmelig",
        "127.0.0.1",
        "5432",
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host", "nonsense", "sqlite:///"])
def test_bad_database_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


def test_bad_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "måske")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_bad_integer_is_refused(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "tolv")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 1)


def _import_settings(**env):
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import temperatur.settings"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=str(__import__("django").conf.settings.BASE_DIR),
    )


def test_production_refuses_the_insecure_development_secret():
    result = _import_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret():
    result = _import_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("length", [32, 49])
def test_production_refuses_a_secret_check_deploy_would_warn_about(length):
    result = _import_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * length)
    assert result.returncode != 0
    assert "shorter than 50 characters" in result.stderr


def _manage(*args, **env):
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=clean,
        capture_output=True,
        text=True,
        cwd=str(__import__("django").conf.settings.BASE_DIR),
    )


PRINT_DEBUG = ("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")


def test_manage_py_without_a_secret_does_not_turn_debug_on_but_refuses_to_start():
    """The shell that ran create_local_editor on a copy of a real database had no key."""
    result = _manage(*PRINT_DEBUG)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "True" not in result.stdout


def test_manage_py_runs_with_debug_on_where_the_developer_says_so():
    result = _manage(*PRINT_DEBUG, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_manage_py_with_a_real_secret_runs_with_debug_off():
    result = _manage(*PRINT_DEBUG, DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_the_old_proxy_variable_is_refused_with_its_new_name():
    """AXES_PROXY_COUNT counted only for logins; a deploy that still sets it must not run
    with the rate limit counting the proxy."""
    result = _import_settings(DJANGO_DEBUG="1", AXES_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr


def _make(*args, **env):
    import os
    import subprocess

    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=str(__import__("django").conf.settings.BASE_DIR),
    )


def _free_port():
    import socket

    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@pytest.mark.parametrize("secret", [None, "x" * 49])
def test_make_serve_refuses_to_start_without_a_long_secret_even_with_debug_asked_for(secret):
    import socket

    port = _free_port()
    env = {"DJANGO_DEBUG": "1"}  # as a developer's shell might say; serve is production
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    result = _make("serve", f"PORT={port}", "DJANGO_DEBUG=1", **env)
    assert result.returncode != 0
    assert "DJANGO_DEBUG is off, but DJANGO_SECRET_KEY" in result.stderr
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass  # nothing listens: gunicorn never started


# The cache: a folder, or Redis where REDIS_URL names one


def test_without_redis_the_cache_is_a_local_folder():
    backend = caches_from_env("", ".cache")["default"]
    assert backend["BACKEND"].endswith("FileBasedCache")
    assert backend["LOCATION"].is_absolute()


def test_with_redis_url_the_cache_is_redis():
    backend = caches_from_env("redis://cache.internal:6379/1", ".cache")["default"]
    assert backend["BACKEND"] == "temperatur.web.cache_backends.RedisCache"
    assert backend["LOCATION"] == "redis://cache.internal:6379/1"
    # Short timeouts: a hung Redis must not hold up a page (tests/web/test_cache_backends.py).
    assert backend["OPTIONS"]["socket_connect_timeout"] <= 0.25
    assert backend["OPTIONS"]["socket_timeout"] <= 0.25


def test_a_bad_redis_url_is_refused():
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        caches_from_env("http://cache.internal", ".cache")


@pytest.mark.parametrize(
    "url", ["sqlite:///db.sqlite3", "postgres://postgres@127.0.0.1/temperatur"]
)
def test_workers_keep_their_database_connection(url, monkeypatch):
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    assert database_from_url(url)["CONN_MAX_AGE"] == 60
    assert database_from_url(url)["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert database_from_url(url)["CONN_MAX_AGE"] == 0


def test_postgres_sessions_plan_for_short_queries_on_data_in_memory(monkeypatch):
    monkeypatch.delenv("DATABASE_SESSION_OPTIONS", raising=False)
    assert database_from_url("postgres://postgres@127.0.0.1/temperatur")["OPTIONS"] == {
        "options": "-c jit=off -c random_page_cost=1.1"
    }
    # The URL's own options come after ours, so they may set either again.
    url = "postgres://postgres@127.0.0.1/temperatur?options=-c%20jit%3Don&sslmode=require"
    assert database_from_url(url)["OPTIONS"] == {
        "options": "-c jit=off -c random_page_cost=1.1 -c jit=on",
        "sslmode": "require",
    }


def test_an_operator_can_send_other_session_options_or_none(monkeypatch):
    url = "postgres://postgres@127.0.0.1/temperatur"
    monkeypatch.setenv("DATABASE_SESSION_OPTIONS", "-c jit=off")
    assert database_from_url(url)["OPTIONS"] == {"options": "-c jit=off"}
    # Empty: no options parameter at all (a pooler such as PgBouncer refuses it).
    monkeypatch.setenv("DATABASE_SESSION_OPTIONS", "")
    assert database_from_url(url)["OPTIONS"] == {}


@pytest.mark.django_db
def test_the_database_session_has_those_settings():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's settings")
    if "DATABASE_SESSION_OPTIONS" in os.environ:
        pytest.skip("the operator's own session options")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('random_page_cost')")
        assert cursor.fetchone() == ("off", "1.1")

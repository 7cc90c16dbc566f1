"""SQLite holds concurrent writes: saves under load wait for the lock instead of failing.

Several processes save through the admin while others fail logins (django-axes writes
each attempt), all against one SQLite file configured as ``DATABASE_URL`` configures it
(``temperatur.settings.SQLITE_OPTIONS``). Before write-ahead logging, the busy timeout and
immediate transactions, about one save in five failed with »database is locked«.

Every writer is ready (Django started, its client logged in) before any writes, and then
they all start at once (``sqlite_writers``), so the writes overlap from the first one; that
keeps the contention high with few writes each.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

from temperatur.settings import database_from_url

WRITERS = 4
SAVES = 6
LOGIN_PROCESSES = 2
LOGINS = 12


def test_sqlite_urls_get_wal_a_busy_timeout_and_immediate_transactions():
    options = database_from_url("sqlite:///db.sqlite3")["OPTIONS"]

    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_a_sqlite_connection_reads_the_file_memory_mapped(tmp_path, django_db_blocker):
    """Every request's new connection reads pages from the shared OS cache (environment.py)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings_dict = {**database_from_url(f"sqlite:///{tmp_path}/mapped.sqlite3"), "TIME_ZONE": None}
    wrapper = DatabaseWrapper(
        {
            **settings_dict,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        }
    )
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size")
            (mapped,) = cursor.fetchone()
            cursor.execute("PRAGMA journal_mode")
            (journal,) = cursor.fetchone()
    finally:
        wrapper.close()
    assert mapped >= 64 * 1024 * 1024
    assert journal == "wal"


def test_parallel_saves_and_failed_logins_on_sqlite_all_succeed(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/parallel.sqlite3",
        "CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_SETTINGS_MODULE": "temperatur.settings",
    }
    writers = subprocess.run(
        [sys.executable, "-m", "tests.editors.sqlite_writers"]
        + [str(n) for n in (WRITERS, SAVES, LOGIN_PROCESSES, LOGINS)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert writers.returncode == 0, writers.stderr[-3000:]
    results = json.loads(writers.stdout)

    assert len(results) == WRITERS + LOGIN_PROCESSES
    errors = [error for result in results for error in result["errors"]]
    assert errors == []
    assert sum(result["ok"] for result in results) == WRITERS * SAVES + LOGIN_PROCESSES * LOGINS

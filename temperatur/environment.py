"""Reading the environment for ``temperatur.settings``: small typed helpers that refuse a
bad value with ``ImproperlyConfigured`` instead of guessing, and the database and cache
settings built from a URL. Nothing here reads a variable by itself; settings.py says which.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of {sorted(TRUE_VALUES | FALSE_VALUES - {''})}, not {raw!r}."
    )


def env_int(name, default, *, minimum=None, maximum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {value}.")
    return value


def env_float(name, default, *, minimum, maximum):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number such as 0.2, not {raw!r}.") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {value}.")
    return value


def env_url(name, default=""):
    """An absolute http(s) address, or empty."""
    raw = os.environ.get(name, default).strip()
    if raw:
        parts = urlsplit(raw)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ImproperlyConfigured(f"{name} must be an address such as https://…, not {raw!r}.")
    return raw


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# SQLite under concurrent writes (several workers, editors saving, failed logins recorded):
# write-ahead logging lets readers go on while one writes; every transaction takes the
# write lock when it begins (IMMEDIATE), so two never deadlock halfway and fail with
# »database is locked«; and a writer waits up to 20 seconds for the lock instead of failing.
# Memory-mapped I/O (up to 256 MiB) reads the file's pages from the operating system's
# cache, which every connection shares, instead of copying each page in (at 10,000
# projects an area's page served 25 instead of 19 pages a second, a project's 32 instead
# of 26, when every request opened its own connection).
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


# How the site's PostgreSQL sessions plan their queries, sent as the connection's
# ``options`` (``DATABASE_SESSION_OPTIONS`` replaces them, empty sends none, for a pooler
# that refuses the parameter; a DATABASE_URL's own ``options`` come after them):
# - No JIT: PostgreSQL compiles a query to machine code when the planner's estimate is
#   above ``jit_above_cost``, which these pages' correlated subqueries reach at a few
#   thousand projects while they run in under a millisecond: at 10,000 projects, a
#   project's similar projects took 26 ms to compile and 1 ms to run.
# - A random read costs about what a sequential one does (``random_page_cost`` 1.1, not
#   4, which assumes spinning disks): the site's data fits in memory many times over, and
#   with 4 the planner read the whole project table, rows of several kilobytes, rather
#   than an index (at 10,000 projects the list's count took 5.9 ms instead of 2.0, two
#   filters' keys 17.5 instead of 7.5).
POSTGRES_SETTINGS = "-c jit=off -c random_page_cost=1.1"


def persistent_connections():
    """Each worker keeps its connection for ``DATABASE_CONN_MAX_AGE`` seconds (0: one per
    request), checked before a request reuses it. A new SQLite connection reads the schema
    and, when it is the last to close, checkpoints the write-ahead log: at 10,000 projects
    that was a fifth of an area's page, and a kept connection also keeps its page cache."""
    return {
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        "CONN_HEALTH_CHECKS": True,
    }


def database_from_url(url):
    """Translate a DATABASE_URL (sqlite:///path or postgres://…) into Django's dict."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise ImproperlyConfigured("DATABASE_URL=sqlite:/// needs a file name.")
        name = Path(path) if Path(path).is_absolute() else BASE_DIR / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": dict(SQLITE_OPTIONS),
            **persistent_connections(),
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://u@h/db.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("DATABASE_URL has an invalid port.") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        session = env_str("DATABASE_SESSION_OPTIONS", POSTGRES_SETTINGS).strip()
        if session or "options" in options:
            options["options"] = " ".join(filter(None, [session, options.get("options")]))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
            **persistent_connections(),
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:/// or postgres://, not {parts.scheme or url!r}."
    )


def caches_from_env(redis_url, cache_dir, *, redis_timeout=0.2, redis_retry_after=30):
    """Redis when REDIS_URL is set (shared by several machines), else a folder on this one.

    The folder is shared by all processes on the machine; it needs no service of its own.
    Redis is given ``redis_timeout`` seconds to connect and to answer; after a failure the
    process serves pages uncached and asks again after ``redis_retry_after`` seconds
    (temperatur/cache_backends.py).
    """
    if redis_url:
        if urlsplit(redis_url).scheme not in {"redis", "rediss", "unix"}:
            raise ImproperlyConfigured(
                f"REDIS_URL must start with redis://, rediss:// or unix://, not {redis_url!r}."
            )
        backend = {
            "BACKEND": "temperatur.web.cache_backends.RedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {
                "socket_connect_timeout": redis_timeout,
                "socket_timeout": redis_timeout,
                "RETRY_AFTER": redis_retry_after,
            },
        }
    else:
        backend = {
            "BACKEND": "temperatur.web.cache_backends.FileBasedCache",
            "LOCATION": Path(cache_dir) if Path(cache_dir).is_absolute() else BASE_DIR / cache_dir,
            # One entry per page and query string; FileBasedCache lists the folder on every
            # write, so keep this in the thousands.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000, minimum=100)},
        }
    backend["KEY_PREFIX"] = env_str("CACHE_KEY_PREFIX", "temperatur")
    return {"default": backend}

"""``make bench``: how fast the public pages answer, at the real content's size and at 10,000
projects.

    python -m temperatur.tools.bench [--sizes real,10000] [--duration 5] [--reuse]

For each size (``real``: the seeded content alone; a number: that many synthetic projects
over it):

1. Builds a separate database: ``bench.sqlite3``, or ``<name>_bench`` on the PostgreSQL
   server when ``DATABASE_URL`` points to one. Migrates, seeds, runs
   ``generate_demo_data`` (timed) for a number, and ``collectstatic``.
2. Counts the SQL queries of every page in this process (Django's test client and
   ``CaptureQueriesContext`` against the same database): a cache hit and the page itself.
3. Starts gunicorn on a free loopback port (DEBUG off, a generated secret, as if behind a
   TLS proxy), twice: pages cached (``CACHE_PAGES=1``, after warm-up requests) and page
   caching off (``CACHE_PAGES=0``). Drives /healthz/ and then each page with
   ``wrk --latency``, in ``--rounds`` rounds (3), and prints a Markdown table per run:
   each page's requests/s, p50 and p99 latency (each the median over the rounds) and its
   share of /healthz/'s requests/s: in each round against /healthz/ of that round, the
   median share and the lowest (targets for the median: 50 % cached, 10 % uncached). A machine
   whose speed drifts, or one slow moment, moves one round, not the verdict.
4. Exits non-zero when any request failed (a non-2xx answer or a socket error).

Only loopback traffic; every step has a bounded duration.
"""

import argparse
import contextlib
import io
import os
import secrets
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from temperatur.tools.wrk import PROXY_HEADER, Page, Result, get, gunicorn, run_wrk, summarise

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RESULTS_DIR = BASE_DIR / "bench-results"
SQLITE_FILE = BASE_DIR / "bench.sqlite3"
TARGETS = {"warm": 0.5, "cold": 0.1}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m temperatur.tools.bench", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=sizes,
        default=sizes("real,10000"),
        help="comma-separated: real (the seeded content alone) and/or numbers of synthetic "
        "projects",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--duration", type=positive, default=3, help="seconds of wrk per page and round"
    )
    parser.add_argument(
        "--rounds",
        type=positive,
        default=3,
        help="times every page is measured, /healthz/ first in each round; the median counts",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=min(max(os.cpu_count() or 2, 2), 4))
    parser.add_argument(
        "--reuse", action="store_true", help="keep an existing bench database of the same size"
    )
    parser.add_argument(
        "--only", choices=["warm", "cold"], help="run only the cached or the uncached round"
    )
    return parser.parse_args(argv)


def positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a whole number, 1 or more") from None
    if value < 1:
        raise argparse.ArgumentTypeError("a whole number, 1 or more")
    return value


def sizes(text):
    """``"real,10000"`` -> ``[0, 10000]``: 0 is the real content alone."""
    try:
        values = [0 if part == "real" else int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("sizes are 'real' or numbers, e.g. real,10000") from None
    if not values or any(value < 0 for value in values):
        raise argparse.ArgumentTypeError("sizes are 'real' or positive numbers")
    return values


def size_label(projects):
    from projects.models import Project

    if projects:
        return f"{projects:,} synthetic projects"
    return f"the real content ({Project.objects.published().count()} published projects)"


# The database


def bench_database_url():
    """Where the benchmark's database lives: never the database you work with."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = parts.path.lstrip("/") or "temperatur"
        return urlunsplit(parts._replace(path=f"/{name}_bench"))
    return f"sqlite:///{SQLITE_FILE}"


def recreate_database(url):
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def environment(database_url):
    return {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_PROXY_SSL_HEADER": f"HTTP_{PROXY_HEADER[0].upper().replace('-', '_')},"
        f"{PROXY_HEADER[1]}",
        "DJANGO_LOG_LEVEL": "ERROR",
        # Its own cache: a folder of its own, or its own keys in a shared Redis.
        "CACHE_DIR": str(BASE_DIR / ".cache" / "bench"),
        "CACHE_KEY_PREFIX": "bench",
        "CACHE_PAGES": "1",
    }


def build(args, database_url, projects):
    """Migrate, seed and generate ``projects`` synthetic projects (0: none)."""
    from django.core.management import call_command

    from projects.models import Project
    from temperatur.tools import demo

    if args.reuse:
        with contextlib.suppress(Exception):
            call_command("migrate", interactive=False, verbosity=0)  # the code may have moved on
            if Project.objects.synthetic().count() == projects and Project.objects.exists():
                print(f"Reusing {database_url} ({projects} synthetic projects).")
                return None
    from django.db import connections

    connections.close_all()
    recreate_database(database_url)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed", stdout=io.StringIO())
    if not projects:
        return None
    # generate() ends with ANALYZE, what autovacuum does in production soon after a bulk load.
    summary = demo.generate(projects=projects, seed=args.seed, clear=True)
    print(
        f"Demo data: {summary.projects} projects, {summary.observations} observed challenges, "
        f"{summary.participants} participants, {summary.resources} resources "
        f"in {summary.seconds:.1f} s."
    )
    return summary


def pages():
    from django.urls import reverse

    from challenges.models import ChallengeArea
    from projects.models import Domain, Project, Region

    published = Project.objects.published().order_by("slug")
    project = published.synthetic().first() or published.first()
    area = ChallengeArea.objects.order_by("order", "slug").first()
    domain = Domain.objects.order_by("order", "slug").first()
    region = Region.objects.order_by("code").first()
    projects = reverse("projects:list")
    temperature = reverse("challenges:temperature")
    return [
        Page("Health check", reverse("healthz")),
        Page("Front page", reverse("home")),
        Page("Projects", projects),
        Page("Projects, 2 filters", f"{projects}?region={region.slug}&area={area.slug}"),
        Page("One project", project.get_absolute_url()),
        Page("Temperature", temperature),
        Page("Temperature, filtered", f"{temperature}?owner_type=kommunal&domain={domain.slug}"),
        Page("One area", area.get_absolute_url()),
        Page("Resources", reverse("resources:list")),
        Page("Temperature JSON", f"{temperature}?format=json"),
    ]


def count_queries(page_list):
    """``{path: (queries of a cache hit, queries of the page itself)}``, in this process."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", headers=dict([PROXY_HEADER]))
    counts = {}
    for page in page_list:
        measured = []
        for cache_pages in (True, False):
            with override_settings(CACHE_PAGES=cache_pages):
                client.get(page.path)  # fills the cache, loads what a process loads once
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(page.path)
                if response.status_code != 200:
                    raise SystemExit(f"{page.path} answered {response.status_code}.")
                measured.append(len(queries))
        counts[page.path] = tuple(measured)
    return counts


def compare_cache_backends(page_list):
    """Microseconds per cache hit (version + page) for each backend a warm hit could use."""
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.management.commands.createcachetable import Command
    from django.test import Client

    body = Client(HTTP_HOST="127.0.0.1", headers=dict([PROXY_HEADER])).get(page_list[2].path)
    entry = (body.content, list(body.items()))
    command = Command()
    command.verbosity = 0
    command.create_table("default", "bench_cache", dry_run=False)
    backends = {
        "file": FileBasedCache(str(BASE_DIR / ".cache" / "bench-compare"), {}),
        "database": DatabaseCache("bench_cache", {}),
    }
    if os.environ.get("REDIS_URL"):
        from django.core.cache.backends.redis import RedisCache

        backends["redis"] = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "bench-compare"})
    timings = {}
    for name, cache in backends.items():
        cache.set("version", "abc", None)
        cache.set("page", entry, 600)
        rounds = 500
        started = time.perf_counter()
        for _ in range(rounds):
            cache.get("version")
            cache.get("page")
        timings[name] = (time.perf_counter() - started) / rounds * 1e6
        cache.delete("page")
    return len(entry[0]), timings


def measure(mode, args, env, page_list):
    """``args.rounds`` lists of results, one per round, each in ``page_list``'s order (the
    first page, /healthz/, is the round's floor)."""
    from temperatur.web.cache import bump_content_version

    bump_content_version()  # every run starts without cached pages
    rounds = []
    with gunicorn(
        {**os.environ, **env, "CACHE_PAGES": "1" if mode == "warm" else "0"}, args.workers
    ) as port:
        failed_warm_up = {}
        for page in page_list:
            # Warm-up: both workers load templates and open connections; fills the cache.
            try:
                statuses = {get(port, page.path) for _ in range(2 * args.workers)}
            except OSError as error:
                statuses = {repr(error)}
            if statuses != {200}:
                failed_warm_up[page] = f"warm-up answered {sorted(statuses)}"
        for _round in range(args.rounds):
            rounds.append(
                [
                    Result(page, errors=failed_warm_up[page])
                    if page in failed_warm_up
                    else run_wrk(port, page, args)
                    for page in page_list
                ]
            )
    return rounds


def table(mode, rounds, counts, args, database, projects):
    target = TARGETS[mode]
    title = "pages cached (CACHE_PAGES=1)" if mode == "warm" else "page caching off (CACHE_PAGES=0)"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"#### {title}: {database}, {size_label(projects)}, gunicorn {args.workers} "
        f"workers, wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
        f"{args.rounds} rounds ({os.cpu_count()} cores, load average {load} at the end)",
        "",
        "| Page | URL | SQL queries | Requests/s | p50 ms | p99 ms | Share of /healthz/ | "
        f"Lowest round | Target {target:.0%} |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for summary in summarise(rounds):
        hit, page_queries = counts.get(summary.page.path, (None, None))
        queries = hit if mode == "warm" else page_queries
        if summary.errors:
            verdict = "error: " + summary.errors
        else:
            verdict = "✓" if summary.share >= target else "✗"
        lines.append(
            f"| {summary.page.label} | `{summary.page.path}` | {queries} | "
            f"{summary.requests_per_second:,.0f} | {summary.p50_ms:.1f} | "
            f"{summary.p99_ms:.1f} | {summary.share:.0%} | {summary.lowest_share:.0%} | "
            f"{verdict} |"
        )
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (`make bench` installs it).")
    database_url = bench_database_url()
    env = environment(database_url)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "temperatur.settings")
    import django

    django.setup()
    from django.core.management import call_command

    database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    report, failed = [], False
    for projects in args.sizes:
        build(args, database_url, projects)
        call_command("collectstatic", interactive=False, verbosity=0)
        page_list = pages()
        counts = count_queries(page_list)
        if not report:
            size, timings = compare_cache_backends(page_list)
            report.append(
                f"Warm cache hit (version + a {size // 1024} KB page): "
                + ", ".join(f"{name} {micro:.0f} µs" for name, micro in timings.items())
            )
        for mode in ("warm", "cold"):
            if args.only and mode != args.only:
                continue
            rounds = measure(mode, args, env, page_list)
            failed |= any(result.errors for results in rounds for result in results)
            report.append(table(mode, rounds, counts, args, database, projects))
            print("\n" + report[-1] + "\n", flush=True)
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"bench-{database.lower()}-{time.strftime('%Y%m%d-%H%M%S')}.md"
    out.write_text("\n\n".join(report) + "\n")
    print(report[0])
    print(f"Written to {out.relative_to(BASE_DIR)}.")
    if failed:
        print("Some requests failed (see the tables).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

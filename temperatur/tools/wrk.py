"""For ``make bench``: serving a page with gunicorn, measuring it with wrk, the rounds summed up.

Only loopback traffic; every step has a bounded duration.
"""

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Production sits behind a proxy that terminates TLS; the benchmark says the same.
PROXY_HEADER = ("X-Forwarded-Proto", "https")
START_TIMEOUT = 30  # seconds for gunicorn to answer /healthz/


@dataclass(frozen=True)
class Page:
    label: str
    path: str


@dataclass
class Result:
    page: Page
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: str = ""
    queries: int | None = None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, timeout=60):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=dict([PROXY_HEADER]))
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(env, workers):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "temperatur.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--log-level=warning",
        "--timeout=60",
        "--graceful-timeout=5",
    ]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            with contextlib.suppress(OSError):
                if get(port, "/healthz/", timeout=2) == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start.")
            time.sleep(0.2)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def latency_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * LATENCY_UNITS[unit]


def parse_wrk(output, result):
    result.requests_per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    result.requests = int(re.search(r"(\d+) requests in", output).group(1))
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    result.p50_ms = latency_ms(percentiles["50"])
    result.p99_ms = latency_ms(percentiles["99"])
    problems = []
    sockets = re.search(r"Socket errors: (.+)", output)
    if sockets:
        problems.append(f"socket errors: {sockets.group(1)}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        problems.append(f"{non_2xx.group(1)} non-2xx responses")
    result.errors = "; ".join(problems)


def run_wrk(port, page, args):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout=10s",
        "--latency",
        "-H",
        f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}",
        f"http://127.0.0.1:{port}{page.path}",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=args.duration + 60, check=False
    )
    result = Result(page)
    if done.returncode != 0:
        result.errors = f"wrk failed: {done.stderr.strip()[:200]}"
        return result
    try:
        parse_wrk(done.stdout, result)
    except (AttributeError, KeyError):
        result.errors = "unreadable wrk output: " + " ".join(done.stdout.split())[-300:]
    return result


@dataclass
class Summary:
    """A page over the rounds: the median of each figure over the rounds, and its share of
    the floor (each round's /healthz/): the median share and the lowest."""

    page: Page
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    share: float
    lowest_share: float
    errors: str


def summarise(rounds):
    """One ``Summary`` per page of ``rounds`` (as ``measure`` returns them)."""
    summaries = []
    for results in zip(*rounds, strict=True):
        shares = [
            result.requests_per_second / (floor.requests_per_second or 1.0)
            for result, floor in zip(results, (each[0] for each in rounds), strict=True)
        ]
        errors = dict.fromkeys(result.errors for result in results if result.errors)
        summaries.append(
            Summary(
                page=results[0].page,
                requests_per_second=median(result.requests_per_second for result in results),
                p50_ms=median(result.p50_ms for result in results),
                p99_ms=median(result.p99_ms for result in results),
                share=median(shares),
                lowest_share=min(shares),
                errors="; ".join(errors),
            )
        )
    return summaries

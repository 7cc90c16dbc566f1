"""make bench: what it reads from wrk and which sizes it measures."""

import argparse

import pytest

from temperatur.tools.bench import sizes
from temperatur.tools.wrk import Page, Result, parse_wrk

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/udfordringer/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    3.02ms  40.11ms   80.00%
  Latency Distribution
     50%   11.90ms
     75%   13.10ms
     90%   15.00ms
     99%    1.20s
  3210 requests in 5.00s, 40.00MB read
  Non-2xx or 3xx responses: 7
Requests/sec:    642.00
Transfer/sec:      8.00MB
"""


def test_the_numbers_and_the_failures_come_from_wrk_s_report():
    result = Result(Page("Temperature", "/udfordringer/"))
    parse_wrk(WRK_OUTPUT, result)
    assert (result.requests_per_second, result.requests) == (642.0, 3210)
    assert (result.p50_ms, result.p99_ms) == (11.9, 1200.0)
    assert result.errors == "7 non-2xx responses"


def test_sizes_are_the_real_content_and_numbers_of_synthetic_projects():
    assert sizes("real,10000") == [0, 10_000]
    for bad in ("", "many", "-5"):
        with pytest.raises(argparse.ArgumentTypeError):
            sizes(bad)

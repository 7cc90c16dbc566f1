"""make bench: what it reads from wrk and which sizes it measures."""

import argparse

import pytest

from temperatur.tools.bench import parse_args, sizes
from temperatur.tools.wrk import Page, Result, parse_wrk, summarise

FLOOR = Page("Health check", "/healthz/")
AREA = Page("One area", "/udfordringer/data/")


def measured(*rounds):
    """Rounds of (floor, area) requests/s as ``measure`` returns them."""
    return [
        [Result(FLOOR, requests_per_second=floor), Result(AREA, requests_per_second=area)]
        for floor, area in rounds
    ]


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


def test_a_page_is_judged_by_its_median_round_and_shows_its_lowest():
    floor, area = summarise(measured((300, 20), (300, 40), (300, 45)))
    assert floor.share == floor.lowest_share == 1.0
    assert area.requests_per_second == 40
    assert area.share == pytest.approx(40 / 300)
    assert area.lowest_share == pytest.approx(20 / 300)


def test_each_round_s_share_is_against_the_floor_measured_in_that_round():
    # The machine halves its speed after the first round: the page's share stays 10 %.
    _floor, area = summarise(measured((600, 60), (300, 30), (300, 30)))
    assert area.share == area.lowest_share == pytest.approx(0.1)


def test_a_failure_in_any_round_is_reported_once():
    rounds = measured((300, 40), (300, 40), (300, 40))
    rounds[0][1].errors = rounds[2][1].errors = "3 non-2xx responses"
    _floor, area = summarise(rounds)
    assert area.errors == "3 non-2xx responses"


def test_rounds_and_durations_are_whole_numbers_from_one():
    assert (parse_args([]).rounds, parse_args(["--rounds", "5"]).rounds) == (3, 5)
    for bad in ("0", "-1", "two"):
        with pytest.raises(SystemExit):
            parse_args(["--rounds", bad])
        with pytest.raises(SystemExit):
            parse_args(["--duration", bad])

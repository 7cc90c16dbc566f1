"""HTML written once per process for each set of values (temperatur.core.written)."""

import pytest
from django.utils import translation

from temperatur.core import written as written_module
from temperatur.core.written import WrittenMismatch, written
from tests.factories import make_area


@pytest.fixture(autouse=True)
def nothing_written():
    written_module._WRITTEN.clear()
    yield
    written_module._WRITTEN.clear()


def counting(html):
    calls = []

    def write():
        calls.append(html)
        return html

    return write, calls


def test_the_same_values_are_written_once(settings):
    settings.CHECK_WRITTEN = False
    write, calls = counting("<p>3 af 8</p>")

    assert written(("share", 3, 8), write) == "<p>3 af 8</p>"
    assert written(("share", 3, 8), write) == "<p>3 af 8</p>"
    assert len(calls) == 1

    other, other_calls = counting("<p>4 af 8</p>")
    assert written(("share", 4, 8), other) == "<p>4 af 8</p>"
    assert len(other_calls) == 1


def test_each_language_is_written_apart(settings):
    settings.CHECK_WRITTEN = False
    danish, _calls = counting("<p>Ikke mødt</p>")
    english, _calls = counting("<p>Not met</p>")

    assert written(("cell",), danish) == "<p>Ikke mødt</p>"
    with translation.override("en"):
        assert written(("cell",), english) == "<p>Not met</p>"
    assert written(("cell",), english) == "<p>Ikke mødt</p>"


def test_a_key_that_leaves_out_a_shown_value_fails_when_checking(settings):
    settings.CHECK_WRITTEN = True
    written(("title",), lambda: "<h1>Gammel titel</h1>")

    with pytest.raises(WrittenMismatch):
        written(("title",), lambda: "<h1>Ny titel</h1>")


@pytest.mark.django_db
def test_a_row_must_be_named_by_its_values_not_its_instance(settings):
    """An instance compares by its id: kept under it, a renamed row would keep its old name."""
    settings.CHECK_WRITTEN = True
    area = make_area(name="Data")

    with pytest.raises(WrittenMismatch):
        written(("area", (area,)), lambda: "<p>Data</p>")


def test_a_value_that_cannot_be_a_key_is_written_every_time(settings):
    settings.CHECK_WRITTEN = False
    write, calls = counting("<ul></ul>")

    written(("rows", ["a list"]), write)
    written(("rows", ["a list"]), write)

    assert len(calls) == 2


def test_the_store_starts_afresh_when_full(settings, monkeypatch):
    settings.CHECK_WRITTEN = False
    monkeypatch.setattr(written_module, "MAX_WRITTEN", 2)
    for number in range(5):
        written(("n", number), lambda number=number: str(number))

    assert len(written_module._WRITTEN) <= 2
    assert written(("n", 4), lambda: "4") == "4"

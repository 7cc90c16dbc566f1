"""The files of the machine-readable twins of the public pages: CSV, JSON, file names.

``temperatur.web.renderers`` picks the representation (``?format=``) and hands rows to
:func:`csv_response` or a dict to :func:`json_response`. CSV is
written for a Danish spreadsheet: UTF-8 with a byte-order mark (so Excel reads
æøå) and semicolons between fields (Danish Excel uses the comma as decimal mark).

Every CSV the site and the admin write goes through :func:`csv_response`, and every cell
through :func:`spreadsheet_cell`, so that no text a visitor or a writer typed can run as a
formula in the spreadsheet that opens the file (CSV injection).
"""

import csv
import decimal
import io
import re

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.text import slugify

# What a spreadsheet reads as the start of a formula: = + - @ (and their full-width forms,
# which some spreadsheets also accept), and tab or carriage return before one of them.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# A number written as text: an optional sign, then digits with points or commas between
# them ("-3", "0,25", "-1.234,5"). It cannot call anything, so it stays a number.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)*")


def spreadsheet_cell(value):
    """``value`` as a CSV cell that a spreadsheet shows and never runs.

    Numbers (int, float, Decimal, and text that is only a number such as "-3" or "0,25")
    stay numbers. Text that starts with a formula character gets an apostrophe in front
    (``'=HYPERLINK(…)``), the mark spreadsheets use for »this is text«; all other text is
    unchanged. ``None`` is an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | decimal.Decimal):
        return value
    text = str(value)
    if text and text[0] in FORMULA_START and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(out, header, rows):
    """Write ``header`` then ``rows`` to the text stream ``out``, as every CSV of the site.

    A byte-order mark first, semicolons between fields, CRLF line ends; every cell made
    safe for spreadsheets. The column names are the same whatever the page's language.
    """
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(value) for value in header])
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])


def csv_text(header, rows):
    """The CSV of ``header`` and ``rows`` as text (for a file in a zip archive)."""
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def csv_response(filename, header, rows):
    """A CSV download: ``header`` then ``rows``, every cell made safe for spreadsheets."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    write_csv(response, header, rows)
    return response


def json_response(data, filename=None):
    """JSON (UTF-8, indented), readable by any site. With ``filename``, a browser that saves
    it offers that name (``filename.json``); it is still shown, not downloaded."""
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


# File names

# Parameters that never name what a file holds: the representation, the page of a list
# and the order of its rows.
NOT_IN_FILE_NAMES = frozenset({"format", "page", "sort"})
# Danish letters in file names, spelled as Danish addresses spell them.
ASCII_SPELLING = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
MAX_FILE_NAME = 150


def export_name(request, page, params=None):
    """A file name that says what the file holds: the page, its filters and the date.

    E.g. ``temperatur-domain-sundhed-measurement-m1-2026-12-01``: ``page`` (a slug), then
    each parameter of the request that is in ``params`` (every parameter but
    ``NOT_IN_FILE_NAMES`` when not given) with its values, in the order of the request, as
    slugs; then today's date. Only letters, digits and hyphens, at most 150 characters.
    """
    parts = [page]
    for name in request.GET:
        if name in NOT_IN_FILE_NAMES or (params is not None and name not in params):
            continue
        for value in request.GET.getlist(name):
            value = slugify(str(value).translate(ASCII_SPELLING))[:40]
            if value:
                parts.extend([slugify(name), value])
    date = timezone.localdate().isoformat()
    name = "-".join(part for part in parts if part)[: MAX_FILE_NAME - len(date) - 1]
    return f"{name.rstrip('-')}-{date}"


def csv_decimal(value, places=4):
    """A number as a CSV cell: rounded (never truncated) to ``places``, decimal comma.

    The CSV files are written for a Danish spreadsheet whatever the page's language (the
    data page documents the format); an unknown value is an empty cell, never 0.
    """
    if value is None:
        return None
    return f"{value:.{places}f}".replace(".", ",")

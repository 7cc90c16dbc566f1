"""Machine-readable twins of the public pages: ``?format=csv`` and ``?format=json``.

A view asks :func:`requested_format` which representation the visitor wants and
hands rows to :func:`csv_response` or a dict to :func:`json_response`. CSV is
written for a Danish spreadsheet: UTF-8 with a byte-order mark (so Excel reads
æøå) and semicolons between fields (Danish Excel uses the comma as decimal mark).
"""

import csv

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

FORMATS = ("html", "csv", "json")


class UnknownFormat(Exception):
    def __init__(self, value):
        super().__init__(value)
        self.value = value


def requested_format(request):
    """The representation asked for in ``?format=``; raise UnknownFormat for anything else."""
    value = request.GET.get("format", "html") or "html"
    if value not in FORMATS:
        raise UnknownFormat(value)
    return value


def unknown_format_response(error):
    from django.http import HttpResponseBadRequest

    return HttpResponseBadRequest(
        _("Ukendt format »%(format)s«. Brug format=csv eller format=json.")
        % {"format": error.value[:50]},
        content_type="text/plain; charset=utf-8",
    )


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return response


def json_response(data):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def csv_decimal(value, places=4):
    """A number as a CSV cell: rounded (never truncated) to ``places``, decimal comma.

    The CSV files are written for a Danish spreadsheet whatever the page's language (the
    data page documents the format); an unknown value is an empty cell, never 0.
    """
    if value is None:
        return None
    return f"{value:.{places}f}".replace(".", ",")

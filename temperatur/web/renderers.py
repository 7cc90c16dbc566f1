"""One layer for ``?format=``: a view finds its data once, a renderer writes the answer.

A view wrapped in :func:`format_view` knows the representation asked for
(``request.format``: html, csv or json) and returns :func:`respond` with an
:class:`Answer`: how to render the page, the data for JSON, the table for CSV, each
computed only when asked for. :data:`RENDERERS` turns the answer into the response; a
format the view does not offer is a 400, like a format nobody offers.

Input that cannot be used is a 400 too (:func:`invalid`), in one shape per format: the page
with its form errors, for CSV one line per message (``parameter: message``), and for JSON
(README, "Open data")::

    {"errors": {"<parameter>": ["<message>", …]}}

JSON answers, errors included, are UTF-8, indented and readable by any site
(``Access-Control-Allow-Origin: *``).
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .exports import csv_response, json_response


@dataclass(frozen=True)
class Answer:
    """What a view found, as each representation shows it (None: not offered)."""

    html: Callable[[], HttpResponse] | None = None
    data: Callable[[], dict] | None = None  # JSON
    table: Callable[[], tuple] | None = None  # CSV: (header, rows)
    filename: str | None = None


@dataclass(frozen=True)
class Renderer:
    part: str  # the Answer's attribute it needs
    render: Callable


RENDERERS = {
    "html": Renderer("html", lambda answer: answer.html()),
    "csv": Renderer("table", lambda answer: csv_response(answer.filename, *answer.table())),
    "json": Renderer("data", lambda answer: json_response(answer.data(), answer.filename)),
}
DEFAULT = "html"


def errors_json(errors):
    """``{"errors": {parameter: [message, …]}}`` from a form's errors or a plain dict."""
    return {
        "errors": {
            name: [str(message) for message in messages] for name, messages in errors.items()
        }
    }


def json_error(errors):
    response = json_response(errors_json(errors))
    response.status_code = 400
    return response


def text_error(errors):
    lines = [f"{name}: {message}" for name, messages in errors.items() for message in messages]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


def unknown_format(value):
    """400: ``?format=`` names a representation this page does not have."""
    return json_error(
        {
            "format": [
                _("Ukendt format »%(format)s«. Brug format=csv eller format=json.")
                % {"format": value[:50]}
            ]
        }
    )


def format_view(view):
    """Read ``?format=`` (empty: the page) into ``request.format``; refuse any other value."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        value = request.GET.get("format", DEFAULT) or DEFAULT
        if value not in RENDERERS:
            return unknown_format(value)
        request.format = value
        return view(request, *args, **kwargs)

    return wrapper


def respond(request, answer):
    renderer = RENDERERS[request.format]
    if getattr(answer, renderer.part) is None:
        return unknown_format(request.format)
    return renderer.render(answer)


def invalid(request, errors, *, page=None):
    """400 for input that cannot be used: ``page()`` for HTML, else the errors as data."""
    if request.format == "html" and page is not None:
        return page()
    if request.format == "csv":
        return text_error(errors)
    return json_error(errors)


def invalid_page(request, errors, template, context):
    """:func:`invalid`, the page being ``template`` with ``context`` (its form's errors)."""
    return invalid(request, errors, page=lambda: render(request, template, context, status=400))

"""The project list in the projects tests: its address, its rows, its filter set."""

import re
from html import unescape

from django.test import RequestFactory

from projects.filters import ProjectFilter
from projects.models import Project

LIST_URL = "/projekter/"


def rows(response):
    """The visible text of the result rows only (the filter form names every area, too)."""
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def run(query=""):
    """The project list's filter set for ``query``, over the published projects."""
    request = RequestFactory().get("/projekter/?" + query)
    return ProjectFilter(request.GET, queryset=Project.objects.published(), request=request)

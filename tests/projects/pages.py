"""Reading the project list in the projects tests."""

import re
from html import unescape

LIST_URL = "/projekter/"


def rows(response):
    """The visible text of the result rows only (the filter form names every area, too)."""
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))

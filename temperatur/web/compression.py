"""Pages sent gzip-compressed to anonymous visitors, never a page that carries a secret.

:class:`CompressionMiddleware` compresses public pages, their CSV/JSON twins, the feeds
and the sitemap when the browser accepts gzip. Pages served from the page cache are
compressed once, when stored (``temperatur.web.cache`` keeps the gzip body beside the page),
so a cache hit costs no compression.

BREACH: an attacker who can make a victim's browser load a page with text of the
attacker's choice reflected in it, and who sees the compressed size, can guess a secret on
the same page byte by byte. So nothing is compressed that carries a CSRF token (the
error-report form, the admin and its login), sets a cookie, or answers a visitor with a
session (an editor: the page may show what only they see). Static files are WhiteNoise's,
compressed when collected.
"""

import gzip
import re

from django.conf import settings
from django.utils.cache import patch_vary_headers

# Shorter bodies gain nothing (the gzip header alone is 20 bytes).
MIN_LENGTH = 200
COMPRESSIBLE_TYPES = re.compile(
    r"^(text/|application/(json|atom\+xml|xml|javascript)|image/svg\+xml)", re.IGNORECASE
)
ACCEPT_ENCODING_ITEM = re.compile(r"^\s*([\w*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def accepts_gzip(request):
    """Does the browser's Accept-Encoding allow gzip (or anything, ``*``) with q > 0?"""
    weights = {}
    for item in request.headers.get("Accept-Encoding", "").split(","):
        match = ACCEPT_ENCODING_ITEM.match(item)
        if match:
            try:
                weights[match[1].lower()] = float(match[2] or 1)
            except ValueError:
                continue
    return weights.get("gzip", weights.get("*", 0)) > 0


def carries_a_secret(request, response):
    """A CSRF token in the page, a cookie set, or a visitor who may be logged in."""
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.cookies
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def gzip_body(content):
    return gzip.compress(content, compresslevel=6, mtime=0)


def is_compressible(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Content-Encoding")
        and len(response.content) >= MIN_LENGTH
        and COMPRESSIBLE_TYPES.match(response.get("Content-Type", ""))
    )


class CompressionMiddleware:
    """Outside the page cache, so that its hits are compressed too (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_compressible(response):
            return response
        # Caches between here and the browser keep the two encodings apart.
        patch_vary_headers(response, ["Accept-Encoding"])
        if not accepts_gzip(request) or carries_a_secret(request, response):
            return response
        body = getattr(response, "gzip_body", None) or gzip_body(response.content)
        if len(body) >= len(response.content):
            return response
        response.content = body
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            # Another byte sequence than the uncompressed page: a weak validator.
            response["ETag"] = f"W/{etag}"
        return response

"""The interface in Danish and English.

Danish pages live at their plain paths (``/projekter/``) and English ones under ``/en/``
(``/en/projekter/``): ``i18n_patterns`` in ``temperatur/urls.py``, without a prefix for
Danish. So a URL always names its language, a shared link shows what the sender saw, and
the page cache needs no more than the URL.

The language switch in the header is a plain link to :func:`switch_language`, which
remembers the choice in the language cookie and sends the visitor to the same page in
the other language. :class:`PreferredLanguageMiddleware` honours the cookie when a
visitor who chose English opens a Danish address.

The admin is outside ``i18n_patterns``: :class:`AdminLanguageMiddleware` shows it in the
language the editor's browser asks for, and in Danish otherwise.

Content (project texts, advice…) stays Danish in both interfaces; templates mark it with
``lang="da"`` and English pages say so in one line (``templates/includes/_language_note.html``).
"""

import contextlib
import functools
from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_safe


def language_of_path(path):
    """The language a path is in: its prefix (``/en/…``), else the default (Danish)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def url_in_language(url, language):
    """``url`` (a path with its query string) in ``language``, or None.

    None when the path is not one of the translated pages (the admin, a file, an unknown
    path): there is no version in that language to go to.
    """
    parts = urlsplit(url)
    path = unquote(parts.path)
    with translation.override(language_of_path(path)):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return _match_in_language(match, parts.query, language)


def _match_in_language(match, query, language):
    """The page ``match`` resolved to, with ``query``, in ``language``; None if it has none."""
    key = (match.view_name, tuple(match.args), tuple(sorted(match.kwargs.items())), language)
    try:
        path = _path_in_language(*key, *_urls())
    except TypeError:  # a value that cannot be a key
        path = _path_in_language.__wrapped__(*key, *_urls())
    return None if path is None else urlunsplit(("", "", path, query, ""))


def _urls():
    """What ``reverse()`` depends on beside its arguments: the URLconf and the prefix."""
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


@functools.lru_cache(maxsize=4096)
def _path_in_language(view_name, args, kwargs, language, _urlconf, _prefix):
    """The path of a view with its arguments in ``language``, or None; the same for every
    request with the same URLconf and prefix (``_urls()``)."""
    with translation.override(language):
        try:
            path = reverse(view_name, args=args, kwargs=dict(kwargs))
        except NoReverseMatch:
            return None
    return path if language_of_path(path) == language else None


def _switch_path(language):
    return _switch_path_of(language, *_urls())


@functools.lru_cache(maxsize=64)
def _switch_path_of(language, _urlconf, _prefix):
    return reverse("switch_language", args=[language])


def page_versions(request):
    """This page in every language: ``[{"code", "name", "url", "switch_url", "current"}]``.

    ``url`` is None where the page has no version in that language (an error page).
    """
    current = translation.get_language()
    here = request.get_full_path()
    query = urlsplit(here).query
    match = request.resolver_match  # None on an error page
    versions = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        url = _match_in_language(match, query, code) if match else None
        versions.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "absolute_url": url and request.build_absolute_uri(url),
                "switch_url": _switch_path(code) + "?" + _next_query(url or here),
                "current": code == current,
            }
        )
    return versions


def _next_query(url):
    query = QueryDict(mutable=True)
    query["next"] = url
    return query.urlencode(safe="/")


@require_safe
def switch_language(request, language):
    """Remember ``language`` and show the page ``?next=`` names in it.

    A link, not a form, so that it works without JavaScript and can sit in cached pages
    (a form would need a CSRF token, which must never be cached).
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    destination = url_in_language(target, language)
    if destination is None:
        # Not a page of the site: that language's front page.
        with translation.override(language):
            destination = reverse("home")
    response = HttpResponseRedirect(destination)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


class PreferredLanguageMiddleware:
    """A visitor whose cookie says English and who opens a Danish page goes to its English
    version.

    Runs before the page cache, which keys pages by URL only. English addresses are
    always served in English, whatever the cookie says: a URL names its language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        preferred = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            request.method in ("GET", "HEAD")
            and preferred != settings.LANGUAGE_CODE
            and preferred in dict(settings.LANGUAGES)
            and language_of_path(request.path_info) == settings.LANGUAGE_CODE
        ):
            with contextlib.suppress(UnicodeDecodeError, ValueError):
                destination = url_in_language(request.get_full_path(), preferred)
                if destination is not None:
                    response = HttpResponseRedirect(destination)
                    patch_vary_headers(response, ("Cookie",))
                    add_never_cache_headers(response)
                    return response
        return self.get_response(request)


def browser_language(request):
    """The first of the site's languages the browser asks for, else the default."""
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        with contextlib.suppress(LookupError):
            return translation.get_supported_language_variant(code)
    return settings.LANGUAGE_CODE


@functools.lru_cache(maxsize=8)
def admin_prefix(urlconf):
    """The admin's path (``/admin/``) in ``urlconf``, or None without an admin."""
    try:
        return reverse("admin:index", urlconf=urlconf)
    except NoReverseMatch:
        return None


class AdminLanguageMiddleware:
    """The admin in the language the editor's browser asks for; Danish otherwise.

    After ``LocaleMiddleware``, which puts every address without a language prefix,
    the admin's included, in Danish.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = admin_prefix(get_urlconf())
        if prefix is None or not request.path_info.startswith(prefix):
            return self.get_response(request)
        language = browser_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        return response

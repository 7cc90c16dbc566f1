"""The page's chrome: the head's assets and language alternates, the header with its main
menu and language switch, the footer and the design system's icons.

What they show depends on the language, the page's address, the section a page belongs to
and a few settings, never on content. Each variant is rendered once per process and reused
(every page shows the menu twice: in the header and in the mobile drawer); a changed
setting (tests) starts afresh.
"""

from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from temperatur.core.html import fill

register = template.Library()


@dataclass(frozen=True)
class Section:
    """A menu item: its page (``url_name``) and the pages below it (``below``)."""

    url_name: str
    label: str
    below: object = None  # (namespace, url name) -> bool

    def current(self, namespace, name):
        """``aria-current``: "page" on its own page, "true" below it, None elsewhere."""
        own_namespace, _sep, own_name = self.url_name.rpartition(":")
        if (namespace, name) == (own_namespace, own_name):
            return "page"
        if self.below is not None and self.below(namespace, name):
            return "true"
        return None


MENU = (
    Section("home", _("Forside")),
    Section("projects:list", _("Projekter"), lambda ns, name: ns == "projects"),
    Section("challenges:temperature", _("Temperaturen"), lambda ns, name: ns == "challenges"),
    Section("resources:advice", _("Gode råd")),
    Section(
        "resources:list",
        _("Ressourcer"),
        lambda ns, name: ns == "resources" and name not in {"advice", "guide"},
    ),
    Section("resources:guide", _("Kom i gang")),
    Section("regions", _("Regioner"), lambda ns, name: not ns and name == "municipality"),
    Section("about", _("Om")),
)


@lru_cache(maxsize=256)
def _menu(language, script_prefix, namespace, name):
    """The main menu's items, the current section's marked (``aria-current``)."""
    items = [
        {"url": reverse(section.url_name), "label": section.label, "current": current}
        for section in MENU
        for current in [section.current(namespace, name)]
    ]
    return render_to_string("includes/_nav_items.html", {"items": items})


FOOTER_SETTINGS = (
    "ACCESSIBILITY_STATEMENT_URL",
    "CONTACT_URL",
    "CONTACT_EMAIL",
    "DATA_LICENSE_NAME",
    "DATA_LICENSE_URL",
)


@lru_cache(maxsize=64)
def _footer(language, script_prefix, values):
    from temperatur.web.contact import site_contact

    context = dict(zip(FOOTER_SETTINGS, values, strict=True))
    context["SITE_CONTACT"] = site_contact()
    return render_to_string("includes/_footer.html", context)


@register.simple_tag
def site_footer():
    """The footer: about the site, accessibility and contact, the data's licence."""
    values = tuple(getattr(settings, name) for name in FOOTER_SETTINGS)
    return _footer(get_language(), get_script_prefix(), values)


@register.simple_tag
def icon(name, css_class=""):
    """One of the design system's icons (decorative: hidden from screen readers)."""
    return _icon(name, css_class)


@lru_cache(maxsize=64)
def _icon(name, css_class):
    # A handful of icons, each written once per process: the sprite's address (hashed
    # from the collected file) was looked up in the static files' manifest every time.
    classes = f"icon-svg {css_class}" if css_class else "icon-svg"
    return format_html(
        '<svg class="{}" focusable="false" aria-hidden="true"><use href="{}#{}"></use></svg>',
        classes,
        static("dkfds/img/all-svg-icons.svg"),
        name,
    )


# The head's icon, the fonts most text uses (fetched with the styles: no layout shift),
# the styles, and the scripts: site.js is tiny and runs at once, so the no-JavaScript menu
# never flashes on phones; it starts DKFDS (deferred) when the page is parsed.
ASSETS = (
    ('<link rel="icon" href="{}" type="image/svg+xml">', "img/favicon.svg"),
    *(
        (
            '<link rel="preload" href="{}" as="font" type="font/woff2" crossorigin>',
            f"dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-{weight}.woff2",
        )
        for weight in ("Regular", "SemiBold", "Bold")
    ),
    ('<link rel="stylesheet" href="{}">', "dkfds/css/dkfds.min.css"),
    ('<link rel="stylesheet" href="{}">', "css/site.css"),
    ('<link rel="stylesheet" href="{}" media="print">', "css/print.css"),
    ('<script src="{}"></script>', "js/site.js"),
    ('<script src="{}" defer></script>', "dkfds/js/dkfds.min.js"),
)


@register.simple_tag
def site_assets():
    """The head's icon, fonts, styles and scripts (``ASSETS``), each at its static address."""
    return _assets(get_script_prefix())


@lru_cache(maxsize=8)
def _assets(script_prefix):
    return format_html_join("\n  ", "{}", ((fill(html, static(path)),) for html, path in ASSETS))


@register.simple_tag
def language_alternates(versions):
    """``<link rel="alternate" hreflang>`` for each language the page exists in
    (``LANGUAGE_VERSIONS``), and the first language's as ``x-default``."""
    links = []
    for number, version in enumerate(versions):
        if version["url"]:
            links.append((version["code"], version["absolute_url"]))
            if number == 0:
                links.append(("x-default", version["absolute_url"]))
    return format_html_join("", '\n  <link rel="alternate" hreflang="{}" href="{}">', links)


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header (``_header.html``): the site's name, the language switch, the menu and
    the search field; once per process for each language, section and language switch."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    versions = context.get("LANGUAGE_VERSIONS") or ()
    return _header(
        get_language(),
        get_script_prefix(),
        (match.namespace or "") if match else "",
        match.url_name if match else None,
        tuple(
            (version["code"], version["name"], version["switch_url"], version["current"])
            for version in versions
        ),
    )


@lru_cache(maxsize=512)
def _header(language, script_prefix, namespace, name, versions):
    return render_to_string(
        "includes/_header.html",
        {
            "menu": _menu(language, script_prefix, namespace, name),
            "LANGUAGE_VERSIONS": [
                {"code": code, "name": name_, "switch_url": switch_url, "current": current}
                for code, name_, switch_url, current in versions
            ],
        },
    )


def _forget(**kwargs):
    _menu.cache_clear()
    _footer.cache_clear()
    _icon.cache_clear()
    _assets.cache_clear()
    _header.cache_clear()


setting_changed.connect(_forget)

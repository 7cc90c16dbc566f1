"""Template filters for the site's content and its figures."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def danish(value):
    """``value`` (content, which is always Danish) marked ``lang="da"``, escaped.

    For content set inside translated text, e.g. ``{% blocktranslate with
    name=area.name|danish %}``, so that on English pages screen readers read it as Danish
    (WCAG 2.1, 3.1.2 Language of Parts).
    """
    return format_html('<span lang="da">{}</span>', value)


def percentage(number):
    """``number`` (already formatted text, e.g. »8« or »15–85«) with the percent sign the
    page's language writes: »8 %« in Danish, »8%« in English."""
    # Translators: a percentage; Danish puts a non-breaking space before the sign.
    return pgettext("percentage", "{number} %").format(number=number)


@register.filter
def percent(value):
    """``value`` as a percentage in the page's language: »8 %« in Danish, »8%« in English."""
    if value is None or value == "":
        return ""
    return percentage(number_format(value))

"""Template filters for the site's content."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def danish(value):
    """``value`` (content, which is always Danish) marked ``lang="da"``, escaped.

    For content set inside translated text, e.g. ``{% blocktranslate with
    name=area.name|danish %}``, so that on English pages screen readers read it as Danish
    (WCAG 2.1, 3.1.2 Language of Parts).
    """
    return format_html('<span lang="da">{}</span>', value)

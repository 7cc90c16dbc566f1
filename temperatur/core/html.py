"""HTML from Python where a template cannot do it: always through ``format_html`` or
:func:`join_html`, so every value is escaped unless it is already safe HTML (no other
``mark_safe`` on built strings)."""

import html

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def _escaped(value):
    """``conditional_escape(value)`` as a plain string: safe HTML as it is, anything else
    (a lazy translation too) escaped as ``django.utils.html.escape`` does, without its
    wrappers, which cost more than the escaping on a list of a few hundred."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def fill(format_string, *values):
    """``format_html(format_string, *values)`` for code that runs per row or per option: the
    same HTML, each value escaped unless it is safe HTML already, without the wrappers that
    let Django's version take lazy values (half its cost, on a list page's few hundred)."""
    return mark_safe(format_string.format(*map(_escaped, values)))  # noqa: S308 – escaped


def join_html(format_string, rows):
    """``format_html_join("", format_string, rows)``, for long lists: the same HTML, each
    value escaped unless it is safe HTML already, but one safe string for the whole list
    rather than one per row (a filter form writes a few hundred options)."""
    return mark_safe(  # noqa: S308 – every value is escaped here
        "".join(format_string.format(*map(_escaped, row)) for row in rows)
    )


def format_message(message, **values):
    """A translated ``message`` with ``%(name)s`` placeholders, as HTML: the message as the
    catalogue writes it, each value escaped unless it is safe HTML already."""
    template = message.replace("{", "{{").replace("}", "}}")
    for name in values:
        template = template.replace(f"%({name})s", f"{{{name}}}")
    return format_html(template, **values)


def text_list(items, last_word):
    """``a, b og c`` as HTML (as ``django.utils.text.get_text_list``, whose separator is a
    comma in Danish and English alike), each item escaped unless it is safe HTML already."""
    if not items:
        return ""
    if len(items) == 1:
        return conditional_escape(items[0])
    return format_html(
        "{} {} {}",
        format_html_join(", ", "{}", ((item,) for item in items[:-1])),
        last_word,
        items[-1],
    )


def marked(text, spans):
    """``text`` escaped, with ``<mark>`` around each (start, end) span, in order."""
    pieces, position = [], 0
    for start, end in spans:
        pieces.append((text[position:start], text[start:end]))
        position = end
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", pieces), text[position:])


def attributes(attrs):
    """Attributes as Django's ``attrs.html`` writes them: in order, True bare, False left out."""
    return mark_safe(  # noqa: S308 – every name and value is escaped here
        "".join(
            f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_escaped(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )

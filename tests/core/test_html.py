"""HTML built in Python (temperatur.core.html): every value escaped unless it is safe HTML."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy, override

from temperatur.core.html import attributes, fill, join_html


def test_join_html_escapes_text_and_keeps_safe_html():
    html = join_html(
        '<option value="{}"{}>{}</option>',
        [
            ('"><script>', format_html(' lang="{}"', "da"), "Tøj & <sko>"),
            ("a'b", "", 42),
        ],
    )
    assert isinstance(html, SafeString)
    assert html == (
        '<option value="&quot;&gt;&lt;script&gt;" lang="da">Tøj &amp; &lt;sko&gt;</option>'
        '<option value="a&#x27;b">42</option>'
    )


def test_join_html_translates_and_escapes_lazy_text():
    with override("en"):
        html = join_html("<li>{}</li>", [(gettext_lazy("Ikke oplyst"),)])
    assert html == "<li>Not stated</li>"


def test_fill_writes_what_format_html_writes():
    values = ('"><script>', format_html("<b>{}</b>", "fed"), gettext_lazy("Ikke oplyst"), 7)
    with override("en"):
        html = fill('<a title="{}">{} {} {}</a>', *values)
        expected = format_html('<a title="{}">{} {} {}</a>', *values)
    assert isinstance(html, SafeString)
    assert html == expected
    assert html == '<a title="&quot;&gt;&lt;script&gt;"><b>fed</b> Not stated 7</a>'


def test_attributes_escape_names_and_values_and_write_true_bare():
    html = attributes({"class": "a&b", "data-x": '"q"', "checked": True, "hidden": False})
    assert html == ' class="a&amp;b" data-x="&quot;q&quot;" checked'

"""HTML built in Python (temperatur.core.html): every value escaped unless it is safe HTML."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy, override

from temperatur.core.html import join_html


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

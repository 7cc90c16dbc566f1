"""The translation stays whole as the site changes: every text in a template goes through
``{% translate %}``/``{% blocktranslate %}``, and every marked string (templates and Python)
has an English translation in ``locale/en/LC_MESSAGES/django.po``."""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"


# Every template text is marked for translation

# Words that are the same in every language.
NOT_TRANSLATED = {"Temperatur"}
# Attributes whose value a visitor reads or hears.
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description", "label"}
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}
# Template blocks that fill an attribute, not text (the admin's class names for <body>).
ATTRIBUTE_BLOCKS = {"bodyclass"}
LETTER = re.compile(r"[^\W\d_]")


def _text_of(source):
    """The template with every tag, variable and translated block replaced by a space."""
    parts, skip_until = [], None
    for token in Lexer(source).tokenize():
        command = token.contents.split()[0] if token.contents.strip() else ""
        if skip_until:
            if token.token_type == TokenType.BLOCK and command == skip_until:
                skip_until = None
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK and command in SKIPPED_BLOCKS:
            skip_until = SKIPPED_BLOCKS[command]
        elif command == "block" and token.contents.split()[-1] in ATTRIBUTE_BLOCKS:
            skip_until = "endblock"
        parts.append(" ")
    return "".join(parts)


class _UnmarkedText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.in_code = 0

    def _is_text(self, value):
        words = LETTER.findall(value or "") and set(re.findall(r"\w+", value)) - NOT_TRANSLATED
        return bool(words and LETTER.search(" ".join(words)))

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.in_code += 1
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and self._is_text(value):
                self.found.append(f'{name}="{value.strip()}"')

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.in_code:
            self.in_code -= 1

    def handle_data(self, data):
        if not self.in_code and self._is_text(data):
            self.found.append(data.strip())


def unmarked_text(source):
    """Texts in a template's source that a visitor would see untranslated."""
    parser = _UnmarkedText()
    parser.feed(_text_of(source))
    parser.close()
    return parser.found


def template_files():
    folders = [BASE_DIR / "templates"] + [
        BASE_DIR / app / "templates"
        for app in ("projects", "challenges", "resources", "temperatur")
    ]
    return sorted(path for folder in folders if folder.exists() for path in folder.rglob("*.html"))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<p>Hej verden</p>", ["Hej verden"]),
        (
            '<a href="/" title="Til forsiden">{% translate "Forside" %}</a>',
            ['title="Til forsiden"'],
        ),
        ('<img alt="Kort over Danmark" src="x.svg">', ['alt="Kort over Danmark"']),
        ('<li {% if a %}class="active"{% endif %}>{{ name }}</li>', []),
        ("{% translate 'Søg' %} · {{ count }}", []),
        ("{% blocktranslate %}Der er {{ n }} projekter{% endblocktranslate %}", []),
        ("{% comment %}Ikke for besøgende{% endcomment %}", []),
        ("<span>Temperatur</span>", []),
        ("{% block bodyclass %}login{% endblock %}<p>Log ind</p>", ["Log ind"]),
        ('<script src="a.js"></script>', []),
    ],
)
def test_the_check_finds_unmarked_text_and_nothing_else(source, found):
    assert unmarked_text(source) == found


@pytest.mark.parametrize("path", template_files(), ids=lambda path: path.name)
def test_every_template_text_is_marked_for_translation(path):
    assert unmarked_text(path.read_text()) == [], (
        f"{path.relative_to(BASE_DIR)}: wrap these in {{% translate %}} or "
        "{% blocktranslate %}, then run `make messages` and translate them"
    )


# Every marked string has an English translation


def _entries(po_text):
    """``[(flags, msgid, [msgstr…])]`` of a .po file, the header left out."""
    entries = []
    for block in po_text.split("\n\n"):
        flags, fields, current = set(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
            elif " " in line:
                current, value = line.split(" ", 1)
                fields[current] = value[1:-1]
        if fields.get("msgid"):
            translations = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((flags, fields["msgid"], translations))
    return entries


def untranslated(po_text):
    return [
        msgid
        for flags, msgid, translations in _entries(po_text)
        if "fuzzy" in flags or not translations or not all(translations)
    ]


def test_the_catalogue_check_finds_missing_and_fuzzy_translations():
    po_text = "\n\n".join(
        [
            'msgid ""\nmsgstr ""\n"Language: en\\n"',
            'msgid "Projekter"\nmsgstr "Projects"',
            'msgid "Søg"\nmsgstr ""',
            '#, fuzzy\nmsgid "Luk"\nmsgstr "Open"',
            'msgid "et projekt"\nmsgid_plural "%(n)s projekter"\nmsgstr[0] "one project"\n'
            'msgstr[1] ""',
            'msgid ""\n"Lang "\n"tekst"\nmsgstr ""\n"Long "\n"text"',
        ]
    )
    assert untranslated(po_text) == ["Søg", "Luk", "et projekt"]


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """The English catalogue as ``make messages`` would make it from the code as it is now.

    Made in a copy of the project, so that the repository's catalogue stays as it is.
    """
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: `make setup` installs it (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("project")
    for name in ("manage.py", "temperatur", "projects", "challenges", "resources", "templates"):
        source = BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    shutil.copytree(BASE_DIR / "locale", copy / "locale", ignore=shutil.ignore_patterns("*.mo"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "en", "--no-obsolete"],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "PYTHONPATH": str(copy)},
        check=True,
        capture_output=True,
    )
    return (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()


def test_every_interface_string_has_an_english_translation(fresh_catalogue):
    missing = untranslated(fresh_catalogue)
    assert missing == [], (
        f"{len(missing)} strings have no English translation: run `make messages` and "
        f"translate them in {CATALOGUE.relative_to(BASE_DIR)}: {missing[:10]}"
    )


def test_the_catalogue_in_the_repository_is_up_to_date(fresh_catalogue):
    in_repository = {msgid for _flags, msgid, _translations in _entries(CATALOGUE.read_text())}
    in_code = {msgid for _flags, msgid, _translations in _entries(fresh_catalogue)}
    assert in_code - in_repository == set(), "run `make messages` and translate what is new"


def test_translations_keep_the_placeholders_of_the_danish():
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr

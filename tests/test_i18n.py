"""The interface in Danish and English: the catalogues, the switch, English pages, the admin.

Two checks keep the translation whole as the site changes: every text in a template goes
through ``{% translate %}``/``{% blocktranslate %}``, and every marked string (templates
and Python) has an English translation in ``locale/en/LC_MESSAGES/django.po``.
"""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from temperatur.site.sitemaps import StaticSitemap
from tests.factories import make_area, make_domain, make_observation, make_project, make_record

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


# English pages


@pytest.fixture
def project(db):
    make_area(name="Data", slug="data", order=1)
    return make_project(
        title="Sprogmodel til borgerhenvendelser",
        slug="sprogmodel",
        domain=make_domain(name="Sundhed generelt", slug="sundhed"),
    )


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


# The pages that always exist (as in the sitemap), and the search.
PUBLIC_PAGES = [*StaticSitemap().items(), "search"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_has_an_english_version_that_says_the_content_is_danish(client, db, name):
    with translation.override("en"):
        url = reverse(name)
    assert url.startswith("/en/")
    content = page(client, url)
    assert '<html lang="en"' in content
    assert "the content itself – projects, advice and resources – is only in Danish" in content
    assert "Skip to main content" in content
    assert "Gå til sidens indhold" not in content


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_danish_pages_have_no_language_note(client, db, name):
    content = page(client, reverse(name))
    assert '<html lang="da"' in content
    assert 'class="language-note"' not in content


def test_an_english_project_page_shows_the_danish_content_marked_as_danish(client, project):
    with translation.override("en"):
        url = project.get_absolute_url()
    assert url == "/en/projekter/sprogmodel/"
    content = page(client, url)
    assert "Sprogmodel til borgerhenvendelser" in content
    assert re.search(
        r'<h1[^>]*>\s*<span lang="da">Sprogmodel til borgerhenvendelser</span>', content
    )


def test_an_english_project_page_flags_a_working_title_in_english(client, project):
    project.title_is_working = True
    project.save()

    content = page(client, "/en/projekter/sprogmodel/")

    assert re.search(
        r'<h1>\s*<span lang="da">Sprogmodel til borgerhenvendelser</span> '
        r'<span class="source-flag">\(working title\)</span>',
        content,
    )


@pytest.mark.parametrize(
    ("report", "about"),
    [
        ("/en/fejl/?side=/en/projekter/sprogmodel/", "/en/projekter/sprogmodel/"),
        ("/en/fejl/?side=/projekter/sprogmodel/", "/en/projekter/sprogmodel/"),
        ("/fejl/?side=/en/projekter/sprogmodel/", "/projekter/sprogmodel/"),
    ],
)
def test_errors_are_reported_in_the_language_of_the_report_page(client, project, report, about):
    content = page(client, report)
    assert f'href="{about}"' in content


def test_english_list_translates_the_interface_and_keeps_filters(client, project):
    content = page(client, "/en/projekter/?domain=sundhed")
    assert "<h1>Projects</h1>" in content
    assert "Sprogmodel til borgerhenvendelser" in content
    assert 'href="/en/projekter/sprogmodel/"' in content


def test_pages_name_each_other_as_alternates(client, project):
    content = page(client, "/projekter/?domain=sundhed")
    assert (
        '<link rel="alternate" hreflang="da" href="http://testserver/projekter/?domain=sundhed">'
        in content
    )
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/projekter/?domain=sundhed">'
        in content
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/projekter/?domain=sundhed">'
        in content
    )


# The language switch


def switch_link(content):
    switch = re.search(r'<nav class="language-switch[^"]*"[^>]*>(.*?)</nav>', content, re.S)
    return re.search(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', switch.group(1)).groups()


def test_the_switch_on_a_danish_page_offers_english_for_the_same_page(client, project):
    href, label = switch_link(page(client, "/projekter/?domain=sundhed&sort=title"))
    assert label == "English"
    response = client.get(href.replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == "/en/projekter/?domain=sundhed&sort=title"


def test_the_switch_on_an_english_page_offers_danish_for_the_same_page(client, project):
    href, label = switch_link(page(client, "/en/projekter/sprogmodel/"))
    assert label == "Dansk"
    response = client.get(href)
    assert response["Location"] == "/projekter/sprogmodel/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"


def test_the_switch_remembers_the_choice_for_a_year(client, db):
    response = client.get("/sprog/en/?next=/om/")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]


def test_a_visitor_who_chose_english_gets_english_pages_from_danish_links(client, project):
    client.get("/sprog/en/?next=/")
    response = client.get("/udfordringer/?domain=sundhed")
    assert response.status_code == 302
    assert response["Location"] == "/en/udfordringer/?domain=sundhed"
    assert "Cookie" in response["Vary"]


def test_a_visitor_who_chose_danish_stays_on_danish_pages(client, project):
    client.get("/sprog/da/?next=/en/")
    assert '<html lang="da"' in page(client, "/projekter/")


def test_an_english_address_is_english_whatever_the_cookie_says(client, project):
    client.get("/sprog/da/?next=/")
    assert '<html lang="en"' in page(client, "/en/projekter/")


def test_a_remembered_choice_leaves_files_and_the_admin_alone(client, db):
    client.get("/sprog/en/?next=/")
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/healthz/").status_code == 200
    assert client.get(reverse("admin:login")).status_code == 200


@pytest.mark.parametrize(
    "next_url",
    [
        "",
        "//evil.example/",
        "https://evil.example/projekter/",
        "/findes-ikke/",
        "javascript:alert(1)",
    ],
)
def test_the_switch_goes_only_to_pages_of_the_site(client, db, next_url):
    response = client.get("/sprog/en/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_the_switch_knows_only_the_sites_languages(client, db):
    assert client.get("/sprog/fr/?next=/").status_code == 404


def test_the_switch_is_a_link_not_a_form(client, db):
    assert client.post("/sprog/en/", {"next": "/"}).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_cached_pages_keep_their_language(client, settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "cache",
        }
    }
    settings.CACHE_PAGES = True
    assert '<html lang="da"' in page(client, "/projekter/")
    assert '<html lang="en"' in page(client, "/en/projekter/")
    assert '<html lang="da"' in page(client, "/projekter/", HTTP_ACCEPT_LANGUAGE="en")
    client.get("/sprog/en/?next=/")
    assert client.get("/projekter/")["Location"] == "/en/projekter/"


# The admin


def test_the_admin_is_danish_for_editors(client, db):
    content = page(client, reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="da,en;q=0.8")
    assert '<html lang="da"' in content
    assert "Log ind" in content


def test_the_admin_is_english_when_the_browser_asks_for_it(client, db):
    content = page(client, reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="en"' in content
    assert "Log in" in content


def test_the_admin_follows_the_browser_not_the_sites_switch(client, db):
    client.get("/sprog/en/?next=/")
    assert "Log ind" in page(client, reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="da")


@override_settings(LANGUAGE_COOKIE_SECURE=True)
def test_the_choice_is_sent_over_https_only_in_production(client, db):
    response = client.get("/sprog/en/?next=/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["secure"]


# Robots and the sitemap


def test_robots_keep_crawlers_off_the_switch_and_both_languages_searches(client, db):
    robots = client.get("/robots.txt").content.decode()
    for path in ("/sprog/", "/soeg/", "/en/soeg/", "/fejl/", "/en/fejl/"):
        assert f"Disallow: {path}\n" in robots


def test_the_sitemap_lists_both_languages_as_alternates(client, project):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/en/projekter/sprogmodel/</loc>" in sitemap
    assert "<loc>http://testserver/projekter/sprogmodel/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/projekter/sprogmodel/"/>'
        in sitemap
    )


# Figures and dates in the page's language


def test_percentages_follow_the_language(client, project, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 1
    make_record(project=project)
    make_observation(project=project, area=make_area(name="Jura", slug="jura", order=2))
    danish = page(client, "/udfordringer/")
    english = page(client, "/en/udfordringer/")
    assert "100\xa0%" in danish
    assert "100%" in english
    assert "100\xa0%" not in english


def test_english_pages_write_dates_the_british_way(client, project):
    type(project).objects.filter(pk=project.pk).update(
        published_changed_at=timezone.now().replace(month=11, day=28)
    )
    assert "28 November" in page(client, "/en/projekter/sprogmodel/")
    assert "28. november" in page(client, "/projekter/sprogmodel/")

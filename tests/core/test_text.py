"""Text that cannot appear in XML (temperatur/text.py): cleaned where it enters, and never
able to break an output: every feed, the sitemap, every JSON answer and every page stay
valid whatever is stored."""

import json
from xml.etree import ElementTree

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from challenges.models import ProjectChallenge
from projects.models import Project
from temperatur.core.text import xml_safe
from temperatur.models import Feedback
from tests.examples import make_one_of_everything
from tests.factories import make_area, make_project
from tests.helpers import admin_post_data, overwrite_text, text_fields

# Every character below U+0020 but tab, line feed and carriage return, the two
# non-characters and a lone surrogate: all forbidden in XML 1.0.
FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]
ODD = "Før\vefter\f" + "".join(FORBIDDEN) + '\ud800 & <b> "slut"'


# The cleaning itself


def test_vertical_tab_and_form_feed_become_line_breaks():
    assert xml_safe("Linje\vny side\fslut") == "Linje\nny side\nslut"


@pytest.mark.parametrize("character", [*FORBIDDEN, "\ud800", "\udfff"])
def test_characters_xml_cannot_carry_are_left_out(character):
    assert xml_safe(f"a{character}b") in ("ab", "a\nb")


def test_everything_xml_can_carry_is_kept():
    text = 'Tab\there, line\nbreak\r\n æøå & <b> "x" \u2028 \U0001f600 \ufffd'
    assert xml_safe(text) == text


# Where text enters


@pytest.mark.django_db
def test_text_saved_through_the_orm_is_cleaned():
    project = make_project(title="AI\x1b i \vplejen", summary="Resumé\x00\ufffe.")
    project.refresh_from_db()
    assert (project.title, project.summary) == ("AI i \nplejen", "Resumé.")


def editable_text_fields(form):
    return [name for name, field in form.fields.items() if type(field) is forms.CharField]


@pytest.mark.django_db
def test_every_content_form_in_the_admin_stores_clean_text(admin_client):
    make_one_of_everything()
    checked = []
    for model in admin.site._registry:
        if model._meta.app_label not in ("projects", "challenges", "resources", "temperatur"):
            continue
        obj = model._default_manager.first()
        if obj is None:  # e.g. no change waits for review: nothing to edit
            continue
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        page = admin_client.get(url)
        form = page.context["adminform"].form
        model_fields = {field.name: field for field in text_fields(model)}
        names = [
            name
            for name in editable_text_fields(form)
            if name in model_fields
            and not isinstance(model_fields[name], models.URLField | models.EmailField)
        ]
        if not names:
            continue
        typed = {name: f"Tekst\v med\x1b styretegn {name}" for name in names}
        response = admin_client.post(url, admin_post_data(page, **typed))
        assert response.status_code == 302, (model, response.context["adminform"].form.errors)
        obj.refresh_from_db()
        for name in names:
            assert getattr(obj, name) == f"Tekst\n med styretegn {name}", (model, name)
        checked.append(model._meta.model_name)
    assert {"project", "resource", "advice", "measurement", "feedback", "challengerecord"} <= set(
        checked
    )


@pytest.mark.django_db
def test_the_csv_import_stores_clean_text(admin_client):
    make_project(slug="hjemmepleje")
    make_area(slug="data")
    lines = ["projekt;omraade;beskrivelse", "hjemmepleje;data;Manglende\vdata\x07"]
    upload = SimpleUploadedFile("fil.csv", "\r\n".join(lines).encode(), "text/csv")
    url = reverse("admin:challenges_projectchallenge_import")
    preview = admin_client.post(url, {"file": upload})
    admin_client.post(
        url, {"token": preview.context["token"], "snapshot": preview.context["snapshot"]}
    )
    assert ProjectChallenge.objects.get().description == "Manglende\ndata"


@pytest.mark.django_db
def test_fixtures_load_clean_text(tmp_path):
    make_area(slug="data")
    project = make_project(slug="p")
    fixture = tmp_path / "odd.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "projects.project",
                    "fields": {
                        "slug": "p",
                        "title": "Titel\u000b\u0000",
                        "summary": "Lone \ud800 surrogate\u0007 and \uffff.",
                        "owner_type": "kommunal",
                        "domain": [project.domain.slug],
                        "lead_municipality": [project.lead_municipality.slug],
                        "is_published": True,
                        "created_at": "2021-01-01T00:00:00Z",
                        "updated_at": "2021-01-01T00:00:00Z",
                    },
                }
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    project.refresh_from_db()
    assert (project.title, project.summary) == ("Titel\n", "Lone  surrogate and .")


@pytest.mark.django_db
def test_the_error_report_form_stores_clean_text(client):
    project = make_project()
    page = project.get_absolute_url()
    response = client.post(
        reverse("feedback") + f"?side={page}", {"message": "Fejl\vi\x1b teksten\ufffe."}
    )
    assert response.status_code == 302
    assert Feedback.objects.get().message == "Fejl\ni teksten."


# Every output, whatever is stored

FEEDS = ["feed_projects", "feed_resources", "feed_measurements"]


def sitemap_paths(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return [loc.text.removeprefix("http://testserver") for loc in root.iter(f"{namespace}loc")]


def assert_every_output_answers(client, site, *, english=True):
    """Fetch the feeds, the sitemap, the data dump, every page in it and every JSON twin;
    each must answer 200 with well-formed XML, JSON or a page."""
    for name in FEEDS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        ElementTree.fromstring(response.content)
    paths = sitemap_paths(client)
    assert len(paths) > 20
    if not english:
        paths = [path for path in paths if not path.startswith("/en/")]
    dump = client.get(reverse("opendata_dump"))
    assert dump.status_code == 200
    json.loads(dump.content)
    temperature = reverse("challenges:temperature")
    comparison = f"{temperature}?from={site.before.slug}&to={site.after.slug}"
    for path in [*paths, comparison]:
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.content.decode().rstrip().endswith("</html>"), path
        twin = client.get(path, {"format": "json"} if "?" not in path else None)
        assert twin.status_code == 200, path
        if twin["Content-Type"].startswith("application/json"):
            json.loads(twin.content)
    for suffix in ("&format=json", "&format=csv"):
        assert client.get(comparison + suffix).status_code == 200


@pytest.mark.django_db
def test_every_character_xml_forbids_in_every_text_field_breaks_no_output(client):
    site = make_one_of_everything()
    # Stored past save() (an UPDATE, as rows written before the cleaning would be); no NUL,
    # which PostgreSQL refuses to store at all.
    overwrite_text(ODD.replace("\x00", "").replace("\ud800", ""))
    assert "\v" in Project.objects.get(pk=site.project.pk).title
    assert_every_output_answers(client, site)


# Text for the fuzz test: any character a database can store (no NUL, no surrogate),
# with the ones XML forbids, markup and entities much more often than chance would give.
NASTY = [c for c in FORBIDDEN if c != "\x00"] + list("&<>\"';\t\r\n") + ["&amp;", "]]>"]
stored_text = st.lists(
    st.one_of(
        st.sampled_from(NASTY),
        st.characters(min_codepoint=1, blacklist_categories=("Cs",)),
    ),
    min_size=1,
    max_size=30,
).map("".join)


@pytest.fixture
def site(db):
    return make_one_of_everything()


# Each example stores the text in every field and fetches every output (about 80 answers);
# four generated values a run beside the two fixed ones, a fresh sample on every run.
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=stored_text)
@example(value="\v")
@example(value="]]>\x1b&amp;<x>")
def test_fuzz_no_stored_text_breaks_an_output(client, site, value):
    overwrite_text(value)
    assert_every_output_answers(client, site, english=False)

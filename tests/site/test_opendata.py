"""The open-data page (/data/) and the complete dump of published content."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse

from challenges.models import Challenge, ChallengeArea, Measurement
from projects.models import Project, Region
from resources.models import Advice, Resource
from temperatur.site import opendata
from tests.factories import (
    make_advice,
    make_area,
    make_challenge,
    make_finding,
    make_funding_round,
    make_highlight,
    make_measurement,
    make_observation,
    make_organisation,
    make_project,
    make_record,
    make_resource,
)

pytestmark = pytest.mark.django_db

FLAGS = [
    "title_is_working",
    "domain_is_inferred",
    "status_as_of",
    "funding_round",
    "funding_round_is_inferred",
    "grant_is_approximate",
]


def make_content(size=1):
    """``size`` of every kind, published, plus a draft of every kind that has drafts."""
    make_funding_round()
    for n in range(size):
        area = make_area()
        challenge = make_challenge(area=area)
        measurement = make_measurement()
        make_finding(measurement=measurement, area=area)
        project = make_project(
            editor_note=f"HEMMELIG NOTE {n}", organisations=[make_organisation()]
        )
        make_record(project=project, measurement=measurement)
        make_record(project=project, note="KLADDEREGISTRERING", is_published=False)
        make_observation(project=project, area=area, challenge=challenge, measurement=measurement)
        make_observation(project=project, area=make_area(), is_published=False)
        make_highlight(project=project)
        make_advice(areas=[area])
        make_resource(areas=[area], projects=[project])
    draft = make_project(title="Kladdeprojekt", slug="kladdeprojekt", is_published=False)
    make_record(project=draft)
    make_observation(project=draft)
    make_highlight(project=draft, slug="kladde-erfaring")
    make_advice(title="Kladderåd", slug="kladderaad", is_published=False)
    make_resource(title="Kladderessource", slug="kladderessource", is_published=False)
    make_resource(title="Med kladde", projects=[draft])


def get_dump(client):
    response = client.get(reverse("opendata_dump"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_dump_counts_match_the_published_rows(client):
    make_content(size=2)
    data = get_dump(client)
    assert len(data["regions"]) == Region.objects.count()
    assert len(data["challenge_areas"]) == ChallengeArea.objects.count()
    assert sum(len(area["challenges"]) for area in data["challenge_areas"]) == (
        Challenge.objects.count()
    )
    assert len(data["measurements"]) == Measurement.objects.count()
    assert len(data["projects"]) == Project.objects.published().count()
    assert len(data["advice"]) == Advice.objects.published().count()
    assert len(data["resources"]) == Resource.objects.published().count()
    observations = sum(len(project["observations"]) for project in data["projects"])
    assert observations == 2  # one published per published project
    records = [record for project in data["projects"] for record in project["records"]]
    assert len(records) == 2  # one published per published project, in its measurement
    assert {record["measurement"] for record in records} == {
        measurement.slug for measurement in Measurement.objects.all()
    }


def test_dump_holds_nothing_unpublished_and_no_internal_field(client):
    make_content()
    text = get_dump(client).__repr__()
    drafts = ("kladdeprojekt", "kladde-erfaring", "kladderaad", "kladderessource", "KLADDEREG")
    for draft in drafts:
        assert draft not in text
    for internal in ("editor_note", "HEMMELIG", "is_published", "ready_for_review"):
        assert internal not in text


def test_dump_refers_by_slug_and_carries_version_and_licence(client, settings):
    settings.DATA_LICENSE_NAME = "CC BY 4.0"
    make_content()
    data = get_dump(client)
    project = Project.objects.published().get()
    row = data["projects"][0]
    assert row["slug"] == project.slug
    assert row["domain"] == project.domain.slug
    assert row["observations"][0]["area"] == project.challenges.get(is_published=True).area.slug
    assert data["license"]["name"] == "CC BY 4.0"
    assert data["version"] == opendata.data_version().isoformat(timespec="seconds")
    assert data["version"][:10] in data["citation"]


def test_dump_says_how_sure_the_facts_are(client):
    make_funding_round(
        slug="runde-2",
        budget_dkk=60_000_000,
        budget_is_approximate=True,
        description="Fire temaer.",
    )
    make_project(
        slug="usikker",
        title_is_working=True,
        domain_is_inferred=True,
        status=Project.Status.SCALING,
        status_as_of=datetime.date(2021, 4, 1),
        funding_round=None,
        grant_dkk=2_200_000,
        grant_is_approximate=True,
    )
    make_finding(quote="det ofte er svært at sikre adgang til data")

    data = get_dump(client)

    (round_,) = data["funding_rounds"]
    assert (round_["budget_is_approximate"], round_["description"]) == (True, "Fire temaer.")
    (project,) = data["projects"]
    assert {key: project[key] for key in FLAGS} == {
        "title_is_working": True,
        "domain_is_inferred": True,
        "status_as_of": "2021-04-01",
        "funding_round": None,
        "funding_round_is_inferred": False,
        "grant_is_approximate": True,
    }
    (measurement,) = data["measurements"]
    assert measurement["findings"][0]["quote"] == "det ofte er svært at sikre adgang til data"


def test_every_dump_field_is_in_the_data_dictionary(client):
    make_content()
    data = get_dump(client)
    dictionary = {section["key"]: section for section in opendata.data_dictionary()}
    nested = [
        ("challenge_areas", "challenges"),
        ("measurements", "findings"),
        ("projects", "records"),
        ("projects", "observations"),
    ]
    assert "records" in dictionary
    for key in dictionary:
        for section_key, child in nested:
            if key == child:
                rows = [item for parent in data[section_key] for item in parent[child]]
                break
        else:
            rows = data[key]
        assert rows, key
        documented = {field["key"] for field in dictionary[key]["fields"]}
        assert set(rows[0]) == documented, key
        assert all(field["meaning"] and field["type"] for field in dictionary[key]["fields"])


@pytest.mark.parametrize("size", [1, 4])
def test_dump_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    make_content(size=size)
    # 6 for the version (one per kind of published row), one per section, one per
    # prefetched relation (a project's records among them).
    with django_assert_num_queries(26):
        client.get(reverse("opendata_dump"))


def test_data_page_links_every_export_and_each_answers(client):
    make_content()
    response = client.get(reverse("opendata"))
    assert response.status_code == 200
    content = response.content.decode()
    area = ChallengeArea.objects.first()
    urls = [
        reverse("opendata_dump"),
        reverse("feed_projects"),
        reverse("feed_resources"),
        reverse("feed_measurements"),
    ]
    for page in (
        reverse("projects:list"),
        reverse("challenges:temperature"),
        reverse("resources:list"),
        area.get_absolute_url(),
    ):
        urls += [f"{page}?format=csv", f"{page}?format=json"]
    for url in urls:
        assert f'href="{url}"' in content, url
        assert client.get(url).status_code == 200, url


def test_dump_carries_the_definitions(client):
    make_content()
    definitions = get_dump(client)["definitions"]
    for key in ("projects_total", "projects_assessed", "projects_not_recorded", "share"):
        assert isinstance(definitions[key], str) and definitions[key], key


def test_dump_carries_the_pages_minimum_as_a_number(client, settings):
    settings.MINIMUM_RECORDED_PROJECTS = 7
    make_content()
    dump = get_dump(client)
    assert dump["minimum_assessed"] == 7
    assert "mindst så mange projekter" in dump["definitions"]["minimum_assessed"]


def test_data_page_shows_licence_citation_and_dictionary(client, settings):
    settings.DATA_LICENSE_NAME = "CC BY 4.0"
    settings.DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.da"
    make_content()
    content = client.get(reverse("opendata")).content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.da"' in content
    assert opendata.data_version().date().isoformat() in content
    assert "<code>editor_note</code>" not in content
    assert "<code>grant_dkk</code>" in content
    assert "Bevilling (kr.). Tilskuddet fra investeringsfonden" in content
    # The definitions the temperature's exports link to (»#definitioner«).
    assert '<h2 id="definitioner">' in content
    assert "Registrerede projekter" in content
    assert "Nu: 5 projekter." in content  # the pages' minimum of recorded projects


@pytest.mark.parametrize("size", [1, 4])
def test_data_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    make_content(size=size)
    # The layout's check, the version (6) and the areas' links.
    with django_assert_num_queries(8):
        client.get(reverse("opendata"))


def test_content_loaded_without_a_known_change_still_has_a_data_version(client):
    """Rows loaded from the sources have no known public change; the version is then the
    time they came to the site, and the page does not claim nothing is published."""
    project = make_project()
    Project.objects.filter(pk=project.pk).update(published_changed_at=None)

    dump = client.get(reverse("opendata_dump")).json()
    page = client.get(reverse("opendata")).content.decode()

    assert dump["version"] is not None
    assert "Der er endnu intet offentliggjort indhold." not in page


# The same content as CSV, one file per list


def get_archive(client):
    response = client.get(reverse("opendata_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return response, zipfile.ZipFile(io.BytesIO(response.content))


def read_table(archive, name):
    text = archive.read(f"{name}.csv").decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_archive_has_one_file_per_list_of_the_dump_with_its_fields(client):
    make_content()
    dump = get_dump(client)
    _response, archive = get_archive(client)

    tables = {name.removesuffix(".csv") for name in archive.namelist() if name.endswith(".csv")}
    assert tables == {entry["key"] for entry in opendata.data_dictionary()}
    for section in opendata.SECTIONS:
        header, *rows = read_table(archive, section.key)
        assert header == list(section.fields)
        assert [row[0] for row in rows] == [
            str(item[section.fields[0]]) for item in dump[section.key]
        ]
    # A nested list: its rows start with the key of the row they belong to.
    header, *rows = read_table(archive, "observations")
    assert header[0] == "project"
    observations = [
        (project["slug"], obs["area"])
        for project in dump["projects"]
        for obs in project["observations"]
    ]
    assert [(row[0], row[1]) for row in rows] == observations
    assert "LAES-MIG.txt" in archive.namelist()


def test_csv_archive_holds_nothing_unpublished(client):
    make_content()
    _response, archive = get_archive(client)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    assert "HEMMELIG NOTE" not in everything
    assert "KLADDEREGISTRERING" not in everything
    assert "kladdeprojekt" not in everything
    assert "editor_note" not in everything


def test_csv_archive_writes_lists_booleans_and_unknowns_as_the_other_csv_files(client):
    make_project(
        slug="p1",
        title_is_working=True,
        organisations=[make_organisation(slug="kl"), make_organisation(slug="auh")],
    )
    _response, archive = get_archive(client)
    header, row = read_table(archive, "projects")
    project = dict(zip(header, row, strict=True))
    assert project["title_is_working"] == "true"
    assert project["organisations"] in {"kl, auh", "auh, kl"}
    assert project["grant_dkk"] == ""  # unknown: empty, never 0


def test_csv_archive_is_named_for_the_data_version_and_the_same_in_every_language(client):
    make_content()
    response, _archive = get_archive(client)
    version = opendata.data_version().date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="temperatur-csv-{version}.zip"'
    )
    english = client.get(reverse("opendata_csv"), HTTP_COOKIE="django_language=en")
    assert english.content == response.content


@pytest.mark.parametrize("size", [1, 4])
def test_csv_archive_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    make_content(size=size)
    with django_assert_num_queries(26):  # as the JSON dump
        client.get(reverse("opendata_csv"))


def test_the_footers_promise_everything_as_csv_and_json_is_kept(client):
    make_content()
    home = client.get(reverse("home")).content.decode()
    assert "Åbne data: hent alt som CSV og JSON" in home
    content = client.get(reverse("opendata")).content.decode()
    assert f'href="{reverse("opendata_csv")}"' in content
    assert f'href="{reverse("opendata_dump")}"' in content


def test_data_page_documents_the_csv_columns_of_every_page(client):
    content = client.get(reverse("opendata")).content.decode()
    for column in (
        "<code>Kort navn</code>",
        "<code>andel_nedre</code>",
        "<code>omraade</code>",
        "<code>aendring_procentpoint</code>",
        "<code>naevnt_af_maalingerne</code>",
        "<code>hoejeste_alvor</code>",
    ):
        assert column in content, column
    assert "Kolonnernes navne er de samme" in content
    english = client.get("/en" + reverse("opendata")).content.decode()
    assert "<code>Kort navn</code>" in english  # the names are not translated


def test_english_data_page_writes_the_version_date_the_english_way(client):
    project = make_project()
    moment = datetime.datetime(2026, 11, 28, 14, 5, tzinfo=datetime.UTC)
    Project.objects.filter(pk=project.pk).update(published_changed_at=moment, created_at=moment)

    danish = client.get(reverse("opendata")).content.decode()
    english = client.get("/en" + reverse("opendata")).content.decode()

    assert "28 November 2026" in english and "28. November" not in english
    assert "28. november 2026" in danish

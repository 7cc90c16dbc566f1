"""Danish content on English pages is marked ``lang="da"`` (WCAG 2.1 SC 3.1.2, Language of Parts).

The interface is translated, the content from the database is not: on an ``/en/`` page each
passage of content sits in an element with ``lang="da"``, so a screen reader reads it with
a Danish voice, while the English interface around it stays unmarked.
"""

import re

import pytest

from tests.factories import (
    make_advice,
    make_area,
    make_challenge,
    make_domain,
    make_observation,
    make_project,
    make_record,
    make_resource,
)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def marked_danish(content, tag, text):
    """Whether ``text`` starts the content of a ``<tag>`` that carries ``lang="da"``."""
    pattern = rf'<{tag}\b[^>]*\blang="da"[^>]*>\s*{re.escape(text)}'
    return re.search(pattern, content) is not None


@pytest.fixture
def project(db):
    area = make_area(name="Datagrundlag", slug="data")
    project = make_project(
        title="Sprogmodel til borgerhenvendelser",
        slug="sprogmodel",
        summary="Et resumé af sprogmodellen.",
        domain=make_domain(name="Sundhed generelt", slug="sundhed"),
    )
    make_record(project=project)  # its challenges are recorded, so its areas count
    make_observation(
        project=project,
        area=area,
        challenge=make_challenge(area=area, name="Manglende data"),
        description="Data var spredt.",
    )
    return project


def test_english_project_page_marks_title_summary_and_domain_danish(client, project):
    content = page(client, "/en/projekter/sprogmodel/")
    assert '<html lang="en"' in content
    # The title and the domain are marked inside their element, so that a flag beside them
    # (»working title«, »inferred«) is read in the page's language.
    assert re.search(r'<h1>\s*<span lang="da">Sprogmodel til borgerhenvendelser</span>', content)
    assert marked_danish(content, "p", "Et resumé af sprogmodellen.")
    assert re.search(r'<dd>\s*<span lang="da">Sundhed generelt</span>', content)
    # The translated interface around the content stays unmarked.
    assert '<h2 id="description-heading">About the project</h2>' in content
    assert not re.search(r'lang="da"[^>]*>\s*(About the project|Not stated|Facts)', content)


def test_english_project_page_marks_areas_and_challenges_danish(client, project):
    content = page(client, "/en/projekter/sprogmodel/")
    assert marked_danish(content, "a", "Datagrundlag")  # the heading over its challenges
    assert marked_danish(content, "span", "Datagrundlag")  # the facts box
    assert marked_danish(content, "span", "Manglende data")
    assert marked_danish(content, "dd", "Data var spredt.")


def test_english_project_page_marks_single_observations_danish(client, db):
    area = make_area(name="Datagrundlag", slug="data")
    project = make_project(slug="enkelt")
    make_observation(project=project, area=area, description="Data var spredt.")  # no record
    content = page(client, "/en/projekter/enkelt/")
    assert marked_danish(content, "a", "Datagrundlag")
    assert marked_danish(content, "dd", "Data var spredt.")


def test_english_breadcrumb_marks_the_danish_page_title(client, project):
    content = page(client, "/en/projekter/sprogmodel/")
    breadcrumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', content, re.S).group()
    assert marked_danish(breadcrumbs, "span", "Sprogmodel til borgerhenvendelser")


def test_english_project_list_marks_titles_and_areas_danish(client, project):
    content = page(client, "/en/projekter/")
    assert re.search(
        r'<a [^>]*>\s*<span lang="da">Sprogmodel til borgerhenvendelser</span>', content
    )
    assert re.search(r'<td [^>]*>\s*<span lang="da">Sundhed generelt</span>', content)
    assert marked_danish(content, "a", "Datagrundlag")


def test_english_advice_list_marks_title_text_and_areas_danish(client, db):
    area = make_area(name="Jura")
    make_advice(title="Start med jura", body="Tal med jurister tidligt.", areas=[area])
    content = page(client, "/en/raad/")
    assert marked_danish(content, "h2", "Start med jura")
    assert re.search(r'<div[^>]*lang="da"[^>]*>\s*<p>Tal med jurister tidligt\.</p>', content)
    assert marked_danish(content, "a", "Jura")


def test_english_resource_page_marks_danish_inside_translated_sentences(client, db):
    make_resource(title="Dataetisk værktøj", slug="vaerktoej", url="https://example.org/")
    content = page(client, "/en/ressourcer/vaerktoej/")
    assert marked_danish(content, "h1", "Dataetisk værktøj")
    # The English sentence stays unmarked; only the Danish title in it is marked.
    assert 'Go to “<span lang="da">Dataetisk værktøj</span>”' in content


def test_english_search_results_mark_titles_danish(client, db):
    make_project(title="Sprogmodel i kommunen", summary="En model i kommunen.")
    content = page(client, "/en/soeg/?q=kommunen")
    assert marked_danish(content, "a", "Sprogmodel i ")
    assert marked_danish(content, "p", "En model i ")


def test_english_temperature_page_marks_area_names_danish(client, project):
    content = page(client, "/en/udfordringer/")
    assert marked_danish(content, "a", "Datagrundlag")  # the prevalence table
    assert marked_danish(content, "th", "Datagrundlag")  # the heat map's column
    assert marked_danish(content, "a", "Sprogmodel til borgerhenvendelser")  # its row


def test_english_area_page_marks_name_and_description_danish(client, project):
    content = page(client, "/en/udfordringer/data/")
    assert marked_danish(content, "h1", "Datagrundlag")
    assert marked_danish(content, "th", "Manglende data")


def test_filter_chips_mark_database_values_as_danish_and_the_filter_name_not(client, db):
    make_project(title="Chip-projekt", domain=make_domain(name="Sundhed generelt", slug="sundhed"))
    content = client.get("/en/projekter/?domain=sundhed&q=robot").content.decode()
    chips = re.search(r'<div class="filter-chips".*?</div>', content, re.S).group(0)
    assert re.search(r'Domain: <span lang="da">Sundhed generelt</span>', chips)
    # What the visitor typed is not content.
    assert "Search: “robot”" in chips


def test_the_chosen_areas_on_the_temperature_page_are_marked_as_danish(client, db):
    data = make_area(name="Data", slug="data", order=1)
    jura = make_area(name="Jura", slug="jura", order=2)
    project = make_project(title="Et projekt", slug="et-projekt")
    make_record(project=project)
    make_observation(project=project, area=data)
    make_observation(project=project, area=jura)
    content = client.get(f"/en/udfordringer/?area={data.slug}&area={jura.slug}").content.decode()
    assert '<span lang="da">Data</span> and <span lang="da">Jura</span>' in content

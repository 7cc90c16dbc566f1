"""The site search (/soeg/) and the one search behind it, the project list and the resources.

PostgreSQL searches Danish full text; other databases (SQLite) the portable way. Each
database runs the tests of its own search, and both run the rest.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from resources.models import Resource
from temperatur.core import search
from tests.factories import (
    make_advice,
    make_area,
    make_challenge,
    make_project,
    make_resource,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)
portable_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the portable search runs where PostgreSQL doesn't"
)

NASTY_QUERIES = [
    "\x00",
    "ledig\x00borger",
    "'",
    '"',
    "' OR 1=1 --",
    '"unterminated',
    "&|!:*()",
    "a & b | !c",
    "foo:*",
    "<->",
    "%",
    "_",
    "%_%",
    "\\",
    "\\\\'",
    "()",
    "!!!",
    "?",
    "   ",
    "\u200b\u200d",
    "\ud7ff\ufeff",
    "𝕝𝕖𝕕𝕚𝕘",
    "ﬁnans",
    "Ωμέγα",
    "اختبار",
    "🤖 AI",
    "x" * 5000,
    "ord " * 300,
    "<script>alert(1)</script>",
    "ø" * 201,
]


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def search_page(client, **params):
    return client.get(reverse("search"), params)


# The query


def test_parse_ignores_one_letter_words_and_keeps_the_rest():
    terms = search.parse("a ledige b borgere")
    assert terms.words == ("ledige", "borgere")
    assert terms.ignored == ("a", "b")


def test_parse_truncates_at_200_characters():
    terms = search.parse("ord " * 100)
    assert terms.truncated
    assert len(terms.text) <= search.MAX_QUERY_LENGTH


def test_parse_finds_no_words_in_punctuation():
    assert not search.parse("&|!:*() ' \" % _ \\")


# PostgreSQL: Danish full text


@postgres_only
def test_danish_stemming_finds_other_forms_of_the_word():
    make_project(title="Hjælp til ledige borgere")
    make_project(title="Et projekt", description="Mindre ledighed i kommunen.")
    make_project(title="Noget helt andet")
    assert titles(Project.objects.search("ledig")) == ["Et projekt", "Hjælp til ledige borgere"]


@postgres_only
def test_full_text_search_finds_a_word_at_the_start_of_a_compound():
    make_project(title="Datasamkøring på tværs")
    make_project(title="Noget andet")
    assert titles(Project.objects.search("data")) == ["Datasamkøring på tværs"]


@postgres_only
def test_full_text_search_uses_the_migrated_gin_index():
    """The migration's index is built on the search's own expression, so the planner uses it."""
    make_project(title="Ledige borgere")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Project.objects.search("ledig").explain()
    assert "projects_project_search_idx" in plan


# SQLite: the portable search


@portable_only
def test_portable_search_finds_every_word_in_any_field():
    make_project(title="Sprogmodel", summary="For ledige borgere", description="I jobcentret.")
    make_project(title="Sprogmodel", summary="For alle", slug="anden")
    assert titles(Project.objects.search("sprogmodel jobcentret ledige")) == ["Sprogmodel"]


@portable_only
@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("ØKONOMI i kommunen", "økonomi"),
        ("økonomi i kommunen", "ØKONOMI"),
        ("Projekt i Århus", "århus"),
        ("Projekt i århus", "ÅRHUS"),
        ("ÆLDREPLEJE", "ældrepleje"),
        ("Ærø og Møn", "ÆRØ MØN"),
        ("CAFÉ-model", "café"),
    ],
)
def test_portable_search_ignores_case_of_aeoeaa(stored, query):
    make_project(title=stored)
    make_project(title="Noget andet")
    assert titles(Project.objects.search(query)) == [stored]


@portable_only
def test_portable_search_treats_like_wildcards_as_text():
    make_project(title="100% digitalt")
    make_project(title="1000 digitale borgere")
    assert titles(Project.objects.search("100%")) == ["100% digitalt", "1000 digitale borgere"]
    assert titles(Project.objects.search("_")) == []


# Both databases


def test_a_title_match_ranks_above_a_body_match():
    body = make_project(title="Aaa først alfabetisk", description="Om ledige borgere.")
    title = make_project(title="Ledige borgere", description="Noget andet.")
    ranked = Project.objects.search("ledige", ranked=True).order_by("-search_rank")
    assert list(ranked) == [title, body]


def test_the_search_page_ranks_a_title_match_above_a_body_match(client):
    make_resource(title="Aaa værktøj", body="Til sprogmodeller.")
    make_project(title="Sprogmodeller i kommunen")
    hits = search_page(client, q="sprogmodeller").context["page_obj"].object_list
    assert [hit["kind"] for hit in hits] == ["projekt", "ressource"]


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_no_query_errors_on_the_search_page(client, query):
    make_project(title="Ledige borgere")
    response = search_page(client, q=query)
    assert response.status_code == 200


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_no_query_errors_in_the_queryset(query):
    make_project(title="Ledige borgere")
    list(Project.objects.search(query, ranked=True))
    list(search.search(Resource.objects.all(), query))


@pytest.mark.parametrize("query", [q for q in NASTY_QUERIES if "\x00" not in q and len(q) <= 200])
def test_no_query_errors_on_the_project_and_resource_lists(client, query):
    make_project(title="Ledige borgere")
    assert client.get(reverse("projects:list"), {"q": query}).status_code == 200
    assert client.get(reverse("resources:list"), {"q": query}).status_code == 200


def test_the_project_list_uses_the_same_search(client):
    make_project(title="Hjælp til ledige borgere")
    make_project(title="Noget andet")
    response = client.get(reverse("projects:list"), {"q": "LEDIGE"})
    expected = titles(Project.objects.published().search("LEDIGE"))
    assert [project.title for project in response.context["projects"]] == expected
    assert expected == ["Hjælp til ledige borgere"]


def test_the_resource_list_uses_the_same_search(client):
    make_resource(title="Værktøj til ØKONOMI")
    make_resource(title="Noget andet")
    response = client.get(reverse("resources:list"), {"q": "økonomi"})
    assert [r.title for r in response.context["page_obj"]] == ["Værktøj til ØKONOMI"]


def test_search_page_finds_every_kind(client):
    area = make_area(name="Data om borgere")
    make_challenge(name="Borgere mangler data", area=area)
    make_project(title="Service til borgere")
    make_advice(title="Tal med borgerne")
    make_resource(title="Værktøj for borger og kommune")
    response = search_page(client, q="borger")
    kinds = {hit["kind"] for hit in response.context["page_obj"].object_list}
    assert kinds == {"projekt", "omraade", "udfordring", "raad", "ressource"}


def test_search_page_shows_only_published_content(client):
    make_project(title="Offentlig sprogmodel")
    make_project(title="Hemmelig sprogmodel", is_published=False)
    make_resource(title="Skjult sprogmodel", is_published=False)
    make_advice(title="Udkast om sprogmodel", is_published=False)
    response = search_page(client, q="sprogmodel")
    assert response.context["total"] == 1
    assert b"Hemmelig" not in response.content
    assert b"Skjult" not in response.content
    assert "Udkast" not in response.content.decode()


def test_search_page_filters_by_kind(client):
    make_project(title="Sprogmodel i kommunen")
    make_resource(title="Sprogmodel til alle")
    response = search_page(client, q="sprogmodel", kind="ressource")
    hits = response.context["page_obj"].object_list
    assert [hit["kind"] for hit in hits] == ["ressource"]
    counts = {item["slug"]: item["count"] for item in response.context["kinds"]}
    assert counts["projekt"] == 1 and counts["ressource"] == 1


def test_search_page_refuses_an_unknown_kind(client):
    response = search_page(client, q="sprogmodel", kind="findes-ikke")
    assert response.status_code == 400
    assert "Ukendt type" in response.content.decode()


def test_search_page_marks_the_words_and_escapes_the_text(client):
    make_project(
        title="<b>Ledige</b> borgere",
        summary="Et resumé.",
        description="Her står <script>noget</script> om ledige borgere.",
    )
    content = search_page(client, q="<b>ledige").content.decode()
    assert "&lt;b&gt;<mark>Ledige</mark>&lt;/b&gt; borgere" in content
    assert "&lt;script&gt;noget&lt;/script&gt; om <mark>ledige</mark>" in content
    assert "<script>noget" not in content
    assert "<b>ledige" not in content.lower().replace("<b>ledige</b>", "")


def layout_queries(client):
    """The queries of any page's layout (the demo banner's check), as a baseline."""
    with CaptureQueriesContext(connection) as queries:
        search_page(client)
    return len(queries)


def test_search_page_without_a_query_shows_a_hint_and_no_results(client):
    make_project(title="Sprogmodel")
    with CaptureQueriesContext(connection) as queries:
        response = search_page(client)
    assert len(queries) <= 1  # only the layout's
    assert response.status_code == 200
    assert "Skriv et eller flere ord" in response.content.decode()
    assert "page_obj" not in response.context


def test_search_page_says_one_letter_words_are_ignored(client):
    response = search_page(client, q="a")
    assert "mindst to bogstaver" in response.content.decode()


def test_search_page_says_when_the_query_was_truncated(client):
    response = search_page(client, q="ord " * 100)
    assert "længere end 200 tegn" in response.content.decode()


def test_search_page_says_punctuation_is_not_a_word(client):
    response = search_page(client, q="&|!:*()")
    assert "ingen bogstaver eller tal" in response.content.decode()


def test_search_page_paginates_20_at_a_time_and_keeps_the_query(client):
    for n in range(25):
        make_project(title=f"Sprogmodel {n:02}")
    first = search_page(client, q="sprogmodel")
    assert len(first.context["page_obj"].object_list) == 20
    assert "q=sprogmodel&amp;page=2" in first.content.decode()
    second = search_page(client, q="sprogmodel", page=2)
    assert len(second.context["page_obj"].object_list) == 5


def _search_data(size):
    area = make_area(name="Sprogmodel-området")
    for n in range(size):
        make_challenge(name=f"Sprogmodel udfordring {n}", area=area)
        make_project(title=f"Sprogmodel {n}", description="Om en sprogmodel.")
        make_advice(title=f"Råd om sprogmodel {n}")
        make_resource(title=f"Sprogmodel-værktøj {n}")


@pytest.mark.parametrize("size", [1, 12])
def test_search_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    _search_data(size)
    # Two: the number of matches of each kind, and the page of matches.
    with django_assert_num_queries(layout_queries(client) + 2):
        response = search_page(client, q="sprogmodel")
    assert response.context["total"] == 4 * size + 1


def test_every_page_has_a_labelled_search_box_in_the_header(client):
    content = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}" role="search"' in content
    assert '<label class="sr-only" for="header-search-q">' in content
    assert 'id="header-search-q" type="search" name="q"' in content

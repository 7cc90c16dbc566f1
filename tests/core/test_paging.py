"""KeysFirstPaginator gives the pages Django's own paginator gives, counting with the keys
or not, and a page past the last is no page."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from temperatur.core.paging import KeysFirstPaginator
from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    for n in range(7):
        make_project(title=f"Projekt {n}", slug=f"projekt-{n}")
    return Project.objects.order_by("title", "slug")


def pages(paginator):
    return [
        (page.number, [project.slug for project in page], page.has_next())
        for page in (paginator.page(number) for number in paginator.page_range)
    ]


@pytest.mark.parametrize("count_with_keys", [False, True])
def test_the_pages_and_the_count_are_djangos(projects, count_with_keys):
    ours = KeysFirstPaginator(projects, 3, count_with_keys=count_with_keys)

    assert ours.page(3).object_list[0].slug == "projekt-6"  # the last page before the count
    assert ours.count == 7
    assert pages(ours) == pages(Paginator(projects, 3))


def test_counting_with_the_keys_reads_no_separate_count(projects):
    with CaptureQueriesContext(connection) as queries:
        page = KeysFirstPaginator(projects, 3, count_with_keys=True).page(2)
        slugs = [project.slug for project in page]

    assert slugs == ["projekt-3", "projekt-4", "projekt-5"]
    assert page.paginator.num_pages == 3
    # The keys with the count, then the rows: no query that only counts.
    assert len(queries) == 2
    assert not any(query["sql"].startswith("SELECT COUNT(") for query in queries)


@pytest.mark.parametrize("count_with_keys", [False, True])
def test_a_page_past_the_last_or_no_number_is_no_page(projects, count_with_keys):
    with pytest.raises(EmptyPage):
        KeysFirstPaginator(projects, 3, count_with_keys=count_with_keys).page(4)
    with pytest.raises(EmptyPage):
        KeysFirstPaginator(projects, 3, count_with_keys=count_with_keys).page(0)
    with pytest.raises(PageNotAnInteger):
        KeysFirstPaginator(projects, 3, count_with_keys=count_with_keys).page("to")


@pytest.mark.parametrize("count_with_keys", [False, True])
def test_an_empty_list_has_its_first_page_and_no_second(count_with_keys):
    empty = Project.objects.order_by("title")

    page = KeysFirstPaginator(empty, 3, count_with_keys=count_with_keys).page(1)
    assert list(page) == [] and page.paginator.count == 0
    with pytest.raises(EmptyPage):
        KeysFirstPaginator(empty, 3, count_with_keys=count_with_keys).page(2)


@pytest.mark.parametrize(("number", "shown"), [(None, 1), ("to", 1), ("2", 2), ("9", 3), ("0", 3)])
def test_get_page_gives_djangos_page_for_any_number(projects, number, shown):
    """As Django's: the first page for a number that is none, the last for one past it."""
    ours = KeysFirstPaginator(projects, 3, count_with_keys=True).get_page(number)

    assert ours.number == Paginator(projects, 3).get_page(number).number == shown


def test_get_page_counting_with_the_keys_reads_no_separate_count(projects):
    with CaptureQueriesContext(connection) as queries:
        page = KeysFirstPaginator(projects, 3, count_with_keys=True).get_page("2")
        list(page)

    assert len(queries) == 2  # the keys with the count, then the rows


@pytest.mark.parametrize("count_with_keys", [False, True])
@pytest.mark.parametrize("number", [461_169_999_999_999_999, 10**30])
def test_a_page_far_past_the_last_is_no_page_and_asks_no_impossible_offset(
    projects, count_with_keys, number
):
    """The database's OFFSET is a 64-bit integer: SQLite refused one past it (a 500)."""
    paginator = KeysFirstPaginator(projects, 20, count_with_keys=count_with_keys)

    with pytest.raises(EmptyPage):
        paginator.page(number)
    assert paginator.get_page(str(number)).number == 1  # the last page of 7 projects

"""The shared test helpers keep every test isolated (tests/helpers.py)."""

import pytest

from projects.models import Domain
from tests.factories import make_domain
from tests.helpers import built_once

pytestmark = pytest.mark.django_db


def two_domains():
    return [make_domain(slug="en").slug, make_domain(slug="to").slug]


domains = built_once(two_domains)


def test_rows_built_once_are_there_for_a_test(domains):
    assert sorted(Domain.objects.values_list("slug", flat=True)) == ["en", "to"]


def test_a_test_may_change_the_rows_built_once(domains):
    Domain.objects.filter(slug="en").delete()
    make_domain(slug="tre")
    assert sorted(Domain.objects.values_list("slug", flat=True)) == ["to", "tre"]


def test_the_next_test_sees_the_rows_as_built(domains):
    assert sorted(Domain.objects.values_list("slug", flat=True)) == ["en", "to"]

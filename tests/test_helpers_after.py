"""Rows built once for a module are gone when the module is done (tests/helpers.py)."""

import pytest

from projects.models import Domain


@pytest.mark.django_db
def test_rows_built_once_for_another_module_are_rolled_back():
    assert not Domain.objects.filter(slug__in=["en", "to"]).exists()

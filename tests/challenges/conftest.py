import pytest

from tests.examples import make_temperature_example


@pytest.fixture
def example(db):
    """The hand-computed example (``make_temperature_example``, numbers in its docstring)."""
    return make_temperature_example()

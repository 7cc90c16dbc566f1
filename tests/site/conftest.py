import pytest

from temperatur.settings import caches_from_env


@pytest.fixture
def folder_cache(settings, tmp_path):
    """The site's own cache folder configuration, in a folder of the test's own."""
    settings.CACHES = caches_from_env("", str(tmp_path / "cache"))

"""`create_local_editor`: a superuser with a published password, only where `make run` asks
for it, with debug on, on the local default SQLite file, and never anywhere else."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from temperatur.management.commands.create_local_editor import LOCAL_PASSWORD, LOCAL_USERNAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_the_local_default_database(settings):
    """The test database stands in for db.sqlite3: the setting that names the file points
    at it (SQLite only; on PostgreSQL there is no local default file to stand in for)."""
    if connection.vendor != "sqlite":
        pytest.skip("the local default database is a SQLite file")
    settings.DEBUG = True
    settings.LOCAL_DEFAULT_DATABASE = connection.settings_dict["NAME"]


def test_it_creates_the_editor_when_make_run_asks_on_the_local_file(
    on_the_local_default_database,
):
    call_command("create_local_editor", "--local-default-database")
    user = User.objects.get(username=LOCAL_USERNAME)
    assert user.is_superuser and user.check_password(LOCAL_PASSWORD)


def test_it_refuses_unless_asked_explicitly(on_the_local_default_database):
    with pytest.raises(CommandError, match="--local-default-database"):
        call_command("create_local_editor")
    assert not User.objects.filter(username=LOCAL_USERNAME).exists()


def test_it_refuses_with_debug_off(on_the_local_default_database, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_local_editor", "--local-default-database")
    assert not User.objects.filter(username=LOCAL_USERNAME).exists()


def test_it_refuses_on_any_other_database(settings, tmp_path):
    """Here the test database, which is not db.sqlite3: as a copy of a real database,
    or PostgreSQL, would not be."""
    settings.DEBUG = True
    settings.LOCAL_DEFAULT_DATABASE = tmp_path / "db.sqlite3"
    with pytest.raises(CommandError, match="anden database"):
        call_command("create_local_editor", "--local-default-database")
    assert not User.objects.filter(username=LOCAL_USERNAME).exists()

"""The seed fixtures and ``manage.py seed``: the one test file that uses the real content."""

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from challenges import population
from challenges.models import ChallengeArea, Standing
from projects.models import (
    Project,
    Region,
)
from temperatur.management.commands.seed import FIXTURES
from tests.factories import make_observation, make_record

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
SEED_APPS = ("projects", "challenges", "resources")

pytestmark = pytest.mark.django_db


def seed(fixture_dir=FIXTURE_DIR):
    call_command("seed", fixture_dir=fixture_dir, stdout=io.StringIO())


# dumpdata writes times to the millisecond, a time with fewer than 1,000 microseconds as
# ».000Z«, and that time, loaded again (no microseconds), as »Z«: the same instant.
WHOLE_SECOND = re.compile(r"(?<=T\d\d:\d\d:\d\d)\.000(?=Z$|[+-]\d\d:\d\d$)")


def dump(*, natural_primary=True):
    """The seed apps' data as Django serialises it, in a canonical order for comparing."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        *SEED_APPS,
        natural_foreign=True,
        natural_primary=natural_primary,
        stdout=out,
    )
    objects = json.loads(out.getvalue())
    for item in objects:
        model = apps.get_model(item["model"])
        for field in model._meta.many_to_many:
            item["fields"][field.name] = sorted(item["fields"][field.name])
        for name, value in item["fields"].items():
            if isinstance(value, str):
                item["fields"][name] = WHOLE_SECOND.sub("", value)
    return sorted(objects, key=lambda item: json.dumps(item, sort_keys=True))


def counts():
    return {
        model._meta.label: model._default_manager.count()
        for name in SEED_APPS
        for model in apps.get_app_config(name).get_models()
        # Rows derived from the loaded ones (challenges.standing, challenges.population).
        if not getattr(model, "derived_from_other_rows", False)
    }


@pytest.fixture
def seeded():
    seed()


@pytest.fixture
def broken_copy(tmp_path):
    """Copy the fixtures to a folder of their own; return a function that edits one of them."""
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURE_DIR, folder)

    def edit(name, change):
        path = folder / f"{name}.json"
        objects = json.loads(path.read_text(encoding="utf-8"))
        change(objects)
        path.write_text(json.dumps(objects, ensure_ascii=False, indent=2), encoding="utf-8")
        return folder

    return edit


def first(objects, model):
    return next(item["fields"] for item in objects if item["model"] == model)


# --- the fixture files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_is_readable_utf8_without_primary_keys(name):
    text = (FIXTURE_DIR / f"{name}.json").read_text(encoding="utf-8")
    objects = json.loads(text)
    assert objects
    assert all("pk" not in item for item in objects)
    assert "\\u00" not in text  # æ, ø and å are written as themselves
    assert text.startswith("[\n  {")  # pretty-printed


def test_each_fixture_loads_by_name_after_the_ones_it_depends_on(settings):
    # `manage.py loaddata regions` finds fixtures/regions.json only when settings.FIXTURE_DIRS
    # lists fixtures/; set here so that the test checks the files, not settings.py.
    settings.FIXTURE_DIRS = [FIXTURE_DIR]
    for name in FIXTURES:
        before = sum(counts().values())
        call_command("loaddata", name, verbosity=0)
        loaded = len(json.loads((FIXTURE_DIR / f"{name}.json").read_text(encoding="utf-8")))
        assert sum(counts().values()) == before + loaded, name


def test_every_project_in_the_fixture_file_names_its_source():
    objects = json.loads((FIXTURE_DIR / "projects.json").read_text(encoding="utf-8"))
    projects = [item["fields"] for item in objects if item["model"] == "projects.project"]
    assert len(projects) == 26
    assert all(fields["source_url"].startswith("https://") for fields in projects)


# --- the command ---------------------------------------------------------------------------


def test_seed_prints_a_danish_summary():
    out = io.StringIO()
    call_command("seed", stdout=out)
    assert "kommuner: 98" in out.getvalue()


def test_seeding_twice_updates_in_place_and_changes_nothing(seeded):
    before_counts, before_rows = counts(), dump(natural_primary=False)
    seed()
    assert counts() == before_counts
    assert dump(natural_primary=False) == before_rows  # same primary keys, same values


def test_seeding_again_restores_edited_content(seeded):
    Region.objects.filter(code=1081).update(name="Forkert navn")
    seed()
    assert Region.objects.get(code=1081).name == "Region Nordjylland"


def _unknown_municipality(objects):
    first(objects, "projects.project")["lead_municipality"] = ["atlantis-kommune"]


def _unknown_area(objects):
    first(objects, "resources.resource")["areas"] = [["ukendt-omraade"]]


def _bad_year(objects):
    first(objects, "projects.project")["start_year"] = "tyve"


def _municipal_without_lead(objects):
    first(objects, "projects.project")["lead_municipality"] = None


@pytest.mark.parametrize(
    ("fixture", "change", "message"),
    [
        ("projects", _unknown_municipality, "atlantis-kommune"),
        ("resources", _unknown_area, "ukendt-omraade"),
        ("projects", _bad_year, "tyve"),
        ("projects", _municipal_without_lead, "projects_project_municipal_has_lead"),
    ],
)
def test_broken_fixture_stops_the_seed_and_loads_nothing(broken_copy, fixture, change, message):
    folder = broken_copy(fixture, change)
    with pytest.raises(CommandError) as error:
        seed(folder)
    assert f"{fixture}.json" in str(error.value)
    assert message in str(error.value)
    # Regions and municipalities loaded before the broken file were rolled back too.
    assert set(counts().values()) == {0}


def test_broken_fixture_leaves_the_previous_seed_untouched(seeded, broken_copy):
    before_counts, before_rows = counts(), dump()
    broken_copy("regions", lambda objects: objects[0]["fields"].update(name="Ændret"))
    folder = broken_copy("resources", _unknown_area)
    with pytest.raises(CommandError, match="resources.json"):
        seed(folder)
    assert counts() == before_counts
    assert dump() == before_rows


def test_missing_fixture_is_refused(tmp_path):
    with pytest.raises(CommandError, match="regions.json"):
        seed(tmp_path)
    assert set(counts().values()) == {0}


@pytest.fixture
def fresh_content_types():
    # `flush` deletes and recreates the content types; the test's rollback brings the old ones
    # back, so the cache must not keep the new ids for later tests.
    yield
    ContentType.objects.clear_cache()


def test_dumpdata_flush_loaddata_gives_back_the_same_data(seeded, tmp_path, fresh_content_types):
    before = dump()
    path = tmp_path / "alt.json"
    call_command(
        "dumpdata",
        *SEED_APPS,
        natural_foreign=True,
        natural_primary=True,
        output=str(path),
        verbosity=0,
    )
    # The seed wrote history rows inside this test's transaction; PostgreSQL truncates a
    # table only once their deferred foreign-key checks have run.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    assert set(counts().values()) == {0}
    call_command("loaddata", str(path), verbosity=0)
    assert dump() == before


def test_a_dump_leaves_derived_rows_out_and_loading_it_writes_them_again(
    seeded, tmp_path, fresh_content_types
):
    """The summary (challenges.standing) and the kept counts (challenges.population) are
    never dumped: loaded beside their sources they would clash with the rows the sources'
    loading writes. Loading the dump writes them again."""
    project = Project.objects.published().first()
    area = ChallengeArea.objects.first()
    make_record(project=project)
    make_observation(project=project, area=area, severity=2)
    standing_before = set(
        Standing.objects.values_list("project__slug", "measurement_key", "area__slug", "severity")
    )
    counts_before = population.stored_rows()
    assert standing_before and any(row[0] == "m" for row in counts_before)
    path = tmp_path / "all.json"
    call_command(
        "dumpdata", *SEED_APPS, natural_foreign=True, natural_primary=True, output=str(path)
    )
    dumped = {item["model"] for item in json.loads(path.read_text(encoding="utf-8"))}
    assert {"challenges.projectchallenge", "challenges.challengerecord"} <= dumped
    assert not dumped & {"challenges.standing", "challenges.populationcount"}
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
    assert standing_before == set(
        Standing.objects.values_list("project__slug", "measurement_key", "area__slug", "severity")
    )
    # Ids differ after loading; what is counted does not.
    assert {row[:2] + row[4:] for row in population.stored_rows()} == {
        row[:2] + row[4:] for row in counts_before
    }

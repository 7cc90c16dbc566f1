"""The static files' storage (temperatur/web/storage.py): whitenoise's addresses, each
worked out once per process."""

import json

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from temperatur.web.storage import StaticFilesStorage

MANIFEST = {
    "paths": {"css/site.css": "css/site.0123abcd.css", "img/icon.svg": "img/icon.4567ef01.svg"},
    "version": "1.1",
    "hash": "89ab",
}


@pytest.fixture
def collected(tmp_path, settings):
    settings.DEBUG = False
    (tmp_path / "staticfiles.json").write_text(json.dumps(MANIFEST))
    return {"location": tmp_path, "base_url": "/static/"}


@pytest.mark.parametrize("name", ["css/site.css", "img/icon.svg#close", "img/icon.svg?v=2"])
def test_addresses_are_whitenoises(collected, name):
    ours, theirs = (
        StaticFilesStorage(**collected),
        CompressedManifestStaticFilesStorage(**collected),
    )

    assert ours.url(name) == ours.url(name) == theirs.url(name)
    assert ours.url(name, force=True) == theirs.url(name, force=True)


def test_each_address_is_worked_out_once(collected, monkeypatch):
    storage = StaticFilesStorage(**collected)
    looked_up = []
    stored_name = storage.stored_name
    monkeypatch.setattr(
        storage, "stored_name", lambda name: looked_up.append(name) or stored_name(name)
    )

    urls = {storage.url("css/site.css") for _ in range(3)}

    assert urls == {"/static/css/site.0123abcd.css"}
    assert looked_up == ["css/site.css"]


def test_a_file_missing_from_the_manifest_is_an_error_every_time(collected):
    storage = StaticFilesStorage(**collected)

    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")

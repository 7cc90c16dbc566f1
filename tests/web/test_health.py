from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse


@pytest.fixture
def url():
    return reverse("healthz")


def test_healthz_answers_ok_in_plain_text(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_answers_head(client, db, url):
    assert client.head(url).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_refuses_other_methods(client, db, url, method):
    assert getattr(client, method)(url).status_code == 405


def test_healthz_is_503_when_the_database_does_not_answer(client, db, url):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("nede")):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert "databasen" in response.content.decode()


def test_healthz_is_never_cached(client, transactional_db, url, settings, tmp_path):
    settings.CACHE_PAGES = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path,
        }
    }
    first = client.get(url)
    assert "no-store" in first["Cache-Control"]
    assert not first.has_header("ETag")
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("nede")):
        assert client.get(url).status_code == 503

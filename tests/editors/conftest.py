import pytest
from django.test import Client

from tests.factories import make_editor_user, make_project


@pytest.fixture
def redaktoer(db):
    return make_editor_user("Redaktør")


@pytest.fixture
def skribent(db):
    return make_editor_user("Skribent")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def redaktoer_client(redaktoer):
    return logged_in(redaktoer)


@pytest.fixture
def skribent_client(skribent):
    return logged_in(skribent)


@pytest.fixture
def project(db):
    """A published project that a Skribent proposes changes to (the review tests)."""
    return make_project(title="Talegenkendelse", summary="Det gamle resumé.")

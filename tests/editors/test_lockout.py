"""Repeated failed logins lock the username from that address (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
PASSWORD = "en-lang-adgangskode"


@pytest.fixture
def editor():
    return User.objects.create_user("anne", password=PASSWORD, is_staff=True)


def log_in(client, password, *, username="anne", address="10.0.0.1"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail(client, times, **kwargs):
    return [log_in(client, "forkert-adgangskode", **kwargs) for _ in range(times)]


def test_four_failures_still_allow_the_right_password(client, editor):
    responses = fail(client, 4)

    assert [r.status_code for r in responses] == [200] * 4
    assert log_in(client, PASSWORD).status_code == 302


def test_the_fifth_failure_locks_with_a_danish_message_saying_how_long(client, editor):
    *_, fifth = fail(client, 5)

    assert fifth.status_code == 429
    assert "Kontoen er midlertidigt låst" in fifth.text
    assert "5 gange i træk" in fifth.text
    assert "de næste 15 minutter" in fifth.text
    assert "heller ikke med den rigtige adgangskode" in fifth.text


def test_the_right_password_is_refused_while_locked(client, editor):
    fail(client, 5)

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "Kontoen er midlertidigt låst" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # to the login page


def test_the_lockout_page_has_the_admins_look_without_inline_code(client, editor):
    *_, locked = fail(client, 5)

    assert "Temperatur – redaktion" in locked.text  # the admin's header
    assert "<style" not in locked.text
    assert "style=" not in locked.text
    assert "<script>" not in locked.text
    assert " on" + "click=" not in locked.text


def test_the_lock_is_for_that_username_from_that_address_only(client, editor):
    User.objects.create_user("bent", password=PASSWORD, is_staff=True)
    fail(client, 5)

    assert log_in(client, PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    assert log_in(client, PASSWORD, username="bent").status_code == 302


def test_the_lock_lifts_after_15_minutes(client, editor):
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )

    assert log_in(client, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, editor):
    fail(client, 4)
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()

    responses = fail(client, 4)

    assert [r.status_code for r in responses] == [200] * 4

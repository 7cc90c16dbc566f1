"""Production behind proxies: one setting, TRUSTED_PROXY_COUNT, gives the visitor's address
to the login lockout and the error-report rate limit (temperatur/proxies.py); failed
logins are also capped per address, whatever the usernames (temperatur/lockout.py)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from temperatur.site import feedback
from temperatur.web.proxies import client_ip
from tests.factories import make_project

LOGIN_URL = reverse("admin:login")
PASSWORD = "en-lang-adgangskode"
PROXY = "10.0.0.1"


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


# The address


def test_without_trusted_proxies_the_connection_is_the_visitor(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from(PROXY, "192.0.2.9")) == PROXY


def test_behind_one_proxy_the_address_it_appended_is_the_visitor(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The visitor wrote »198.51.100.1« themselves; the proxy appended what it saw.
    assert client_ip(request_from(PROXY, "198.51.100.1, 192.0.2.9")) == "192.0.2.9"


def test_behind_two_proxies_the_outer_ones_address_is_the_visitor(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(PROXY, "198.51.100.1, 192.0.2.9, 10.0.0.2")) == "192.0.2.9"


@pytest.mark.parametrize("forwarded", [None, "", "ikke-en-adresse", " , "])
def test_a_missing_or_broken_header_falls_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, forwarded)) == PROXY


# Failed logins behind a proxy


@pytest.fixture
def editors(db):
    return [
        User.objects.create_user(name, password=PASSWORD, is_staff=True)
        for name in ("anne", "bent")
    ]


def log_in(client, username, password, *, visitor):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=visitor,
    )


def test_behind_the_proxy_a_lockout_falls_on_the_visitor_not_on_everyone(settings, editors):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, editor = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "anne", "forkert-adgangskode", visitor="203.0.113.66")
    assert log_in(attacker, "anne", PASSWORD, visitor="203.0.113.66").status_code == 429
    # Anne herself, from her own address behind the same proxy, is not locked out.
    assert log_in(editor, "anne", PASSWORD, visitor="192.0.2.10").status_code == 302


def test_failures_with_changing_usernames_lock_the_address(settings, editors):
    client = Client()
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    for number in range(limit - 1):
        response = log_in(client, f"gaet-{number}", "forkert", visitor="")
        assert response.status_code == 200  # the login form again, no lock yet
    assert log_in(client, "bent", PASSWORD, visitor="").status_code == 302
    client.logout()

    locked = log_in(client, "gaet-igen", "forkert", visitor="")
    assert locked.status_code == 429
    assert "Login er midlertidigt spærret herfra" in locked.text
    assert f"{limit} gange fra denne adresse" in locked.text
    # Now no one gets in from this address, not even with the right password …
    assert log_in(Client(), "anne", PASSWORD, visitor="").status_code == 429
    # … while another address is not affected.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(LOGIN_URL, {"username": "anne", "password": PASSWORD}).status_code == 302


def test_five_failures_for_one_username_still_lock_only_that_username(settings, editors):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "anne", "forkert", visitor="")
    locked = log_in(client, "anne", PASSWORD, visitor="")
    assert locked.status_code == 429
    assert "Kontoen er midlertidigt låst" in locked.text
    assert log_in(client, "bent", PASSWORD, visitor="").status_code == 302


# The error-report rate limit, behind the same proxy


@pytest.mark.django_db
def test_the_rate_limit_counts_the_visitor_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    page = make_project().get_absolute_url()
    url = f"{reverse('feedback')}?side={page}"

    def report(visitor):
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor)
        return client.post(url, {"message": "Fejl."}).status_code

    assert [report("192.0.2.1") for _ in range(feedback.RATE_LIMIT)] == [302] * 5
    assert report("192.0.2.1") == 429
    # A client cannot dodge the limit by writing its own header before the proxy's.
    assert report("198.51.100.7, 192.0.2.1") == 429
    assert report("192.0.2.2") == 302

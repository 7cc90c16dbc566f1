"""One of the parallel writers of ``test_sqlite_concurrency.py``, as a process of its own.

    python -m tests.editors.sqlite_writers setup
    python -m tests.editors.sqlite_writers save PROJECT_PK USER_PK COUNT
    python -m tests.editors.sqlite_writers login COUNT

``setup`` makes an editor and one project per writer and prints their keys as JSON;
``save`` saves the project's change form COUNT times through the admin, as an editor's
browser would; ``login`` fails COUNT logins (django-axes records each in the database).
``save`` and ``login`` first print ``ready`` and wait for a line on stdin, so that every
writer starts at once, after Django has started in all of them: the writes overlap
however slowly the processes start. Each then prints ``{"ok": n, "errors": [...]}``. The
database is the one ``DATABASE_URL`` names.
"""

import json
import sys


def _setup_django():
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's responses carry their context
    # Cheap password checks, as in the test suite (tests/conftest.py): the writes are
    # what is measured, not the hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def wait_for_the_start():
    """Say that this writer is ready, then wait until the test starts every writer at once."""
    print("ready", flush=True)
    sys.stdin.readline()


def setup(writers):
    from tests.factories import make_editor_user, make_project

    user = make_editor_user("Redaktør", username="parallel")
    projects = [make_project(title=f"Parallel {i}").pk for i in range(writers)]
    print(json.dumps({"user": user.pk, "projects": projects}))


def save(project_pk, user_pk, count):
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from tests.helpers import admin_post_data

    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    url = reverse("admin:projects_project_change", args=[project_pk])
    ok, errors = 0, []
    wait_for_the_start()
    for i in range(count):
        try:
            form = client.get(url)
            response = client.post(url, admin_post_data(form, summary=f"Resumé nr. {i}."))
            if response.status_code == 302:
                ok += 1
            else:
                errors.append(f"save {i}: {response.status_code}")
        except Exception as error:  # noqa: BLE001 – every failure is counted, as a user sees it
            errors.append(f"save {i}: {type(error).__name__}: {error}")
    print(json.dumps({"ok": ok, "errors": errors}))


def login(count):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    url = reverse("admin:login")
    ok, errors = 0, []
    wait_for_the_start()
    for i in range(count):
        try:
            # A new name each time: every attempt is written, none is locked out.
            data = {"username": f"ukendt-{i}", "password": "forkert-adgangskode"}
            response = client.post(url, data)
            if response.status_code in (200, 429):
                ok += 1
            else:
                errors.append(f"login {i}: {response.status_code}")
        except Exception as error:  # noqa: BLE001
            errors.append(f"login {i}: {type(error).__name__}: {error}")
    print(json.dumps({"ok": ok, "errors": errors}))


if __name__ == "__main__":
    _setup_django()
    command, *args = sys.argv[1:]
    {"setup": setup, "save": save, "login": login}[command](*map(int, args))

"""The parallel writers of ``test_sqlite_concurrency.py``, as processes of their own.

    python -m tests.editors.sqlite_writers WRITERS SAVES LOGIN_PROCESSES LOGINS

Starts Django once, against the database ``DATABASE_URL`` names: migrates it, makes an
editor and one project per writer, and then forks the writers, each a process of its own
with its own connection to the database: WRITERS processes that save their project's
change form SAVES times through the admin, as an editor's browser would, and
LOGIN_PROCESSES processes that fail LOGINS logins each (django-axes records each in the
database). Every writer first gets ready (its client logged in) and then waits until all
are, so that the writes overlap from the first one. Prints one ``{"ok": n, "errors":
[...]}`` per writer, as a JSON list.

Forking the writers from one started Django spares each the start of Python and Django;
the writes, which are what is tested, are the same.
"""

import json
import os
import sys
import traceback


def _setup_django():
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's responses carry their context
    # Cheap password checks, as in the test suite (tests/conftest.py): the writes are
    # what is measured, not the hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def setup(writers):
    from django.core.management import call_command

    from tests.factories import make_editor_user, make_project

    call_command("migrate", interactive=False, verbosity=0)
    user = make_editor_user("Redaktør", username="parallel")
    projects = [make_project(title=f"Parallel {i}").pk for i in range(writers)]
    return user.pk, projects


def save(project_pk, user_pk, count, wait_for_the_start):
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
    return {"ok": ok, "errors": errors}


def login(count, wait_for_the_start):
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
    return {"ok": ok, "errors": errors}


def _writer(job, ready_w, go_r, result_w):
    """Run ``job`` in this forked process, its result written to ``result_w``; the status."""
    started = False

    def wait_for_the_start():
        nonlocal started
        started = True
        os.write(ready_w, b".")
        os.read(go_r, 1)

    try:
        result = job(wait_for_the_start)
        with os.fdopen(result_w, "w") as out:
            json.dump(result, out)
        return 0
    except BaseException:
        traceback.print_exc()  # on standard error, which the test shows
        return 1
    finally:
        if not started:  # failed before it was ready: the others need not wait for it
            os.write(ready_w, b".")


def run_writers(jobs):
    """Run each job (a function of ``wait_for_the_start``) in a forked process of its own;
    their results, in order. Each job says when it is ready and then waits until every
    job is, so that they all start writing at once."""
    from django.db import connections

    connections.close_all()  # each writer opens a connection of its own
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    children = []
    for job in jobs:
        result_r, result_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer
            os.close(result_r)
            os._exit(_writer(job, ready_w, go_r, result_w))
        os.close(result_w)
        children.append((pid, result_r))
    for _ in jobs:  # every writer is ready …
        os.read(ready_r, 1)
    os.write(go_w, b"." * len(jobs))  # … and now they all write at once
    results = []
    for pid, result_r in children:
        with os.fdopen(result_r) as answer:
            text = answer.read()
        _, status = os.waitpid(pid, 0)
        results.append(
            json.loads(text)
            if status == 0 and text
            else {"ok": 0, "errors": [f"writer {pid} ended with status {status}"]}
        )
    return results


def main(writers, saves, login_processes, logins):
    _setup_django()
    user, projects = setup(writers)
    jobs = [
        lambda start, project=project: save(project, user, saves, start) for project in projects
    ] + [lambda start: login(logins, start) for _ in range(login_processes)]
    print(json.dumps(run_writers(jobs)))


if __name__ == "__main__":
    main(*map(int, sys.argv[1:]))

"""The editors' admin answers bad input with a 4xx, never a server error.

PostgreSQL refuses NUL bytes in text with an exception: in a search box, an autocomplete
or a list filter that was a 500. (SQLite shrugs, so these tests are meaningful on both.)
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import make_feedback, make_project

pytestmark = pytest.mark.django_db

SEARCHABLE = sorted(
    (
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model, model_admin in admin.site._registry.items()
        if model_admin.search_fields
    )
)


def changelist(label):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def test_every_admin_with_a_search_box_is_checked():
    assert {"projects.project", "temperatur.feedback", "auth.user"} <= set(SEARCHABLE)


@pytest.mark.parametrize("label", SEARCHABLE)
@pytest.mark.parametrize("query", ["a\x00b", "\x00"])
def test_a_nul_byte_in_any_admin_search_is_a_bad_request(admin_client, label, query):
    make_project()
    response = admin_client.get(changelist(label), {"q": query})

    assert response.status_code == 400


@pytest.mark.parametrize("term", ["\x00", "Mil\x00jø"])
def test_a_nul_byte_in_an_autocomplete_is_a_bad_request(admin_client, term):
    make_project()
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "project", "field_name": "domain", "term": term},
    )

    assert response.status_code == 400


def test_a_nul_byte_in_a_list_filter_is_a_bad_request(admin_client):
    make_feedback()

    response = admin_client.get(changelist("temperatur.feedback"), {"status__exact": "\x00"})

    assert response.status_code == 400


def test_searching_still_works(admin_client):
    make_project(title="Talegenkendelse")

    response = admin_client.get(changelist("projects.project"), {"q": "tale"})

    assert [str(row) for row in response.context["cl"].result_list] == ["Talegenkendelse"]


@pytest.mark.parametrize("label", ["projects.project", "temperatur.feedback", "projects.region"])
@pytest.mark.parametrize("selected", ["abc", "1\x00", "1e3"])
def test_an_action_on_rows_that_cannot_exist_is_a_bad_request(admin_client, label, selected):
    make_project()
    action = "delete_selected"

    response = admin_client.post(
        changelist(label), {"action": action, "_selected_action": [selected]}
    )

    assert response.status_code == 400

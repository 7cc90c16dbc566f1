"""One layer for ?format= (temperatur.web.renderers): one error shape on every page that has
machine-readable twins."""

import pytest
from django.urls import reverse

PAGES_WITH_TWINS = ["projects:list", "challenges:temperature", "regions", "resources:list"]
INVALID_JSON = [
    ("projects:list", "domain=findes-ikke"),
    ("challenges:temperature", "domain=findes-ikke"),
    ("challenges:temperature", "from=findes-ikke&to=findes-heller-ikke"),
    ("resources:list", "area=findes-ikke"),
    ("resources:guide", "domain=findes-ikke&owner_type=kommunal"),
]


def assert_one_error_shape(response, parameter):
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert list(data) == ["errors"]
    assert parameter in data["errors"]
    assert all(
        isinstance(message, str) for messages in data["errors"].values() for message in messages
    )


@pytest.mark.parametrize("name", [*PAGES_WITH_TWINS, "resources:guide"])
def test_an_unknown_format_is_a_400_in_the_one_error_shape(client, db, name):
    response = client.get(reverse(name) + "?format=xml")

    assert_one_error_shape(response, "format")
    assert "format=csv" in response.json()["errors"]["format"][0]


@pytest.mark.parametrize(("name", "query"), INVALID_JSON)
def test_unusable_input_is_the_same_json_shape_on_every_page(client, db, name, query):
    response = client.get(f"{reverse(name)}?format=json&{query}")

    assert_one_error_shape(response, query.split("=")[0])


def test_the_guide_answers_unusable_input_in_csv_as_text_not_json(client, db):
    response = client.get(reverse("resources:guide") + "?format=csv&domain=findes-ikke")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("domain: ")

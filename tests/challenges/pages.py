"""Reading the temperature page and the project list in the challenges tests."""

import csv
import io

from django.urls import reverse


def temperature_url():
    return reverse("challenges:temperature")


def get_json(client, **params):
    response = client.get(temperature_url(), {**params, "format": "json"})
    assert response.status_code == 200
    return response.json()


def get_csv(client, **params):
    """The temperature page's CSV: the response and its rows as dicts by column name."""
    response = client.get(temperature_url(), {**params, "format": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return response, list(csv.DictReader(io.StringIO(text), delimiter=";"))


def numbers(data):
    """``{slug: (projects, share, mean_severity)}`` from the JSON."""
    return {
        area["slug"]: (area["projects"], area["share"], area["mean_severity"])
        for area in data["areas"]
    }


def listed_slugs(client, url):
    """The slugs of the projects a project-list URL shows (all pages)."""
    response = client.get(url)
    assert response.status_code == 200
    paginator = response.context["paginator"]
    return {project.slug for project in paginator.object_list}

"""Reading the temperature page and the project list in the challenges tests."""

from django.urls import reverse


def temperature_url():
    return reverse("challenges:temperature")


def get_json(client, **params):
    response = client.get(temperature_url(), {**params, "format": "json"})
    assert response.status_code == 200
    return response.json()


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

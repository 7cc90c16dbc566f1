"""The CSV import of observed challenges in the challenges tests: its addresses, the rows it
imports into (the fixture ``site``), uploading a file and confirming its preview."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_area, make_challenge, make_measurement, make_project

IMPORT_URL = reverse("admin:challenges_projectchallenge_import")
TEMPLATE_URL = reverse("admin:challenges_projectchallenge_import_template")
CHANGELIST_URL = reverse("admin:challenges_projectchallenge_changelist")
HEADER = "projekt;omraade;udfordring;maaling;alvor;beskrivelse;offentliggjort"


@pytest.fixture(name="site")
def site_fixture(db):
    """Two projects, two areas with a concrete challenge each, and a measurement."""
    data = make_area(slug="data", name="Data og datakvalitet")
    jura = make_area(slug="jura", name="Jura")
    return {
        "project": make_project(slug="hjemmepleje", title="AI i hjemmeplejen"),
        "other": make_project(slug="roentgen", title="Røntgen med AI"),
        "data": data,
        "jura": jura,
        "quality": make_challenge(area=data, slug="datakvalitet", name="Datakvalitet"),
        "consent": make_challenge(area=jura, slug="samtykke", name="Samtykke"),
        "measurement": make_measurement(slug="maaling-2022", name="Måling 2022"),
    }


def upload(client, *lines, name="interviews.csv", encoding="utf-8"):
    content = "\r\n".join(lines).encode(encoding)
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content, "text/csv")})


def confirm(client, preview):
    """Press »Gem rækkerne« on the preview: its hidden fields, as the browser sends them."""
    context = preview.context
    return client.post(IMPORT_URL, {"token": context["token"], "snapshot": context["snapshot"]})


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())

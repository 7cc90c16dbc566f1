"""A choice field's label (``temperatur.core.choices``) reads as Django's own display."""

import pytest
from django.utils import translation

from challenges.models import ProjectChallenge
from projects.models import Project
from resources.models import Resource
from temperatur.core.choices import choice_label


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Project, "status"),
        (Project, "owner_type"),
        (ProjectChallenge, "severity"),
        (Resource, "kind"),
    ],
)
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_value_reads_as_djangos_display(model, field, language):
    values = [value for value, _label in model._meta.get_field(field).flatchoices]
    with translation.override(language):
        for value in [*values, None, ""]:
            row = model(**{field: value})
            display = getattr(row, f"get_{field}_display")()
            assert choice_label(row, field) == display


def test_the_label_follows_the_active_language():
    project = Project(status=Project.Status.FINISHED)
    with translation.override("da"):
        assert choice_label(project, "status") == "Afsluttet"
    with translation.override("en"):
        assert choice_label(project, "status") == "Completed"

"""Records from the observation import: the column »registreret«.

A row with ``registreret = ja`` says that the project's challenges in the row's
measurement (none: outside the measurements) were recorded in full, across all seven
areas (``ChallengeRecord``). The import then creates that record if the project has none
for the measurement, with the row's source (``kilde``, required for a record) and, if the
row says so and the editor may publish records, published. An existing record is left as
it is. The records are checked with the rest of the file in the preview and saved in the
same transaction as the observations: all or nothing.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ChallengeRecord

COLUMN = "registreret"
COLUMN_DESCRIPTION = gettext_lazy(
    "ja, når projektets udfordringer i rækkens måling er registreret fuldt ud, inden for "
    "alle syv områder: importen opretter registreringen, hvis den mangler (med rækkens "
    "kilde, som så skal udfyldes). Tom eller nej: ingen registrering."
)


def plan(result, *, yes, no, can_publish):
    """The records ``result``'s valid rows ask for and that do not exist yet (unsaved).

    Adds an error to a row whose »registreret« cannot be read or lacks a source. Two rows
    for the same project and measurement ask for one record.
    """
    wanted = {}
    for row in result.rows:
        value = row.values.get(COLUMN, "").strip().casefold()
        if value in no or row.observation is None:
            if value not in no and value not in yes:
                row.errors.append(_bad_value(value))
            continue
        if value not in yes:
            row.errors.append(_bad_value(value))
            continue
        observation = row.observation
        key = (observation.project_id, observation.measurement_id)
        if key in wanted:
            continue
        if not observation.source_url:
            row.errors.append(
                _(
                    "En registrering skal have en kilde: udfyld »kilde« i linjen, eller sæt "
                    "»registreret« til nej."
                )
            )
            continue
        wanted[key] = ChallengeRecord(
            project=observation.project,
            measurement=observation.measurement,
            source_url=observation.source_url,
            is_published=observation.is_published and can_publish,
        )
    if not wanted:
        return []
    projects = {project for project, _measurement in wanted}
    existing = set(
        ChallengeRecord.objects.filter(project__in=projects).values_list(
            "project_id", "measurement_id"
        )
    )
    return [record for key, record in wanted.items() if key not in existing]


def _bad_value(value):
    return _("Registreret skal være »ja« eller »nej« – ikke »%(value)s«.") % {"value": value[:50]}


def save(records):
    """Create the planned records (``save()``, so history and caches follow)."""
    for record in records:
        record.save()
    return records

"""Names in an import file (``challenges.observation_import``): the projects, areas,
challenges and measurements a row names by short name (slug) or name, found once for the
whole file."""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import Project
from temperatur.editors.review import apply_open_changes

from .models import Challenge, ChallengeArea, Measurement, ProjectChallenge


class Names:
    """Find one of ``objects`` by its slug or (case-insensitively) its name."""

    def __init__(self, objects, attribute="name"):
        self.by_slug = {obj.slug: obj for obj in objects}
        self.by_name = defaultdict(list)
        for obj in objects:
            self.by_name[getattr(obj, attribute).casefold()].append(obj)

    def candidates(self, value):
        if value.lower() in self.by_slug:
            return [self.by_slug[value.lower()]]
        return self.by_name.get(value.casefold(), [])


class References:
    """Everything the rows refer to, fetched in a fixed number of queries.

    ``lock``: the existing observations are locked until the transaction ends.
    ``pending_versions``: published ones show their change waiting for review, if any.
    """

    def __init__(self, rows, *, lock=False, pending_versions=False):
        project_refs = {row.values.get("projekt", "") for row in rows} - {""}
        # Every project's slug and title, matched here: SQLite cannot compare æøå without
        # regard to case, and editors write titles as they remember them.
        self.projects = Names(list(Project.objects.only("pk", "slug", "title")), attribute="title")
        projects = {project for ref in project_refs for project in self.projects.candidates(ref)}
        self.areas = Names(list(ChallengeArea.objects.all()))
        self.challenges = Names(list(Challenge.objects.select_related("area")))
        self.measurements = Names(list(Measurement.objects.all()))
        existing = ProjectChallenge.objects.filter(project__in=projects)
        if lock:
            existing = existing.select_for_update(of=("self",))
        existing = list(existing.select_related("project", "area", "challenge", "measurement"))
        if pending_versions:
            apply_open_changes(existing)
        self.existing = {
            key(obs.project, obs.area, obs.challenge_id, obs.measurement_id): obs
            for obs in existing
        }


def key(project, area, challenge_id, measurement_id):
    return (project.pk, area.pk, challenge_id, measurement_id)


#: Per column: the error when no row has the name given, and when several have it.
NOT_ONE = {
    "projekt": (
        gettext_lazy(
            "Ukendt projekt »%(value)s«. Skriv projektets korte navn i adresser eller titel."
        ),
        gettext_lazy(
            "Flere projekter har titlen »%(value)s«. Skriv projektets korte navn i stedet."
        ),
    ),
    "omraade": (
        gettext_lazy("Ukendt udfordringsområde »%(value)s«."),
        gettext_lazy("Flere udfordringsområder hedder »%(value)s«. Skriv det korte navn i stedet."),
    ),
    "udfordring": (
        gettext_lazy("Ukendt konkret udfordring »%(value)s«."),
        gettext_lazy(
            "Flere konkrete udfordringer hedder »%(value)s«. Skriv det korte navn i stedet."
        ),
    ),
    "maaling": (
        gettext_lazy("Ukendt måling »%(value)s«."),
        gettext_lazy("Flere målinger hedder »%(value)s«. Skriv det korte navn i stedet."),
    ),
}


def _find(row, column, candidates):
    """The one candidate for the name in ``column``; else None, with an error on the row."""
    if len(candidates) == 1:
        return candidates[0]
    unknown, ambiguous = NOT_ONE[column]
    value = row.values[column]
    row.errors.append((ambiguous if candidates else unknown) % {"value": value[:100]})
    return None


def resolve(row, refs):
    """``(project, area, challenge, measurement)`` the row names, or None (with errors)."""
    values, errors = row.values, row.errors
    refs_given = [values.get(name, "") for name in ("projekt", "omraade", "udfordring", "maaling")]
    project_ref, area_ref, challenge_ref, measurement_ref = refs_given
    project = area = challenge = measurement = None
    if not project_ref:
        errors.append(_("Projekt mangler."))
    else:
        project = _find(row, "projekt", refs.projects.candidates(project_ref))
    if not area_ref:
        errors.append(_("Udfordringsområde mangler."))
    else:
        area = _find(row, "omraade", refs.areas.candidates(area_ref))
    if challenge_ref and area:
        candidates = refs.challenges.candidates(challenge_ref)
        in_area = [item for item in candidates if item.area_id == area.pk]
        if candidates and not in_area:
            errors.append(
                _(
                    "Den konkrete udfordring »%(value)s« hører til området »%(other)s«, ikke "
                    "»%(area)s«. Ret området eller udfordringen."
                )
                % {"value": challenge_ref[:100], "other": candidates[0].area, "area": area}
            )
        else:
            challenge = _find(row, "udfordring", in_area)
    if measurement_ref:
        measurement = _find(row, "maaling", refs.measurements.candidates(measurement_ref))
    if not (project and area) or bool(challenge_ref) != bool(challenge):
        return None
    if bool(measurement_ref) != bool(measurement):
        return None
    return project, area, challenge, measurement

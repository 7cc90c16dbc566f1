"""The temperature: how widespread each challenge area is across a set of projects.

Definitions (issue #3):
- the projects of a view are the published projects that match its filters;
  ``projects_total`` is their number;
- a project met an area when it has at least one published challenge there
  (within the chosen measurement, when one is chosen); an area's ``projects`` is
  the number of the view's projects that met it; ``share`` = projects / total;
- a project's severity in an area is the highest severity among its published
  challenges there; ``mean_severity`` is the mean of that over the projects that
  met the area with a known severity (None when there is none).

Everything is counted in the database, in a fixed number of queries, whatever the
number of projects.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from projects.models import Project

from .models import ChallengeArea, ProjectChallenge


@dataclass(frozen=True)
class AreaPrevalence:
    area: ChallengeArea
    projects: int
    share: float
    mean_severity: float | None

    @property
    def percent(self):
        return round(self.share * 100)


@dataclass(frozen=True)
class Temperature:
    projects_total: int
    areas: list[AreaPrevalence]

    def ranked(self):
        """Areas with the most projects first; ties in the areas' own order."""
        return sorted(self.areas, key=lambda item: (-item.projects, item.area.order))

    @property
    def has_observations(self):
        return any(item.projects for item in self.areas)

    def others(self, chosen):
        """Co-occurrence: the areas other than ``chosen``, most projects first.

        When the projects were filtered to those that met the ``chosen`` areas, an
        other area's ``projects`` is how many of them also met it.
        """
        chosen_ids = {area.pk for area in chosen}
        return [item for item in self.ranked() if item.area.pk not in chosen_ids]


def observations_for(projects, measurement=None):
    """Published observations of the given (already filtered) projects (None: any)."""
    observations = ProjectChallenge.objects.filter(is_published=True)
    if projects is not None:
        observations = observations.filter(project__in=projects)
    if measurement is not None:
        observations = observations.filter(measurement=measurement)
    return observations


def area_counts(projects, measurement=None, *, with_total=False):
    """``{area_id: (projects, mean_severity)}`` for the given projects, in one query.

    ``with_total``: ``(total, counts)``, the number of ``projects`` counted in the same
    query (one row more, ``UNION ALL``).
    """
    per_project = (
        observations_for(projects.order_by().values("pk"), measurement)
        .order_by()
        .values("area_id", "project_id")
        .annotate(severity=Max("severity"))
    )
    try:
        inner_sql, params = per_project.query.sql_with_params()
        total_sql, total_params = projects.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. Project.objects.none(): nothing to count
        return (0, {}) if with_total else {}
    sql = (
        "SELECT per_project.area_id, COUNT(*), AVG(per_project.severity * 1.0) "
        f"FROM ({inner_sql}) per_project GROUP BY per_project.area_id"
    )
    if with_total:
        sql += f" UNION ALL SELECT NULL, COUNT(*), NULL FROM ({total_sql}) counted"
        params = (*params, *total_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = {
        area_id: (count, None if mean is None else float(mean))
        for area_id, count, mean in rows
        if area_id is not None
    }
    if with_total:
        return next(count for area_id, count, _mean in rows if area_id is None), counts
    return counts


def temperature(projects, *, measurement=None, areas=None, total=None):
    """The temperature of ``projects`` (a QuerySet of published, filtered projects).

    ``total``: their number, when the caller has counted them already.
    """
    if total is None:
        total, counts = area_counts(projects, measurement, with_total=True)
    else:
        counts = area_counts(projects, measurement)
    if areas is None:
        areas = ChallengeArea.objects.all()
    items = []
    for area in areas:
        met, mean_severity = counts.get(area.pk, (0, None))
        items.append(
            AreaPrevalence(
                area=area,
                projects=met,
                share=met / total if total else 0.0,
                mean_severity=mean_severity,
            )
        )
    return Temperature(projects_total=total, areas=items)


# The heat map: one project's highest severity in each area.

NOT_MET = "none"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class HeatCell:
    """A project's standing in one area: not met, met with unknown severity, or 1–3."""

    met: bool
    severity: int | None = None

    @property
    def level(self):
        """The CSS modifier: ``"1"``–``"3"``, ``"unknown"`` or ``"none"``."""
        if not self.met:
            return NOT_MET
        if self.severity is None:
            return UNKNOWN
        return str(self.severity)

    @property
    def label(self):
        if not self.met:
            return "–"
        if self.severity is None:
            return _("Ikke oplyst")
        return ProjectChallenge.Severity(self.severity).label


LEGEND = (
    HeatCell(met=True, severity=ProjectChallenge.Severity.HIGH),
    HeatCell(met=True, severity=ProjectChallenge.Severity.MEDIUM),
    HeatCell(met=True, severity=ProjectChallenge.Severity.LOW),
    HeatCell(met=True, severity=None),
    HeatCell(met=False),
)


@dataclass(frozen=True)
class HeatRow:
    project: Project
    cells: list[HeatCell]


def highest_severities(project_ids, measurement=None):
    """``{(project_id, area_id): highest severity or None}`` for the areas met, in one query."""
    rows = (
        observations_for(project_ids, measurement)
        .order_by()
        .values("project_id", "area_id")
        .annotate(severity=Max("severity"))
        .values_list("project_id", "area_id", "severity")
    )
    return {(project_id, area_id): severity for project_id, area_id, severity in rows}


def heat_annotations(areas, measurement=None):
    """Per area, ``heat_<pk>``: a project's highest severity there (0 when unknown, None when
    not met), each a correlated subquery answered by one seek in challenges_proj_area_sev_idx.
    """
    annotations = {}
    for area in areas:
        observed = observations_for(None, measurement).filter(project=OuterRef("pk"), area=area)
        annotations[f"heat_{area.pk}"] = Subquery(
            observed.order_by()
            .values("project")
            .annotate(heat=Max(Coalesce("severity", 0)))
            .values("heat")
        )
    return annotations


def _page_with_heat(page, areas, measurement, ordering):
    """The projects of ``page`` (a sliced QuerySet) with their cells, in one query.

    The page becomes an ``IN`` subquery, so the per-area subqueries run for its rows only;
    the outer query sorts them the same way. Each query gets its own ``ordering()``:
    order expressions, once compiled into one query, must not be reused in another.
    """
    low, high = page.query.low_mark, page.query.high_mark
    unsliced = page._chain()
    unsliced.query.clear_limits()
    page_ids = unsliced.order_by(*ordering())[low:high].values("pk")
    return list(
        page.model.objects.filter(pk__in=page_ids)
        .only("title", "slug")
        .annotate(**heat_annotations(areas, measurement))
        .order_by(*ordering())
    )


def heatmap(projects, areas, *, measurement=None, ordering=None):
    """One row per project (e.g. a page of them): a cell per area, in the order of ``areas``.

    Given a page of a QuerySet (a Paginator's page or a slice) and ``ordering`` (a function
    returning fresh ``order_by()`` arguments equal to the page's), one query; otherwise
    two: one for ``projects`` (unless already evaluated) and one for the highest severities.
    """
    rows = getattr(projects, "object_list", projects)
    if (
        ordering is not None
        and isinstance(rows, QuerySet)
        and rows._result_cache is None
        and rows.query.is_sliced
    ):
        projects = _page_with_heat(rows, areas, measurement, ordering)
        found = {}
        for project in projects:
            for area in areas:
                heat = getattr(project, f"heat_{area.pk}")
                if heat is not None:
                    found[(project.pk, area.pk)] = heat or None
    else:
        projects = list(projects)
        found = highest_severities([project.pk for project in projects], measurement)
    return [
        HeatRow(
            project=project,
            cells=[
                HeatCell(
                    met=(project.pk, area.pk) in found,
                    severity=found.get((project.pk, area.pk)),
                )
                for area in areas
            ],
        )
        for project in projects
    ]


# One area: its concrete challenges and the projects that met it.


def challenges_with_counts(area):
    """The challenges of ``area``, each with ``projects``: the published projects that met it."""
    return area.challenges.annotate(
        projects=Count(
            "observations__project",
            filter=Q(observations__is_published=True, observations__project__is_published=True),
            distinct=True,
        )
    )


def projects_meeting(area, *, with_observations=True):
    """The published projects that met ``area``, most severe first.

    Each carries ``highest_severity`` (None when not given) and, ``with_observations``,
    ``area_observations``: its published observations in the area (one more query).
    """
    # Correlated subqueries, each one seek in challenges_proj_area_sev_idx, rather than a
    # join grouped by the whole project row (several times slower at 10,000 projects).
    met = ProjectChallenge.objects.filter(project=OuterRef("pk"), area=area, is_published=True)
    highest = met.order_by().values("project").annotate(highest=Max("severity")).values("highest")
    projects = (
        Project.objects.published()
        .filter(Exists(met))
        .annotate(highest_severity=Subquery(highest))
        .select_related("domain", "lead_municipality", "lead_organisation")
        .order_by(F("highest_severity").desc(nulls_last=True), "title", "slug")
    )
    if not with_observations:
        return projects
    observations = (
        ProjectChallenge.objects.filter(area=area, is_published=True)
        .select_related("challenge", "measurement")
        .order_by("challenge__order", "measurement__published_on", "pk")
    )
    return projects.prefetch_related(
        Prefetch("challenges", queryset=observations, to_attr="area_observations")
    )

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
from django.db.models import Max

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


def observations_for(projects, measurement=None):
    """Published observations of the given (already filtered) projects."""
    observations = ProjectChallenge.objects.filter(is_published=True, project__in=projects)
    if measurement is not None:
        observations = observations.filter(measurement=measurement)
    return observations


def area_counts(projects, measurement=None):
    """``{area_id: (projects, mean_severity)}`` for the given projects, in one query."""
    per_project = (
        observations_for(projects.order_by().values("pk"), measurement)
        .order_by()
        .values("area_id", "project_id")
        .annotate(severity=Max("severity"))
    )
    try:
        inner_sql, params = per_project.query.sql_with_params()
    except EmptyResultSet:  # e.g. Project.objects.none(): nothing to count
        return {}
    sql = (
        "SELECT per_project.area_id, COUNT(*), AVG(per_project.severity * 1.0) "
        f"FROM ({inner_sql}) per_project GROUP BY per_project.area_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            area_id: (count, None if mean is None else float(mean))
            for area_id, count, mean in cursor.fetchall()
        }


def temperature(projects, *, measurement=None, areas=None):
    """The temperature of ``projects`` (a QuerySet of published, filtered projects)."""
    total = projects.order_by().count()
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

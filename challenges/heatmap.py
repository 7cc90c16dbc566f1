"""The heat map (one project's standing in each area) and one area's projects, counted as
``challenges.prevalence`` defines."""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from temperatur.core.loaded import attach_rows
from temperatur.core.statements import kept, kept_queryset

from .models import ChallengeRecord, ProjectChallenge, Standing
from .standing import met_condition

# The heat map: one project's standing in each area.


class HeatState:
    MET = "met"
    NOT_MET = "not-met"
    NOT_RECORDED = "not-recorded"


@dataclass(frozen=True)
class HeatCell:
    """A project's standing in one area: met (severity 1–3 or unknown), not met, not recorded."""

    state: str
    severity: int | None = None

    @property
    def met(self):
        return self.state == HeatState.MET

    @property
    def level(self):
        """The CSS modifier: ``"1"``–``"3"``, ``"unknown"``, ``"none"`` or ``"unrecorded"``."""
        if self.state == HeatState.NOT_RECORDED:
            return "unrecorded"
        if self.state == HeatState.NOT_MET:
            return "none"
        return "unknown" if self.severity is None else str(self.severity)

    @property
    def label(self):
        if self.state == HeatState.NOT_RECORDED:
            return _("Ikke registreret")
        if self.state == HeatState.NOT_MET:
            return _("Ikke mødt")
        if self.severity is None:
            return _("Alvor ikke oplyst")
        return ProjectChallenge.Severity(self.severity).label


@dataclass(frozen=True)
class HeatRow:
    project: Project
    recorded: bool
    cells: list


def heat_annotations(areas, measurement=None):
    """``recorded`` and, per area, ``heat_<pk>``: the project's highest severity there
    (0 when unknown, None when not met), each a correlated subquery on one project.
    """
    records = ChallengeRecord.objects.filter(is_published=True, project=OuterRef("pk"))
    if measurement is not None:
        records = records.filter(measurement=measurement)
    met = Standing.objects.met(measurement=measurement).filter(project=OuterRef("pk"))
    annotations = {"recorded": Exists(records)}
    for area in areas:
        heat = met.filter(area=area).annotate(heat=Coalesce("severity", 0)).values("heat")
        annotations[f"heat_{area.pk}"] = Subquery(heat[:1])
    return annotations


def _page_with_heat(page, areas, measurement, ordering, statement_key):
    """The projects of ``page`` (a sliced QuerySet) with their cells, in one query.

    The page becomes an ``IN`` subquery, so the per-area subqueries run for its rows only;
    the outer query sorts them the same way. Each query gets its own ``ordering()``:
    order expressions, once compiled into one query, must not be reused in another. The
    SQL is compiled once per process for the same page of the same filters
    (``temperatur.core.statements``): it took ten times as long as running it. The page's
    own query is named by ``statement_key`` (everything its SQL depends on) or, without
    one, by its SQL.
    """
    low, high = page.query.low_mark, page.query.high_mark

    def page_ids():
        unsliced = page._chain()
        unsliced.query.clear_limits()
        return unsliced.order_by(*ordering())[low:high].values("pk")

    if statement_key is None:
        try:
            statement_key = page_ids().query.sql_with_params()
        except EmptyResultSet:  # e.g. the view is Project.objects.none()
            return []
    key = (
        "heatmap",
        connection.vendor,
        statement_key,
        low,
        high,
        tuple(area.pk for area in areas),
        None if measurement is None else measurement.pk,
    )
    sql, params = kept(
        key,
        lambda: (
            page.model.objects.filter(pk__in=page_ids())
            .only("title", "slug", "title_is_working")
            .annotate(**heat_annotations(areas, measurement))
            .order_by(*ordering())
            .query.sql_with_params()
        ),
    )
    return list(page.model.objects.raw(sql, params))


def heatmap(page, areas, *, measurement=None, ordering, statement_key=None):
    """One row per project of ``page`` (a Paginator's page of a QuerySet), in one query.

    ``ordering`` returns fresh ``order_by()`` arguments equal to the page's;
    ``statement_key``, everything the SQL of the page's queryset depends on, if known.
    """
    rows = []
    pages = _page_with_heat(page.object_list, areas, measurement, ordering, statement_key)
    for project in pages:
        cells = []
        for area in areas:
            heat = getattr(project, f"heat_{area.pk}")
            if not project.recorded:
                cells.append(HeatCell(HeatState.NOT_RECORDED))
            elif heat is None:
                cells.append(HeatCell(HeatState.NOT_MET))
            else:
                cells.append(HeatCell(HeatState.MET, heat or None))
        rows.append(HeatRow(project=project, recorded=bool(project.recorded), cells=cells))
    return rows


LEGEND = (
    HeatCell(HeatState.MET, ProjectChallenge.Severity.HIGH),
    HeatCell(HeatState.MET, ProjectChallenge.Severity.MEDIUM),
    HeatCell(HeatState.MET, ProjectChallenge.Severity.LOW),
    HeatCell(HeatState.MET, None),
    HeatCell(HeatState.NOT_MET),
    HeatCell(HeatState.NOT_RECORDED),
)


# One area: the projects that met it.


def projects_meeting(area):
    """The published projects that met ``area``, most severe first, each carrying
    ``highest_severity`` (None when not given)."""
    # The projects joined to their one row in the summary (challenges.standing) that says
    # they met the area; the annotation reads that row's severity (the filter's join).
    projects = (
        Project.objects.published()
        .filter(met_condition(prefix="standings__"), standings__area=area)
        .annotate(highest_severity=F("standings__severity"))
    )
    return _as_area_rows(projects)


def meeting_rows(area, keys):
    """The rows of ``projects_meeting(area)`` whose ids are ``keys``, in its order: each
    reads its severity from its own summary row rather than joining the summary, so the
    database starts from the keys (a join let SQLite start from the area's rows instead,
    all of them, where its statistics were missing)."""
    severity = Standing.objects.met().filter(project=OuterRef("pk"), area=area)
    projects = Project.objects.filter(pk__in=keys).annotate(
        highest_severity=Subquery(severity.values("severity")[:1])
    )
    return _as_area_rows(projects)


def _as_area_rows(projects):
    """What an area's list shows of each project, most severe first, then by title."""
    return (
        projects.select_related("domain", "region", "lead_municipality", "lead_organisation")
        .for_rows()
        .order_by(F("highest_severity").desc(nulls_last=True), "title", "slug")
    )


def with_area_observations(projects, area):
    """``projects`` (a list), each with ``area_observations``: its observations in
    ``area`` that count, in one query whose SQL is kept per area and projects. Their
    challenges and measurements are not joined: the area's page has read those already
    and attaches them."""
    keys = tuple(project.pk for project in projects)
    observations = kept_queryset(
        ("area-observations", area.pk, keys),
        lambda: (
            ProjectChallenge.objects.counted()
            .filter(area=area.pk, project__in=keys)
            .order_by("challenge__order", "measurement__published_on", "pk")
        ),
    )
    return attach_rows(projects, "area_observations", observations)

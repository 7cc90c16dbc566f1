"""Trends: how the temperature moved between measurements.

Definitions (issue #7):
- the projects of a view are the published projects that match its filters (as on the
  temperature page);
- in a measurement, the denominator is those of the view's projects that have at least
  one published observation registered in that measurement: exactly the projects
  ``?measurement=<slug>`` shows together with the same filters;
- an area's share in a measurement is the number of those projects that met the area
  in that measurement (``prevalence.temperature(…, measurement=m)``) over the
  denominator; the change is the difference of the two shares in percentage points;
- a measurement "has per-project data" when at least one published project has a
  published observation registered in it. A measurement without such data has only
  published findings (``AreaFinding``) about the areas as a whole; the page says so
  instead of showing zeros.

Everything is counted in the database, in a fixed number of queries.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from projects.filters import GuardedFieldMixin

from . import prevalence
from .models import AreaFinding, ChallengeArea, Measurement, ProjectChallenge

# Drawing area of the area page's line chart (SVG user units).
CHART_WIDTH = 600
CHART_HEIGHT = 220
CHART_LEFT = 48
CHART_RIGHT = 24
CHART_TOP = 16
CHART_BOTTOM = 40


class GuardedMeasurementField(GuardedFieldMixin, forms.ModelChoiceField):
    pass


class CompareForm(forms.Form):
    """``?from=<measurement>&to=<measurement>``: the two measurements to compare."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("from", _("Fra måling")), ("to", _("Til måling"))):
            self.fields[name] = GuardedMeasurementField(
                label=label,
                queryset=Measurement.objects.all(),
                to_field_name="slug",
                empty_label=_("Vælg måling"),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def clean(self):
        cleaned_data = super().clean()
        before, after = cleaned_data.get("from"), cleaned_data.get("to")
        if before is not None and after is not None and before == after:
            self.add_error("to", _("Vælg to forskellige målinger."))
        return cleaned_data


def is_requested(data):
    """Did the visitor ask for a comparison (either measurement given)?"""
    return "from" in data or "to" in data


@dataclass(frozen=True)
class MeasurementColumn:
    """One measurement of a comparison: its temperature over the projects observed in it."""

    measurement: Measurement
    has_project_data: bool
    temperature: prevalence.Temperature

    @property
    def projects_total(self):
        return self.temperature.projects_total


@dataclass(frozen=True)
class AreaTrend:
    area: ChallengeArea
    before: prevalence.AreaPrevalence | None  # None: the measurement has no per-project data
    after: prevalence.AreaPrevalence | None
    before_finding: AreaFinding | None
    after_finding: AreaFinding | None

    @property
    def change(self):
        """The change in percentage points (exact), None when a side has no projects."""
        if self.before is None or self.after is None:
            return None
        return (self.after.share - self.before.share) * 100

    @property
    def change_points(self):
        """The change rounded to whole percentage points, as the page shows it."""
        change = self.change
        return None if change is None else round(change)

    @property
    def direction(self):
        points = self.change_points
        if points is None:
            return None
        return "up" if points > 0 else "down" if points < 0 else "same"


@dataclass(frozen=True)
class Comparison:
    before: MeasurementColumn
    after: MeasurementColumn
    areas: list[AreaTrend]


def measurements_with_project_data(measurements):
    """The ids of ``measurements`` that have a published observation of a published project."""
    return set(
        ProjectChallenge.objects.published()
        .filter(measurement__in=measurements)
        .order_by()
        .values_list("measurement_id", flat=True)
        .distinct()
    )


def observed_in(projects, measurement):
    """The projects with at least one published observation in ``measurement``.

    The same definition as ``ProjectFilter``'s ``measurement`` filter.
    """
    observed = ProjectChallenge.objects.filter(is_published=True, measurement=measurement)
    return projects.filter(pk__in=observed.values("project_id"))


def compare(projects, before, after, *, areas=None):
    """Compare the temperature of ``projects`` (filtered, published) in two measurements."""
    if areas is None:
        areas = list(ChallengeArea.objects.all())
    with_data = measurements_with_project_data([before, after])
    findings = {
        (finding.measurement_id, finding.area_id): finding
        for finding in AreaFinding.objects.filter(measurement__in=[before, after])
    }
    columns = []
    for measurement in (before, after):
        if measurement.pk in with_data:
            result = prevalence.temperature(
                observed_in(projects, measurement), measurement=measurement, areas=areas
            )
        else:
            result = prevalence.Temperature(projects_total=0, areas=[])
        columns.append(
            MeasurementColumn(
                measurement=measurement,
                has_project_data=measurement.pk in with_data,
                temperature=result,
            )
        )

    def shares(column):
        if not column.has_project_data or not column.projects_total:
            return {}
        return {item.area.pk: item for item in column.temperature.areas}

    before_shares, after_shares = shares(columns[0]), shares(columns[1])
    return Comparison(
        before=columns[0],
        after=columns[1],
        areas=[
            AreaTrend(
                area=area,
                before=before_shares.get(area.pk),
                after=after_shares.get(area.pk),
                before_finding=findings.get((before.pk, area.pk)),
                after_finding=findings.get((after.pk, area.pk)),
            )
            for area in areas
        ],
    )


# One area through all the measurements.


@dataclass(frozen=True)
class LinePoint:
    measurement: Measurement
    projects_total: int  # published projects with a published observation in the measurement
    projects: int  # of those, the projects that met the area in the measurement
    finding: AreaFinding | None
    x: float = 0
    y: float = 0

    @property
    def has_project_data(self):
        return self.projects_total > 0

    @property
    def share(self):
        return self.projects / self.projects_total if self.projects_total else None

    @property
    def percent(self):
        share = self.share
        return None if share is None else round(share * 100)

    @property
    def label_y(self):
        return round(self.y - 12, 1)


@dataclass(frozen=True)
class AreaLine:
    points: list[LinePoint]

    @property
    def plotted(self):
        return [point for point in self.points if point.has_project_data]

    @property
    def polyline(self):
        """The SVG ``points`` of the line through the measurements with data."""
        return " ".join(f"{point.x:g},{point.y:g}" for point in self.plotted)

    @property
    def axis(self):
        """Gridlines at 0, 50 and 100 %: ``[(percent, y), …]``."""
        return [(percent, _y(percent / 100)) for percent in (0, 50, 100)]

    @property
    def has_project_data(self):
        return bool(self.plotted)

    width = CHART_WIDTH
    height = CHART_HEIGHT
    left = CHART_LEFT
    right = CHART_WIDTH - CHART_RIGHT
    bottom = CHART_HEIGHT - CHART_BOTTOM
    axis_label_x = CHART_LEFT - 8
    middle_y = CHART_TOP + (CHART_HEIGHT - CHART_TOP - CHART_BOTTOM) // 2 + 20
    label_y = CHART_HEIGHT - CHART_BOTTOM + 24


def _y(share):
    return round(CHART_TOP + (1 - share) * (CHART_HEIGHT - CHART_TOP - CHART_BOTTOM), 1)


def area_line(area, findings=()):
    """The share of projects that met ``area`` in each measurement, in one query.

    ``findings`` are the area's published findings (already loaded by the page).
    """
    observed = Q(observations__is_published=True, observations__project__is_published=True)
    measurements = Measurement.objects.annotate(
        projects_total=Count("observations__project", filter=observed, distinct=True),
        projects_met=Count(
            "observations__project", filter=observed & Q(observations__area=area), distinct=True
        ),
    ).order_by("published_on", "pk")
    by_measurement = {finding.measurement_id: finding for finding in findings}
    measurements = list(measurements)
    step = (CHART_WIDTH - CHART_LEFT - CHART_RIGHT) / max(len(measurements), 1)
    points = []
    for index, measurement in enumerate(measurements):
        total = measurement.projects_total
        share = measurement.projects_met / total if total else 0
        points.append(
            LinePoint(
                measurement=measurement,
                projects_total=total,
                projects=measurement.projects_met,
                finding=by_measurement.get(measurement.pk),
                x=round(CHART_LEFT + step * (index + 0.5), 1),
                y=_y(share),
            )
        )
    return AreaLine(points=points)

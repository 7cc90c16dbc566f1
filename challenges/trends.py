"""Trends: how the temperature moved between measurements.

Definitions (issue #12; the counting is ``challenges.prevalence``'s):
- the projects of a comparison are the published projects that match the page's filters,
  except the »Måling« filter: a comparison chooses its own two measurements;
- in a measurement, the base is those of the projects with a published record in that
  measurement (the recorded projects); an area's share is how many of them met it in the
  measurement (observations that count), over the base. Without a recorded project the
  share cannot be computed (None), and the page shows what the measurement found instead;
- the change is the difference of the two shares in percentage points, when both exist.

Everything is counted in the database, in a fixed number of queries.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from temperatur.core.fields import GuardedModelChoiceField

from . import prevalence
from .models import AreaFinding, ChallengeArea, Measurement


class CompareForm(forms.Form):
    """``?from=<measurement>&to=<measurement>``: the two measurements to compare."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("from", _("Fra måling")), ("to", _("Til måling"))):
            self.fields[name] = GuardedModelChoiceField(
                label=label,
                queryset=Measurement.objects.all(),
                empty_label=_("Vælg måling"),
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
    """One measurement of a comparison: its temperature over the projects recorded in it."""

    measurement: Measurement
    temperature: prevalence.Temperature

    @property
    def projects_total(self):
        return self.temperature.projects_total

    @property
    def projects_assessed(self):
        return self.temperature.projects_assessed


@dataclass(frozen=True)
class AreaTrend:
    area: ChallengeArea
    before: prevalence.AreaPrevalence
    after: prevalence.AreaPrevalence
    before_finding: AreaFinding | None
    after_finding: AreaFinding | None
    columns: tuple = ()  # (before, after) MeasurementColumn

    @property
    def sides(self):
        """``[(column, count), …]``, before then after."""
        return list(zip(self.columns, (self.before, self.after), strict=True))

    @property
    def findings(self):
        return [self.before_finding, self.after_finding]

    @property
    def change(self):
        """The change in percentage points (exact); None when a share is unknown."""
        if self.before.share is None or self.after.share is None:
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

    @property
    def change_label(self):
        """The change as the page words it: »+12 procentpoint«, »Uændret (0 procentpoint)«."""
        points = self.change_points
        if points is None:
            return _("kan ikke beregnes")
        if points == 0:
            return _("Uændret (0 procentpoint)")
        return _("%(points)s procentpoint") % {"points": f"{points:+d}"}


@dataclass(frozen=True)
class Comparison:
    before: MeasurementColumn
    after: MeasurementColumn
    areas: list[AreaTrend]

    @property
    def measurements(self):
        return [self.before, self.after]

    @property
    def shows_change(self):
        """The pages' rule: both sides have enough recorded projects for shares."""
        return self.before.temperature.shows_shares and self.after.temperature.shows_shares


def compare(projects, before, after, *, areas=None):
    """Compare the temperature of ``projects`` (filtered, published) in two measurements.

    Two queries for the counts, one for the findings.
    """
    if areas is None:
        areas = list(ChallengeArea.objects.all())
    findings = {
        (finding.measurement_id, finding.area_id): finding
        for finding in AreaFinding.objects.filter(measurement__in=[before, after])
    }
    columns = [
        MeasurementColumn(
            measurement=measurement,
            temperature=prevalence.temperature(projects, measurement=measurement, areas=areas),
        )
        for measurement in (before, after)
    ]
    return Comparison(
        before=columns[0],
        after=columns[1],
        areas=[
            AreaTrend(
                area=area,
                before=before_item,
                after=after_item,
                before_finding=findings.get((before.pk, area.pk)),
                after_finding=findings.get((after.pk, area.pk)),
                columns=tuple(columns),
            )
            for area, before_item, after_item in zip(
                areas, columns[0].temperature.areas, columns[1].temperature.areas, strict=True
            )
        ],
    )


# One area through all the measurements.


@dataclass(frozen=True)
class LinePoint:
    measurement: Measurement
    count: prevalence.Count  # recorded projects in the measurement, and those that met it
    finding: AreaFinding | None

    @property
    def is_recorded(self):
        return self.count.recorded > 0

    @property
    def shows_share(self):
        return self.count.recorded >= prevalence.minimum_assessed()


def area_line(area, measurements, counts, findings=()):
    """The projects that met ``area`` in each of ``measurements``, over those recorded in it.

    ``counts`` are the published projects tallied by measurement
    (``prevalence.tally(…, group="measurement")``) and ``findings`` the area's findings,
    both read by the page already: no query. The line's drawing is
    ``challenges.charts.line_chart``'s.
    """
    by_measurement = {finding.measurement_id: finding for finding in findings}
    empty = prevalence.Tally(0, 0, {})
    return [
        LinePoint(
            measurement=measurement,
            count=counts.get(measurement.pk, empty).count(area.pk),
            finding=by_measurement.get(measurement.pk),
        )
        for measurement in measurements
    ]

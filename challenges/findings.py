"""What the measurements themselves found: the published findings, measurement by measurement.

The findings (``AreaFinding``) are the only measured facts about how widespread the areas
are while the projects' own records are not public; the pages lead with them whenever no
project in view is recorded (``challenges.prevalence``). Each measurement also says how
many projects it covered and for how many of them the challenges are recorded here.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from temperatur.core.loaded import attach
from temperatur.core.statements import kept_queryset

from . import population
from .models import AreaFinding, Measurement


@dataclass(frozen=True)
class MeasurementFindings:
    measurement: Measurement
    recorded: int  # published projects with a published record in the measurement
    findings: list  # AreaFinding, ranked ones first, then in the areas' order

    @property
    def covered(self):
        return self.measurement.projects_covered


def ranked_findings():
    return AreaFinding.objects.select_related("area").order_by(
        F("rank").asc(nulls_last=True), "area__order", "area__name"
    )


def measurements_with_coverage():
    """The measurements, oldest first, each with ``recorded``: the published projects with a
    published record in it (``ChallengeRecord.objects.published()``), in one query; read
    from the counts the database keeps (``challenges.population``)."""
    return kept_queryset(("measurements-with-coverage",), _measurements_with_coverage)


def _measurements_with_coverage():
    recorded = population.recorded_projects(OuterRef("pk"))
    return Measurement.objects.order_by("published_on", "pk").annotate(
        recorded=Coalesce(Subquery(recorded, output_field=IntegerField()), Value(0))
    )


def measurement_findings(*, area=None, measurements=None):
    """Every measurement, oldest first, with its findings (about ``area`` only, if given).

    ``measurements``: those of ``measurements_with_coverage()``, when the page has read
    them already (e.g. for its »Måling« filter). Two queries (one with ``measurements``),
    whatever the number of measurements, findings and projects.
    """
    if measurements is None:
        measurements = list(measurements_with_coverage())
    if not measurements:
        return []
    about = None if area is None else area.pk
    findings = kept_queryset(
        ("ranked-findings", about),
        lambda: ranked_findings() if about is None else ranked_findings().filter(area=about),
    )
    by_measurement = defaultdict(list)
    for finding in attach(list(findings), "measurement", measurements):
        by_measurement[finding.measurement_id].append(finding)
    return [
        MeasurementFindings(
            measurement=measurement,
            recorded=measurement.recorded,
            findings=by_measurement[measurement.pk],
        )
        for measurement in measurements
    ]


def finding_json(finding):
    return {
        "measurement": finding.measurement.slug,
        "area": finding.area.slug,
        "rank": finding.rank,
        "projects_reporting": finding.projects_reporting,
        "summary": finding.summary,
        "quote": finding.quote or None,
    }


def measurements_json(measurements, absolute):
    """The measurements with their coverage and findings; ``absolute`` makes URLs absolute."""
    return [
        {
            "slug": item.measurement.slug,
            "name": item.measurement.name,
            "published_on": item.measurement.published_on.isoformat(),
            "publisher": item.measurement.publisher or None,
            "source_url": item.measurement.source_url or None,
            "projects_covered": item.covered,
            "projects_recorded": item.recorded,
            "findings": [finding_json(finding) for finding in item.findings],
        }
        for item in measurements
    ]

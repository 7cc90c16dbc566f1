"""Counts as data: the one way a temperature, a count or a base becomes JSON or CSV.

Every machine-readable twin that shows prevalence (the temperature page, the regions, an
area through the measurements, the comparison) writes its numbers with these, so that a
key means the same everywhere: ``projects`` (recorded projects that met it),
``share`` (None when no project is recorded), ``share_low``/``share_high`` (95 % Wilson
interval), ``mean_severity``. The definitions are in ``challenges.prevalence``.
"""

from temperatur.exports import csv_decimal


def base_json(base):
    return {
        "projects_total": base.projects_total,
        "projects_assessed": base.projects_assessed,
        "projects_not_recorded": base.projects_not_recorded,
        "minimum_assessed": base.minimum,
    }


def count_json(count):
    return {
        "projects": count.projects,
        "projects_assessed": count.recorded,
        "share": count.share,
        "share_low": count.share_low,
        "share_high": count.share_high,
        "mean_severity": count.mean_severity,
    }


def area_json(item, **extra):
    return {"slug": item.area.slug, "name": item.area.name, **count_json(item), **extra}


COUNT_CSV_HEADER = ["projekter", "registrerede", "andel", "andel_nedre", "andel_oevre"]


def count_csv(count):
    """The cells of ``COUNT_CSV_HEADER``: unknown shares are empty cells."""
    return [
        count.projects,
        count.recorded,
        csv_decimal(count.share),
        csv_decimal(count.share_low),
        csv_decimal(count.share_high),
    ]

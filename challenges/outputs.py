"""Counts as data: the one way a temperature, a count or a base becomes JSON or CSV.

Every machine-readable twin that shows prevalence (the temperature page, the regions, an
area through the measurements, the comparison) writes its numbers with these, so that a
key means the same everywhere: ``projects`` (recorded projects that met it),
``share`` (None when no project is recorded), ``share_low``/``share_high`` (95 % Wilson
interval), ``mean_severity``. The definitions are in ``challenges.prevalence``.
"""

from temperatur.web.exports import csv_decimal


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


# The CSV columns of a count, and the JSON keys they hold (in the same order).
COUNT_CSV_HEADER = ["projekter", "registrerede", "andel", "andel_nedre", "andel_oevre"]
COUNT_JSON_KEYS = ["projects", "projects_assessed", "share", "share_low", "share_high"]


def count_csv(count):
    """The cells of ``COUNT_CSV_HEADER``: unknown shares are empty cells."""
    return [
        count.projects,
        count.recorded,
        csv_decimal(count.share),
        csv_decimal(count.share_low),
        csv_decimal(count.share_high),
    ]


# The CSV files of the challenges' pages, column by column (documented on /data/).


def _side(suffix):
    return [
        f"maaling_{suffix}",
        *(f"{name}_{suffix}" for name in COUNT_CSV_HEADER),
        f"placering_{suffix}",
    ]


# The temperature (/udfordringer/?format=csv): one row per area.
TEMPERATURE_CSV_HEADER = [
    "slug",
    "navn",
    "projekter_i_alt",
    "ikke_registrerede",
    *COUNT_CSV_HEADER,
    "gennemsnitlig_alvor",
]
# The comparison of two measurements (…&from=…&to=…&format=csv): one row per area.
COMPARISON_CSV_HEADER = ["slug", "navn", *_side("fra"), *_side("til"), "aendring_procentpoint"]
# An area (/udfordringer/<area>/?format=csv): one row per recorded project that met it.
AREA_CSV_HEADER = ["slug", "titel", "projektejer", "fagomraade", "hoejeste_alvor"]
# The regions (/regioner/?format=csv): one row per region and area.
REGIONS_CSV_HEADER = ["region", "projekter_i_alt", "omraade", *COUNT_CSV_HEADER]
# The columns that hold a number defined in challenges.prevalence.DEFINITIONS, by its key
# (the JSON key); in the comparison with the suffix _fra or _til.
CSV_DEFINITION_COLUMNS = {
    "projects_total": ["projekter_i_alt"],
    "projects_assessed": ["registrerede"],
    "projects_not_recorded": ["ikke_registrerede"],
    "projects": ["projekter"],
    "share": ["andel"],
    "share_low, share_high": ["andel_nedre", "andel_oevre"],
    "mean_severity": ["gennemsnitlig_alvor"],
}

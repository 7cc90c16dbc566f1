"""Counts as data: the one way a temperature, a count or a base becomes JSON or CSV.

Every machine-readable twin that shows prevalence (the temperature page, the regions, an
area through the measurements, the comparison) writes its numbers with these, so that a
key means the same everywhere: ``projects`` (recorded projects that met it),
``share`` (None when no project is recorded), ``share_low``/``share_high`` (95 % Wilson
interval), ``mean_severity``. The definitions are in ``challenges.prevalence``.
"""

from django.urls import reverse

from projects.filters import NOT_FILTERS
from temperatur.web.exports import csv_decimal

from . import prevalence
from .findings import finding_json, measurements_json


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
# The columns that hold a number defined in challenges.definitions.DEFINITIONS, by its key
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


# The temperature page and its comparison (challenges.views)


def temperature_json(request, result, values, rows, measurements, chosen, comparison):
    """The temperature's JSON: the counts of every area over the page's projects."""

    def area(item):
        return area_json(
            item, projects_url=request.build_absolute_uri(rows[item.area.pk].projects_url)
        )

    data = {
        **base_json(result),
        "filters": {name: value for name, value in values.items() if name not in NOT_FILTERS},
        "measurement": values.get("measurement"),
        "areas": [area(item) for item in result.areas],
        "measurements": measurements_json(measurements, request.build_absolute_uri),
        "definitions": request.build_absolute_uri(reverse("opendata") + "#definitioner"),
    }
    if chosen:
        data["cooccurrence"] = [area(item) for item in result.others(chosen)]
    if comparison is not None:
        data["comparison"] = comparison_json(comparison)
    return data


def temperature_table(result):
    """One row per area, in the areas' order; unknown shares and severities are empty."""
    rows = [
        [
            item.area.slug,
            item.area.name,
            result.projects_total,
            result.projects_not_recorded,
            *count_csv(item),
            csv_decimal(item.mean_severity, 2),
        ]
        for item in result.areas
    ]
    return TEMPERATURE_CSV_HEADER, rows


def comparison_json(comparison):
    def side(column):
        return {
            "slug": column.measurement.slug,
            "name": column.measurement.name,
            **base_json(column.temperature),
        }

    return {
        "measurements": [side(comparison.before), side(comparison.after)],
        "areas": [
            {
                "slug": trend.area.slug,
                "name": trend.area.name,
                "from": count_json(trend.before),
                "to": count_json(trend.after),
                "change_points": trend.change,
                "from_finding": None
                if trend.before_finding is None
                else finding_json(trend.before_finding),
                "to_finding": None
                if trend.after_finding is None
                else finding_json(trend.after_finding),
            }
            for trend in comparison.areas
        ],
    }


def comparison_table(comparison):
    """One row per area: each side's count and the measurement's own rank."""
    before, after = comparison.before, comparison.after

    def side(column, item, finding):
        return [
            column.measurement.slug,
            *count_csv(item),
            None if finding is None else finding.rank,
        ]

    rows = [
        [
            trend.area.slug,
            trend.area.name,
            *side(before, trend.before, trend.before_finding),
            *side(after, trend.after, trend.after_finding),
            csv_decimal(trend.change, 2),
        ]
        for trend in comparison.areas
    ]
    return COMPARISON_CSV_HEADER, rows


# The regions (challenges.views.region_overview)


def regions_json(request, rows, without_region):
    def absolute(url):
        return request.build_absolute_uri(url)

    return {
        "definition": (
            "project.region or project.lead_municipality.region or project.municipalities.region"
        ),
        "minimum_assessed": prevalence.minimum_assessed(),
        "projects_without_region": without_region,
        "regions": [
            {
                "slug": row.region.slug,
                "name": row.region.name,
                "projects": row.projects,
                **base_json(row.temperature),
                "projects_url": absolute(row.projects_url),
                "temperature_url": absolute(row.temperature_url),
                "areas": [area_json(item) for item in row.temperature.areas],
                "municipalities": [
                    {
                        "slug": municipality.slug,
                        "name": municipality.name,
                        "projects": municipality.project_count,
                        "url": absolute(
                            reverse("municipality", args=[row.region.slug, municipality.slug])
                        ),
                    }
                    for municipality in row.municipalities
                ],
            }
            for row in rows
        ],
    }


def regions_table(rows):
    """One row per region and area: the region's base and the area's count."""
    return (
        REGIONS_CSV_HEADER,
        (
            [row.region.slug, row.projects, item.area.slug, *count_csv(item)]
            for row in rows
            for item in row.temperature.areas
        ),
    )

"""The one query behind ``prevalence.tally_cuts``: its SQL, built once per view and process.

A UNION of parts, each row ``(part, kind, group key, item, projects, mean severity)``
(``_parts``). The counting itself is defined in ``challenges.prevalence``; this module only
writes it as SQL, reading the summary of the observations that count
(``challenges.standing``) and the published records; or, when the projects are every
published one, the counts the database keeps of them (``challenges.population``).
"""

import functools

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F

from projects.models import Project, in_published_projects
from temperatur.core.statements import kept

from . import population
from .models import Challenge, ChallengeRecord, Standing, measurement_key

ITEMS = {"area": "area_id", "challenge": "challenge_id"}


def _sql(queryset):
    return queryset.query.sql_with_params()


def _view(projects):
    """The view's projects, published by definition, as a subquery of their ids."""
    return projects.filter(is_published=True).order_by().values("pk")


@functools.cache
def _every_published_project_sql(vendor):
    return _sql(_view(Project.objects.published()))


def statement(projects, cuts, *, measurement=None, pairs=None, area=None, projects_key=None):
    """``(sql, params, part numbers of each cut)`` of the counts of ``projects`` by ``cuts``;
    with ``area``, of that area and its concrete challenges only.

    ``projects_key``: everything the SQL of ``projects`` depends on, when the caller knows
    (``ProjectFilter.statement_key``); without it, that SQL is compiled to name the
    statement.

    ``None`` when there is nothing to count (e.g. ``Project.objects.none()``).
    """
    view = _view(projects)
    if projects_key is None:
        try:
            projects_key = view_sql = _sql(view)
        except EmptyResultSet:
            return None
    else:
        view_sql = None
    key = (
        "counts",
        connection.vendor,
        projects_key,
        tuple(cuts),
        None if measurement is None else measurement.pk,
        None if pairs is None else (pairs[0], tuple(pairs[1])),
        None if area is None else area.pk,
    )
    # The same for every request with the same filters; compiling it took longer than
    # running it with the real content.
    return kept(
        key, lambda: _statement(view, view_sql or _sql(view), cuts, measurement, pairs, area)
    )


def _of_view(rows, view, view_sql):
    """``rows`` (records or summary rows) of the view's projects.

    When the view is every published project (the front page, the unfiltered
    temperature, an area's page), as the rows of projects that are not unpublished: the
    unpublished are few, and checking each row against them took a third of the time of
    checking it against every published project (10,000 projects, SQLite).
    """
    if view_sql == _every_published_project_sql(connection.vendor):
        return in_published_projects(rows)
    return rows.filter(project__in=view)


def _statement(view, view_sql, cuts, measurement, pairs, area):
    """``(sql, params, part numbers of each cut)`` of ``tally_cuts``' one query."""
    if pairs is None and view_sql == _every_published_project_sql(connection.vendor):
        # Every published project: the counts the database keeps.
        return _union([_population_parts(group, item, measurement, area) for group, item in cuts])
    # The records of the view's projects need not check the projects' state again (a join
    # that doubled the time of this part).
    records = _of_view(
        ChallengeRecord.objects.published(of_published_projects=False), view, view_sql
    ).order_by()
    if measurement is not None:
        records = records.filter(measurement=measurement)
    subqueries = {
        "view": view_sql,
        "records": _sql(records.annotate(mkey=measurement_key()).values("project_id", "mkey")),
    }
    for index, (group, item) in enumerate(cuts):
        subqueries[f"per{index}"] = _per_project_sql(view, view_sql, measurement, group, item, area)
    if pairs is not None:
        subqueries["pairs"] = pairs

    def filled(template, names):
        sql = template.format(
            part="{part}", **SQL_WORDS, **{name: subqueries[name][0] for name in names}
        )
        return sql, tuple(param for name in names for param in subqueries[name][1])

    return _union(
        [[filled(*part) for part in _parts(group, index)] for index, (group, _) in enumerate(cuts)]
    )


def _union(parts_per_cut):
    """The UNION of every cut's parts, ``(sql with {part}, params)`` each, and which parts
    each cut reads. Each part once, however many cuts share it (the totals and the
    recorded projects of a grouping are the same whatever is counted per project)."""
    numbers, part_cuts = {}, []
    for parts in parts_per_cut:
        part_cuts.append({numbers.setdefault(part, len(numbers)) for part in parts})
    sql = " UNION ALL ".join(
        template.replace("{part}", str(number), 1) for (template, _), number in numbers.items()
    )
    return sql, tuple(param for _sql, params in numbers for param in params), part_cuts


# Typed NULLs: PostgreSQL resolves a UNION's column types from its first rows.
SQL_WORDS = {
    "none": "CAST(NULL AS INTEGER)",
    "no_mean": "CAST(NULL AS DOUBLE PRECISION)",
}


def _per_project_sql(view, view_sql, measurement, group, item, area):
    """Per project and item (and measurement, by measurement): the highest severity.

    Read from the summary of the observations that count (``challenges.standing``). With
    ``area``, the rows of that area only (its concrete challenges by their ids).
    """
    rows = _of_view(Standing.objects.all(), view, view_sql).order_by()
    challenges = None
    if area is not None:
        if item == "area":
            rows = rows.filter(area=area)
        else:
            challenges = Challenge.objects.filter(area=area).values("pk")
    if group == "measurement":
        rows = rows.per_measurement(item=item, challenges=challenges)
        if measurement is not None:
            rows = rows.filter(measurement_key=measurement.pk)
    else:
        rows = rows.met(measurement=measurement, item=item, challenges=challenges)
    return _sql(
        rows.annotate(item=F(ITEMS[item]), mkey=F("measurement_key")).values(
            "project_id", "item", "mkey", "severity"
        )
    )


def _parts(group, cut):
    """The UNION's parts for one cut: ``(template, (subqueries in order of appearance))``.

    Each row is ``(part, kind, group key, item, projects, mean severity)``; the kinds are
    ``t`` (the view's projects), ``r`` (recorded) and ``m`` (met, per item). The ``t`` and
    ``r`` parts do not depend on the cut: equal parts of several cuts are one part.
    """
    per = f"per{cut}"
    mean = "AVG(per.severity * 1.0)"
    if group is None:
        return [
            ("SELECT {part}, 't', {none}, {none}, COUNT(*), {no_mean} FROM ({view}) v", ("view",)),
            (
                "SELECT {part}, 'r', {none}, {none}, COUNT(DISTINCT r.project_id), {no_mean} "
                "FROM ({records}) r",
                ("records",),
            ),
            (
                f"SELECT {{part}}, 'm', {{none}}, per.item, COUNT(*), {mean} FROM ({{{per}}}) per "
                "GROUP BY per.item",
                (per,),
            ),
        ]
    if group == "measurement":
        return [
            ("SELECT {part}, 't', {none}, {none}, COUNT(*), {no_mean} FROM ({view}) v", ("view",)),
            # A project has at most one record per measurement key (the records' unique
            # constraint), so its records of one key need no DISTINCT.
            (
                "SELECT {part}, 'r', r.mkey, {none}, COUNT(*), {no_mean} "
                "FROM ({records}) r GROUP BY r.mkey",
                ("records",),
            ),
            (
                f"SELECT {{part}}, 'm', per.mkey, per.item, COUNT(*), {mean} FROM ({{{per}}}) per "
                "GROUP BY per.mkey, per.item",
                (per,),
            ),
        ]
    return [
        (
            "SELECT {part}, 't', g.region_key, {none}, COUNT(DISTINCT g.project_key), {no_mean} "
            "FROM ({pairs}) g WHERE g.project_key IN ({view}) GROUP BY g.region_key",
            ("pairs", "view"),
        ),
        (
            "SELECT {part}, 'r', g.region_key, {none}, COUNT(DISTINCT r.project_id), {no_mean} "
            "FROM ({records}) r INNER JOIN ({pairs}) g ON g.project_key = r.project_id "
            "GROUP BY g.region_key",
            ("records", "pairs"),
        ),
        (
            f"SELECT {{part}}, 'm', g.region_key, per.item, COUNT(*), {mean} "
            f"FROM ({{{per}}}) per INNER JOIN ({{pairs}}) g ON g.project_key = per.project_id "
            "GROUP BY g.region_key, per.item",
            (per, "pairs"),
        ),
    ]


def _population_parts(group, item, measurement, area):
    """``_parts`` over every published project, read from the counts the database keeps
    (``challenges.population``): the same rows, without counting."""
    key = population.ANY if measurement is None else measurement.pk
    total = (
        "SELECT {part}, 't', {none}, {none}, c.projects, {no_mean} "
        f"FROM {population.TABLE} c WHERE c.kind = 't'",
        (),
    )
    if group is None:
        by, chosen, params = "{none}", "c.measurement_key = %s", (key,)
    elif measurement is None:
        by, chosen, params = "c.measurement_key", "c.measurement_key >= 0", ()
    else:
        by, chosen, params = "c.measurement_key", "c.measurement_key = %s", (measurement.pk,)
    recorded = (
        f"SELECT {{part}}, 'r', {by}, {{none}}, c.projects, {{no_mean}} FROM {population.TABLE} c "
        f"WHERE c.kind = 'r' AND c.projects > 0 AND {chosen}",
        params,
    )
    if item == "area":
        kind, item_params = "c.challenge_id = 0", ()
        if area is not None:
            kind, item_params = "c.challenge_id = 0 AND c.area_id = %s", (area.pk,)
    else:
        kind, item_params = "c.challenge_id <> 0", ()
        if area is not None:
            kind = "c.challenge_id IN (SELECT id FROM challenges_challenge WHERE area_id = %s)"
            item_params = (area.pk,)
    met = (
        f"SELECT {{part}}, 'm', {by}, c.{ITEMS[item]}, c.projects, "
        "c.severity_sum * 1.0 / NULLIF(c.severity_count, 0) "
        f"FROM {population.TABLE} c WHERE c.kind = 'm' AND c.projects > 0 AND {chosen} AND {kind}",
        params + item_params,
    )
    return [
        (template.format(part="{part}", **SQL_WORDS), part_params)
        for template, part_params in (total, recorded, met)
    ]

"""The temperature: how widespread each challenge area is across a set of projects.

Definitions (issue #12). They are written here and nowhere else; every page, export and
filter that counts projects and areas uses them through :func:`tally` and
``ProjectChallenge.objects.counted()``.

- **The view's projects** are the published projects that match the filters
  (``projects_total``).
- **Recorded projects** are those of them with a published record
  (``ChallengeRecord``) in the chosen measurement, or in any measurement (or outside
  them) when none is chosen (``projects_assessed``). The rest are **not recorded**
  (``projects_not_recorded``): nothing is known about their challenges, which is never
  the same as "not met".
- **The observations that count** are the published observations of published projects
  that belong to a published record: same project, same measurement (no measurement
  matches a record outside the measurements). ``ProjectChallenge.objects.counted()``.
  Other published observations are *single observations*: the project page shows them,
  marked as such, and nothing counts them.
- A project **met** an area (or a concrete challenge) when it has at least one
  observation that counts there, within the chosen measurement when one is chosen. A
  recorded project without one did **not meet** it.
- ``share`` = met / recorded; **unknown (None), never 0, when no project is recorded**.
  With each share, its 95 % Wilson score interval (``share_low``, ``share_high``).
- A project's severity in an area is the highest severity among its observations that
  count there; ``mean_severity`` is the mean of that over the projects that met the area
  with a known severity (None when there is none).
- The pages show shares, bars and rankings only when at least
  ``settings.MINIMUM_RECORDED_PROJECTS`` (default 5) projects are recorded; below that
  they show counts and say why. The JSON and CSV twins give every number that can be
  computed and name the pages' rule (``minimum_assessed``).

Everything is counted in the database, in one query, whatever the number of projects.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F

from .models import ChallengeArea, ChallengeRecord, Standing, measurement_key

# The normal quantile for a two-sided 95 % interval.
Z_95 = 1.959963984540054


def minimum_assessed():
    """The pages' rule: fewer recorded projects than this show counts, not shares."""
    return settings.MINIMUM_RECORDED_PROJECTS


def wilson_interval(met, recorded, z=Z_95):
    """The Wilson score interval of ``met`` out of ``recorded``: ``(low, high)``.

    ``(None, None)`` when nothing is recorded: there is no proportion to bound.
    """
    if not recorded:
        return None, None
    p = met / recorded
    z2 = z * z
    denominator = 1 + z2 / recorded
    centre = (p + z2 / (2 * recorded)) / denominator
    half = z * math.sqrt(p * (1 - p) / recorded + z2 / (4 * recorded * recorded)) / denominator
    # Exactly 0 and 1 at the ends (the arithmetic leaves traces of 1e-17 there).
    low = 0.0 if met == 0 else max(0.0, centre - half)
    high = 1.0 if met == recorded else min(1.0, centre + half)
    return low, high


def percent(share):
    return None if share is None else round(share * 100)


@dataclass(frozen=True)
class Count:
    """How many recorded projects met something, with the share that makes."""

    projects: int  # recorded projects that met it
    recorded: int  # the recorded projects it is counted over (the base)
    mean_severity: float | None = None

    @property
    def share(self):
        return self.projects / self.recorded if self.recorded else None

    @property
    def interval(self):
        return wilson_interval(self.projects, self.recorded)

    @property
    def share_low(self):
        return self.interval[0]

    @property
    def share_high(self):
        return self.interval[1]

    @property
    def percent(self):
        return percent(self.share)

    @property
    def percent_low(self):
        return percent(self.share_low)

    @property
    def percent_high(self):
        return percent(self.share_high)


@dataclass(frozen=True)
class AreaPrevalence(Count):
    area: ChallengeArea | None = None


@dataclass(frozen=True)
class Base:
    """The projects a set of counts is about, and how many of them are recorded."""

    projects_total: int
    projects_assessed: int

    @property
    def projects_not_recorded(self):
        return self.projects_total - self.projects_assessed

    @property
    def is_recorded(self):
        """At least one project is recorded: met and not met mean something."""
        return self.projects_assessed > 0

    @property
    def minimum(self):
        return minimum_assessed()

    @property
    def shows_shares(self):
        """The pages' rule: enough recorded projects for shares, bars and rankings."""
        return self.is_recorded and self.projects_assessed >= self.minimum


@dataclass(frozen=True)
class Temperature(Base):
    areas: list

    def ranked(self):
        """Most projects first (ties in the areas' own order), where shares are shown.

        Below the minimum nothing is ranked: the areas keep their own order.
        """
        if not self.shows_shares:
            return list(self.areas)
        return sorted(self.areas, key=lambda item: (-item.projects, item.area.order))

    def others(self, chosen):
        """Co-occurrence: the areas other than ``chosen``, as ``ranked()`` orders them.

        When the projects were filtered to those that met the ``chosen`` areas, an other
        area's ``projects`` is how many of them also met it.
        """
        chosen_ids = {area.pk for area in chosen}
        return [item for item in self.ranked() if item.area.pk not in chosen_ids]


# Counting: one query for every grouping.


@dataclass(frozen=True)
class Tally:
    """The counts of one group of projects: totals, recorded, and per item met."""

    total: int
    recorded: int
    met: dict  # item id -> (projects, mean severity or None)

    def count(self, item_id):
        projects, mean_severity = self.met.get(item_id, (0, None))
        return Count(projects=projects, recorded=self.recorded, mean_severity=mean_severity)


ITEMS = {"area": "area_id", "challenge": "challenge_id"}
GROUPS = (None, "measurement", "region")


def _sql(queryset):
    return queryset.query.sql_with_params()


def tally(projects, *, measurement=None, group=None, item="area", pairs=None):
    """Count ``projects`` (a QuerySet of the view's projects) by the definitions above.

    ``group``:
    - ``None``: one group, key ``None``;
    - ``"measurement"``: one group per measurement key (a measurement's id, 0 for none)
      in which some project is recorded, and ``None`` with just the view's total; every
      group has the view's total;
    - ``"region"``: one group per region id, with ``pairs``, the ``(sql, params)`` of
      ``(project_key, region_key)`` rows (``challenges.regions.project_regions``).

    ``item``: count projects per ``"area"`` or per concrete ``"challenge"``.

    Returns ``{group key: Tally}``; a group without projects is missing. One query.
    """
    return tally_cuts(projects, [(group, item)], measurement=measurement, pairs=pairs)[0]


def tally_cuts(projects, cuts, *, measurement=None, pairs=None):
    """``tally`` for several ``(group, item)`` cuts of the same projects, in one query.

    Returns one ``{group key: Tally}`` per cut, in the order of ``cuts``.
    """
    for group, item in cuts:
        if group not in GROUPS or item not in ITEMS:
            raise ValueError(f"Cannot tally by {group!r} and {item!r}")
        if group == "region" and pairs is None:
            raise ValueError("Tallying by region needs the (project, region) pairs.")
    # The view's projects are published by definition.
    view = projects.filter(is_published=True).order_by().values("pk")
    try:
        view_sql = _sql(view)
    except EmptyResultSet:  # e.g. Project.objects.none(): nothing to count
        return [{} for _cut in cuts]
    key = (
        connection.vendor,
        view_sql,
        tuple(cuts),
        None if measurement is None else measurement.pk,
        None if pairs is None else (pairs[0], tuple(pairs[1])),
    )
    try:
        statement = _STATEMENTS.get(key)
    except TypeError:  # a parameter that cannot be a key (a list): not kept
        key, statement = None, None
    if statement is None:
        statement = _statement(view, view_sql, cuts, measurement, pairs)
        if key is not None:
            if len(_STATEMENTS) >= MAX_STATEMENTS:
                _STATEMENTS.clear()
            _STATEMENTS[key] = statement
    sql, params, part_cuts = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        _collect(
            [row[1:] for row in rows if row[0] in numbers],
            every_group_total=group == "measurement",
        )
        for numbers, (group, _item) in zip(part_cuts, cuts, strict=True)
    ]


# The statement of a view and its cuts: the same for every request with the same filters,
# and compiling it took longer than running it with the real content. Kept per process,
# by the view's SQL and parameters (at most MAX_STATEMENTS, then started afresh).
_STATEMENTS = {}
MAX_STATEMENTS = 256


def _statement(view, view_sql, cuts, measurement, pairs):
    """``(sql, params, part numbers of each cut)`` of ``tally_cuts``' one query."""
    # The records of the view's projects need not check the projects' state again (a join
    # that doubled the time of this part).
    records = (
        ChallengeRecord.objects.published(of_published_projects=False)
        .filter(project__in=view)
        .order_by()
    )
    if measurement is not None:
        records = records.filter(measurement=measurement)
    subqueries = {
        "view": view_sql,
        "records": _sql(records.annotate(mkey=measurement_key()).values("project_id", "mkey")),
    }
    for index, (group, item) in enumerate(cuts):
        subqueries[f"per{index}"] = _per_project_sql(view, measurement, group, item)
    if pairs is not None:
        subqueries["pairs"] = pairs
    # Each part once, however many cuts share it (the totals and the recorded projects of
    # a grouping are the same whatever is counted per project).
    parts, part_cuts = {}, []
    for index, (group, _item) in enumerate(cuts):
        part_cuts.append({parts.setdefault(part, len(parts)) for part in _parts(group, index)})
    sql_parts, params = [], []
    for (template, names), number in parts.items():
        sql_parts.append(
            template.format(
                **SQL_WORDS,
                part=number,
                **{name: sql for name, (sql, _params) in subqueries.items()},
            )
        )
        for name in names:
            params.extend(subqueries[name][1])
    return " UNION ALL ".join(sql_parts), tuple(params), part_cuts


# Typed NULLs: PostgreSQL resolves a UNION's column types from its first rows.
SQL_WORDS = {
    "none": "CAST(NULL AS INTEGER)",
    "no_mean": "CAST(NULL AS DOUBLE PRECISION)",
}


def _per_project_sql(view, measurement, group, item):
    """Per project and item (and measurement, by measurement): the highest severity.

    Read from the summary of the observations that count (``challenges.standing``).
    """
    rows = Standing.objects.filter(project__in=view).order_by()
    if group == "measurement":
        rows = rows.per_measurement(item=item)
        if measurement is not None:
            rows = rows.filter(measurement_key=measurement.pk)
    else:
        rows = rows.met(measurement=measurement, item=item)
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
            (
                "SELECT {part}, 'r', r.mkey, {none}, COUNT(DISTINCT r.project_id), {no_mean} "
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


def _collect(rows, *, every_group_total):
    totals, recorded, met = {}, {}, {}
    for kind, key, item_id, count, mean in rows:
        if kind == "t":
            totals[key] = count
        elif kind == "r":
            recorded[key] = count
        else:
            met.setdefault(key, {})[item_id] = (count, None if mean is None else float(mean))
    if every_group_total:
        total = totals.get(None, 0)
        keys = set(recorded) | set(met)
        return {key: Tally(total, recorded.get(key, 0), met.get(key, {})) for key in keys} | {
            None: Tally(total, 0, {})
        }
    return {
        key: Tally(total, recorded.get(key, 0), met.get(key, {}))
        for key, total in totals.items()
        if total
    }


def temperature(projects, *, measurement=None, areas=None):
    """The temperature of ``projects`` (a QuerySet of published, filtered projects)."""
    counts = tally(projects, measurement=measurement).get(None, Tally(0, 0, {}))
    return temperature_of(counts, areas)


def temperature_of(counts, areas=None):
    """A ``Temperature`` from one group's ``Tally``, an area per row in ``areas``' order."""
    if areas is None:
        areas = ChallengeArea.objects.all()
    return Temperature(
        projects_total=counts.total,
        projects_assessed=counts.recorded,
        areas=[AreaPrevalence(**vars(counts.count(area.pk)), area=area) for area in areas],
    )

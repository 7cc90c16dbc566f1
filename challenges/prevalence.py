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

Everything is counted in the database, in one query, whatever the number of projects
(written as SQL in ``challenges.counting``).
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from temperatur.core.tables import table_rows

from . import counting
from .counting import ITEMS
from .models import ChallengeArea

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


GROUPS = (None, "measurement", "region")


def tally(projects, *, measurement=None, group=None, item="area", pairs=None, projects_key=None):
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
    return tally_cuts(
        projects, [(group, item)], measurement=measurement, pairs=pairs, projects_key=projects_key
    )[0]


def tally_cuts(projects, cuts, *, measurement=None, pairs=None, area=None, projects_key=None):
    """``tally`` for several ``(group, item)`` cuts of the same projects, in one query.

    ``area``: count that area and its concrete challenges only (an area's page); the
    totals and the recorded projects are the same.

    Returns one ``{group key: Tally}`` per cut, in the order of ``cuts``.
    """
    for group, item in cuts:
        if group not in GROUPS or item not in ITEMS:
            raise ValueError(f"Cannot tally by {group!r} and {item!r}")
        if group == "region" and pairs is None:
            raise ValueError("Tallying by region needs the (project, region) pairs.")
    found = counting.statement(
        projects, cuts, measurement=measurement, pairs=pairs, area=area, projects_key=projects_key
    )
    if found is None:  # e.g. Project.objects.none(): nothing to count
        return [{} for _cut in cuts]
    sql, params, part_cuts = found
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


def temperature(projects, *, measurement=None, areas=None, projects_key=None):
    """The temperature of ``projects`` (a QuerySet of published, filtered projects);
    ``projects_key`` as for ``counting.statement``."""
    counts = tally(projects, measurement=measurement, projects_key=projects_key)
    counts = counts.get(None, Tally(0, 0, {}))
    return temperature_of(counts, areas)


def temperature_of(counts, areas=None):
    """A ``Temperature`` from one group's ``Tally``, an area per row in ``areas``' order."""
    if areas is None:
        areas = table_rows(ChallengeArea.objects.all())
    return Temperature(
        projects_total=counts.total,
        projects_assessed=counts.recorded,
        areas=[AreaPrevalence(**vars(counts.count(area.pk)), area=area) for area in areas],
    )

"""The regional picture (/regioner/): projects and temperature per region (the page is
``challenges.views.region_overview``, its map ``challenges.charts.region_map``).

Definition (issue #7): a region's projects are the published projects owned in it or
joined in it — whose own region (``Project.region``, or the lead municipality's region)
is the region, or with a participating municipality (``Project.municipalities``) in the
region. A project owned in one region and joined from another counts once in each. The
same definition as the project list's ``region`` filter, so every figure here equals
what its links show (``/projekter/?region=<slug>`` and ``/udfordringer/?region=<slug>``).
Projects in no region by that definition are counted apart.

A region's temperature follows ``challenges.prevalence``: of its recorded projects, how
many met each area (any measurement); shares only where enough are recorded.

Under each region: the municipalities of the region that own (lead) or join a published
project, each with its own page; their count is the project list's ``municipality``
filter (lead or participant), whatever the project's region.

A fixed number of queries, whatever the number of projects: the (project, region) pairs
are a UNION of ORM queries, counted in the database.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from projects.models import Municipality, Project, Region
from temperatur.core.tables import table_rows

from . import charts, prevalence
from .models import ChallengeArea


@dataclass(frozen=True)
class RegionRow:
    region: Region
    temperature: prevalence.Temperature
    municipalities: list
    tile: object  # charts.Tile: where its tile of the map goes

    @property
    def projects(self):
        return self.temperature.projects_total

    @property
    def projects_url(self):
        return reverse("projects:list") + "?" + urlencode({"region": self.region.slug})

    @property
    def temperature_url(self):
        return reverse("challenges:temperature") + "?" + urlencode({"region": self.region.slug})


def municipalities_with_projects():
    """Municipalities that lead or join a published project, with ``project_count``."""
    joined = Project.municipalities.through.objects.filter(
        project=OuterRef("pk"), municipality=OuterRef(OuterRef("pk"))
    )
    count = (
        Project.objects.published()
        .filter(Q(lead_municipality=OuterRef("pk")) | Exists(joined))
        .order_by()
        .values(n=Func(F("pk"), function="COUNT"))
    )
    return (
        Municipality.objects.annotate(
            project_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0))
        )
        .filter(project_count__gt=0)
        .select_related("region")
        .order_by("name")
    )


def project_regions(projects):
    """The distinct ``(project_key, region_key)`` pairs of ``projects``, as SQL.

    A project is in the regions it is owned in (its ``region``, its lead municipality's
    region) and the regions of its participating municipalities. Returns ``(sql, params)``
    of a UNION, which removes duplicate pairs.
    """
    projects = projects.order_by()
    owned = projects.filter(region__isnull=False).values(
        project_key=F("pk"), region_key=F("region_id")
    )
    led = projects.filter(lead_municipality__isnull=False).values(
        project_key=F("pk"), region_key=F("lead_municipality__region_id")
    )
    joined = (
        Project.municipalities.through.objects.filter(project__in=projects.values("pk"))
        .order_by()
        .values(project_key=F("project_id"), region_key=F("municipality__region_id"))
    )
    return owned.union(led, joined).query.sql_with_params()


def projects_without_region():
    """Published projects in no region: none owned in one, no participant in one."""
    joined = Project.municipalities.through.objects.filter(
        municipality__region__isnull=False
    ).values("project_id")
    return (
        Project.objects.published()
        .filter(region__isnull=True, lead_municipality__region__isnull=True)
        .exclude(pk__in=joined)
        .count()
    )


def regional_picture():
    """``(rows, areas, without_region, map_height)`` in five queries."""
    regions = list(Region.objects.order_by("code"))
    areas = table_rows(ChallengeArea.objects.all())
    projects = Project.objects.published()
    counts = prevalence.tally(projects, group="region", pairs=project_regions(projects))
    by_region = {}
    for municipality in municipalities_with_projects():
        by_region.setdefault(municipality.region_id, []).append(municipality)
    without_region = projects_without_region()
    placed, map_height = charts.region_map(regions)
    rows = []
    empty = prevalence.Tally(0, 0, {})
    for region in regions:
        rows.append(
            RegionRow(
                region=region,
                temperature=prevalence.temperature_of(counts.get(region.pk, empty), areas),
                municipalities=by_region.get(region.pk, []),
                tile=placed[region.pk],
            )
        )
    return rows, areas, without_region, map_height

"""The regional picture (/regioner/): projects and temperature per region.

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
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from projects.models import Municipality, Project, Region
from temperatur.web.exports import export_name
from temperatur.web.renderers import Answer, format_view, respond

from . import outputs, prevalence
from .findings import measurement_findings
from .models import ChallengeArea

# Schematic tile map: (x, y) of each region's tile by its official code, roughly where
# the region lies (Nordjylland top, Midtjylland below, Syddanmark south-west, Sjælland
# and Hovedstaden east). Other codes (tests, future regions) are placed in a row below.
TILE_WIDTH = 150
TILE_HEIGHT = 96
TILE_POSITIONS = {
    1081: (80, 8),  # Nordjylland
    1082: (40, 116),  # Midtjylland
    1083: (40, 224),  # Syddanmark
    1084: (296, 116),  # Hovedstaden
    1085: (232, 224),  # Sjælland
}
MAP_WIDTH = 460
MAP_ROW_HEIGHT = 108


@dataclass(frozen=True)
class Tile:
    x: int
    y: int
    width: int = TILE_WIDTH
    height: int = TILE_HEIGHT

    @property
    def center_x(self):
        return self.x + self.width // 2

    @property
    def name_y(self):
        return self.y + 40

    @property
    def count_y(self):
        return self.y + 66


@dataclass(frozen=True)
class RegionRow:
    region: Region
    temperature: prevalence.Temperature
    municipalities: list
    tile: Tile

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


def tiles(regions):
    positions = {}
    extra = 0
    for region in regions:
        if region.code in TILE_POSITIONS:
            positions[region.pk] = Tile(*TILE_POSITIONS[region.code])
        else:
            column, row = extra % 3, extra // 3
            positions[region.pk] = Tile(8 + column * TILE_WIDTH, 340 + row * MAP_ROW_HEIGHT)
            extra += 1
    return positions


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
    areas = list(ChallengeArea.objects.all())
    projects = Project.objects.published()
    counts = prevalence.tally(projects, group="region", pairs=project_regions(projects))
    by_region = {}
    for municipality in municipalities_with_projects():
        by_region.setdefault(municipality.region_id, []).append(municipality)
    without_region = projects_without_region()
    placed = tiles(regions)
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
    bottom = max((tile.y + tile.height for tile in placed.values()), default=0) + 8
    return rows, areas, without_region, bottom


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
                **outputs.base_json(row.temperature),
                "projects_url": absolute(row.projects_url),
                "temperature_url": absolute(row.temperature_url),
                "areas": [outputs.area_json(item) for item in row.temperature.areas],
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
        outputs.REGIONS_CSV_HEADER,
        (
            [row.region.slug, row.projects, item.area.slug, *outputs.count_csv(item)]
            for row in rows
            for item in row.temperature.areas
        ),
    )


@require_safe
@format_view
def region_overview(request):
    rows, areas, without_region, map_height = regional_picture()
    return respond(
        request,
        Answer(
            html=lambda: render(
                request,
                "challenges/regions.html",
                {
                    "rows": rows,
                    "areas": areas,
                    "without_region": without_region,
                    "any_recorded": any(row.temperature.is_recorded for row in rows),
                    "measurements": measurement_findings(),
                    "map_width": MAP_WIDTH,
                    "map_height": map_height,
                    "minimum": prevalence.minimum_assessed(),
                },
            ),
            data=lambda: regions_json(request, rows, without_region),
            table=lambda: regions_table(rows),
            filename=export_name(request, "regioner", params=()),
        ),
    )

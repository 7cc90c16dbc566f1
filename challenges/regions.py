"""The regional picture (/regioner/): projects and temperature per region.

Definition (issue #7): a region's projects are the published projects whose region
(``Project.region``) is the region — the same definition as the project list's
``region`` filter, so every figure here equals what its links show
(``/projekter/?region=<slug>`` and ``/udfordringer/?region=<slug>``). Projects without
a region are counted apart. A region's share in an area is the number of its projects
that met the area (a published observation, any measurement) over its projects.

Under each region: the municipalities of the region that own (lead) or join a published
project, each with its own page; their count is the project list's ``municipality``
filter (lead or participant), whatever the project's region.

A fixed number of queries, whatever the number of projects.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projects.models import Municipality, Project, Region
from temperatur.exports import (
    UnknownFormat,
    csv_response,
    json_response,
    requested_format,
    unknown_format_response,
)

from .models import ChallengeArea, ProjectChallenge

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
class AreaShare:
    area: ChallengeArea
    projects: int
    share: float

    @property
    def percent(self):
        return round(self.share * 100)


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
    projects: int
    shares: list
    municipalities: list
    tile: Tile

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


def regional_picture():
    """``(rows, areas, without_region, map_height)`` in five queries."""
    regions = list(
        Region.objects.annotate(
            project_count=Count("projects", filter=Q(projects__is_published=True))
        ).order_by("code")
    )
    areas = list(ChallengeArea.objects.all())
    counts = {
        (row["project__region_id"], row["area_id"]): row["n"]
        for row in ProjectChallenge.objects.published()
        .filter(project__region__isnull=False)
        .order_by()
        .values("project__region_id", "area_id")
        .annotate(n=Count("project_id", distinct=True))
    }
    by_region = {}
    for municipality in municipalities_with_projects():
        by_region.setdefault(municipality.region_id, []).append(municipality)
    without_region = Project.objects.published().filter(region__isnull=True).count()
    placed = tiles(regions)
    rows = []
    for region in regions:
        shares = []
        for area in areas:
            met = counts.get((region.pk, area.pk), 0)
            shares.append(
                AreaShare(
                    area=area,
                    projects=met,
                    share=met / region.project_count if region.project_count else 0,
                )
            )
        rows.append(
            RegionRow(
                region=region,
                projects=region.project_count,
                shares=shares,
                municipalities=by_region.get(region.pk, []),
                tile=placed[region.pk],
            )
        )
    bottom = max((tile.y + tile.height for tile in placed.values()), default=0) + 8
    return rows, areas, without_region, bottom


def regions_json(request, rows, without_region):
    def absolute(url):
        return request.build_absolute_uri(url)

    return json_response(
        {
            "definition": "project.region",
            "projects_without_region": without_region,
            "regions": [
                {
                    "slug": row.region.slug,
                    "name": row.region.name,
                    "projects": row.projects,
                    "projects_url": absolute(row.projects_url),
                    "temperature_url": absolute(row.temperature_url),
                    "areas": [
                        {"slug": s.area.slug, "projects": s.projects, "share": s.share}
                        for s in row.shares
                    ],
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
    )


@require_safe
def region_overview(request):
    try:
        output = requested_format(request)
    except UnknownFormat as error:
        return unknown_format_response(error)
    rows, areas, without_region, map_height = regional_picture()
    if output == "json":
        return regions_json(request, rows, without_region)
    if output == "csv":
        header = [_("region"), _("projekter"), *[area.slug for area in areas]]
        return csv_response(
            "regioner",
            header,
            (
                [row.region.slug, row.projects]
                + [number_format(s.share, decimal_pos=4) for s in row.shares]
                for row in rows
            ),
        )
    return render(
        request,
        "challenges/regions.html",
        {
            "rows": rows,
            "areas": areas,
            "without_region": without_region,
            "map_width": MAP_WIDTH,
            "map_height": map_height,
        },
    )

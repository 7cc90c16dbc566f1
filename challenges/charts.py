"""Chart geometry: where the marks of the pages' small SVG charts and the regions' tile map go.

Presentation only; the numbers come from ``challenges.prevalence`` and
``challenges.trends``. Coordinates are SVG user units.
"""

from dataclasses import dataclass

WIDTH = 600
HEIGHT = 220
LEFT = 48
RIGHT = 24
TOP = 16
BOTTOM = 40


def _y(share):
    return round(TOP + (1 - share) * (HEIGHT - TOP - BOTTOM), 1)


@dataclass(frozen=True)
class LineMark:
    point: object  # a trends.LinePoint
    x: float
    y: float | None  # None: no share to draw (nothing or too little recorded)

    @property
    def label_y(self):
        return round(self.y - 12, 1)


@dataclass(frozen=True)
class LineChart:
    marks: list

    width = WIDTH
    height = HEIGHT
    left = LEFT
    right = WIDTH - RIGHT
    bottom = HEIGHT - BOTTOM
    axis_label_x = LEFT - 8
    middle_y = TOP + (HEIGHT - TOP - BOTTOM) // 2 + 20
    label_y = HEIGHT - BOTTOM + 24

    @property
    def plotted(self):
        return [mark for mark in self.marks if mark.y is not None]

    @property
    def polyline(self):
        """The SVG ``points`` of the line through the measurements with a share."""
        return " ".join(f"{mark.x:g},{mark.y:g}" for mark in self.plotted)

    @property
    def axis(self):
        """Gridlines at 0, 50 and 100 %: ``[(percent, y), …]``."""
        return [(percent, _y(percent / 100)) for percent in (0, 50, 100)]

    @property
    def has_line(self):
        return bool(self.plotted)


def line_chart(points):
    """Place ``points`` (``trends.LinePoint``) evenly; only those that show a share get a y."""
    step = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    return LineChart(
        marks=[
            LineMark(
                point=point,
                x=round(LEFT + step * (index + 0.5), 1),
                y=_y(point.count.share) if point.shows_share else None,
            )
            for index, point in enumerate(points)
        ]
    )


# The regions' tile map (/regioner/)

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


def region_map(regions):
    """``({region pk: Tile}, height)``: each region's tile on the map and the map's height."""
    positions = {}
    extra = 0
    for region in regions:
        if region.code in TILE_POSITIONS:
            positions[region.pk] = Tile(*TILE_POSITIONS[region.code])
        else:
            column, row = extra % 3, extra // 3
            positions[region.pk] = Tile(8 + column * TILE_WIDTH, 340 + row * MAP_ROW_HEIGHT)
            extra += 1
    height = max((tile.y + tile.height for tile in positions.values()), default=0) + 8
    return positions, height

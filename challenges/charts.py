"""Chart geometry: where the marks of the pages' small SVG charts go.

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

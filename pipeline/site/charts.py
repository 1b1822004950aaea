"""Horizontal bar charts laid out in Python, drawn as inline SVG by the templates.

The site must open offline from a file share, on machines where no script may run: no charting
library, no JavaScript, no CDN. So the geometry of every bar is computed here (pure, tested
without a browser) and the template ``_chart.html`` writes one ``<rect class="mark">`` with a
``<title>`` tooltip per bar segment; labels and tooltips are edition text and are escaped by the
template like everything else. Categories are long Chinese names (建设单位), hence horizontal
bars with the labels on the left. A stacked chart (one bar per row, one segment per series) and
a plain one (one series) share the same layout.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Chart", "LegendItem", "Mark", "Row", "RowLayout", "Series", "bar_chart",
           "stacked_chart", "text_width"]  # fmt: skip

#: The chart's drawing width (``viewBox`` units; the SVG scales to its container).
WIDTH = 600
PADDING = 8
FONT_SIZE = 13
ROW_PITCH = 26
BAR_HEIGHT = 18
#: Room on the right of the longest bar for its total.
VALUE_WIDTH = 56
#: Category labels wider than this are cut with ``…`` (the tooltip has the whole label).
MAX_LABEL_WIDTH = 200.0
LEGEND_PITCH = 20
SWATCH = 12
EMPTY_HEIGHT = 56
#: Shown instead of bars when there is nothing to draw.
NO_DATA = "无数据"
#: The colour of a chart with one series.
DEFAULT_COLOR = "#3b6ea5"


@dataclass(frozen=True, slots=True)
class Series:
    """One kind of segment of a stacked bar: its name in the legend and its colour."""

    label: str
    color: str


@dataclass(frozen=True, slots=True)
class Row:
    """One bar: its category label and one count per series."""

    label: str
    values: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    """One drawn segment: an SVG ``<rect class="mark">`` and its tooltip."""

    x: float
    y: float
    width: float
    height: float
    color: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class RowLayout:
    """One row as drawn: its (possibly shortened) label, segments and total."""

    label: str
    full_label: str
    label_y: float
    marks: tuple[Mark, ...]
    total: int
    total_x: float


@dataclass(frozen=True, slots=True)
class LegendItem:
    x: float
    y: float
    color: str
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything the template needs to draw one chart."""

    key: str  # stable identifier (``data-chart``), e.g. ``entries-by-unit``
    title: str
    description: str  # the ``aria-label``: the title and every row's figures in words
    width: int
    height: int
    label_x: float  # labels end here (right-aligned)
    rows: tuple[RowLayout, ...]
    legend: tuple[LegendItem, ...]
    unit: str

    @property
    def empty(self) -> bool:
        return not any(row.marks for row in self.rows)

    @property
    def mark_count(self) -> int:
        return sum(len(row.marks) for row in self.rows)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Approximate drawn width: wide (CJK) characters one em, the others 0.6 em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.6 * size for ch in text)


def _shortened(label: str, limit: float = MAX_LABEL_WIDTH) -> str:
    if text_width(label) <= limit:
        return label
    cut = label
    while cut and text_width(cut + "…") > limit:
        cut = cut[:-1]
    return cut + "…"


def _legend(series: Sequence[Series], top: float) -> tuple[tuple[LegendItem, ...], float]:
    """Legend items flowed left to right over as many lines as needed; the height used."""
    if len(series) < 2:
        return (), 0.0
    items: list[LegendItem] = []
    x, y = float(PADDING), top
    for one in series:
        room = SWATCH + 6 + text_width(one.label, FONT_SIZE - 1) + 16
        if x + room > WIDTH - PADDING and x > PADDING:
            x, y = float(PADDING), y + LEGEND_PITCH
        items.append(LegendItem(round(x, 1), round(y, 1), one.color, one.label))
        x += room
    return tuple(items), y - top + LEGEND_PITCH + 4


def _description(title: str, rows: Sequence[Row], series: Sequence[Series], unit: str) -> str:
    if not any(sum(row.values) for row in rows):
        return f"{title}：{NO_DATA}"
    parts = []
    for row in rows:
        if len(series) > 1:
            shares = "、".join(f"{s.label} {v}" for s, v in zip(series, row.values, strict=True)
                              if v)  # fmt: skip
            parts.append(f"{row.label} {sum(row.values)} {unit}（{shares or '无'}）")
        else:
            parts.append(f"{row.label} {sum(row.values)} {unit}")
    return f"{title}：" + "；".join(parts)


def _row_marks(
    row: Row, series: Sequence[Series], top: float, plot_x: float, scale: float, unit: str
) -> tuple[Mark, ...]:
    marks: list[Mark] = []
    x = plot_x
    for one, value in zip(series, row.values, strict=True):
        if value <= 0:
            continue
        width = max(value * scale, 1.0)
        name = f"{row.label} · {one.label}" if len(series) > 1 else row.label
        marks.append(Mark(round(x, 1), round(top, 1), round(width, 1), BAR_HEIGHT, one.color,
                          f"{name}：{value} {unit}"))  # fmt: skip
        x += width
    return tuple(marks)


def stacked_chart(
    key: str, title: str, series: Sequence[Series], rows: Sequence[Row], *, unit: str = "条"
) -> Chart:
    """A chart of one horizontal bar per row, one segment per non-zero series value, scaled
    so the longest bar fills the plot. A zero row keeps its label and has no segment; with no
    row or only zeros the chart is empty (the template says ``NO_DATA``)."""
    if any(len(row.values) != len(series) for row in rows):
        raise ValueError("every row needs one value per series")
    legend, legend_height = _legend(series, PADDING)
    longest = max((text_width(_shortened(r.label)) for r in rows), default=0.0)
    label_x = PADDING + longest
    plot_x = label_x + 8
    biggest = max((sum(r.values) for r in rows), default=0)
    scale = (WIDTH - PADDING - VALUE_WIDTH - plot_x) / biggest if biggest else 0.0
    top = PADDING + legend_height
    laid: list[RowLayout] = []
    for index, row in enumerate(rows):
        y = top + index * ROW_PITCH
        marks = _row_marks(row, series, y, plot_x, scale, unit)
        end = marks[-1].x + marks[-1].width if marks else plot_x
        laid.append(RowLayout(_shortened(row.label), row.label,
                              round(y + BAR_HEIGHT / 2, 1), marks, sum(row.values),
                              round(end + 6, 1)))  # fmt: skip
    empty = not any(row.marks for row in laid)
    height = EMPTY_HEIGHT if empty else round(top + len(rows) * ROW_PITCH + PADDING)
    return Chart(key, title, _description(title, rows, series, unit), WIDTH, int(height),
                 round(label_x, 1), tuple(laid) if not empty else (), legend if not empty else (),
                 unit)  # fmt: skip


def bar_chart(
    key: str, title: str, rows: Sequence[tuple[str, int]], *, unit: str = "条",
    color: str = DEFAULT_COLOR,
) -> Chart:
    """A chart of one plain bar per ``(label, count)``."""
    series = (Series(title, color),)
    return stacked_chart(key, title, series, [Row(label, (count,)) for label, count in rows],
                         unit=unit)  # fmt: skip

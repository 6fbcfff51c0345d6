"""The chart leadership looks at: one horizontal stacked bar per agency (the four cells),
most overdue at the top; above it, where history spans several weeks, the weekly count of
overdue obligations. matplotlib without a display (Agg); DejaVu Sans, shipped with
matplotlib, has every Vietnamese letter."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from reports.figures import AgencyRow, Report
from reports.states import ReportStatus
from reports.wording import CELL_LABEL, CHART_AXIS, TREND_TITLE, report_title
from tracking.wording import fmt_date

FONT = "DejaVu Sans"
#: Colours of the four cells: green, amber, blue, red (distinct in greyscale too).
COLOURS = {
    ReportStatus.DONE_ON_TIME: "#2e7d32",
    ReportStatus.DONE_LATE: "#f9a825",
    ReportStatus.IN_TIME: "#64b5f6",
    ReportStatus.OVERDUE: "#c62828",
}
#: A trend needs at least this many weekly points.
MIN_TREND_POINTS = 3
WIDTH_IN = 8.0
DPI = 110
BAR_IN = 0.27
#: Heights in inches: the trend's plot, the legend above the bars, the axis below them.
TREND_IN = 1.8
LEGEND_IN = 0.55
XLABEL_IN = 0.55
#: The agencies' names, in points.
LABEL_PT = 8
#: The title wraps at this many characters (8 inches at 11 points, bold).
TITLE_CHARS = 78


def _cells(row: AgencyRow) -> dict[ReportStatus, int]:
    f = row.figures
    return {
        ReportStatus.DONE_ON_TIME: f.done_on_time,
        ReportStatus.DONE_LATE: f.done_late,
        ReportStatus.IN_TIME: f.in_time,
        ReportStatus.OVERDUE: f.overdue,
    }


def chart_rows(report: Report) -> list[AgencyRow]:
    """The agencies drawn: those with anything in the four cells, most overdue first."""
    return [row for row in report.by_overdue() if sum(_cells(row).values())]


def render_chart(report: Report, trend: Sequence[tuple[date, int]] = ()) -> bytes | None:
    """The chart as PNG bytes; None when there is nothing to draw (no empty picture).

    The layout is computed here, in inches, from the number of agencies and the widest
    label (a layout engine would draw the figure several times to measure it), and each
    cell's bars are one collection rather than one rectangle per agency."""
    rows = chart_rows(report)
    with_trend = len(trend) >= MIN_TREND_POINTS
    if not rows:
        return None
    title = textwrap.wrap(report_title(report), TITLE_CHARS)
    title_in = 0.25 + 0.22 * len(title)
    # Above the trend its title, below it the weeks' labels.
    trend_in = 0.3 + TREND_IN + 0.45 if with_trend else 0.0
    bars_in = BAR_IN * len(rows)
    height = title_in + trend_in + LEGEND_IN + bars_in + XLABEL_IN
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    figure.text(
        0.5,
        1 - 0.12 / height,
        "\n".join(title),
        ha="center",
        va="top",
        fontsize=11,
        fontweight="bold",
        fontfamily=FONT,
    )
    labels = [row.short or row.agency for row in rows]
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    font = FontProperties(family=FONT, size=LABEL_PT)
    widest = max(
        renderer.get_text_width_height_descent(label, font, ismath=False)[0] for label in labels
    )
    left = (widest / DPI + 0.2) / WIDTH_IN
    right = 1 - 0.3 / WIDTH_IN
    bars = figure.add_axes((left, XLABEL_IN / height, right - left, bars_in / height))
    _draw_bars(bars, rows, labels)
    if with_trend:
        bottom = (XLABEL_IN + bars_in + LEGEND_IN + 0.45) / height
        axes = figure.add_axes((0.6 / WIDTH_IN, bottom, right - 0.6 / WIDTH_IN, TREND_IN / height))
        _draw_trend(axes, trend)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _draw_bars(axes: Axes, rows: Sequence[AgencyRow], labels: Sequence[str]) -> None:
    half = 0.36
    left = [0] * len(rows)
    handles = []
    # Overdue first (leftmost, red), then in time, done late, done on time.
    for status in (
        ReportStatus.OVERDUE,
        ReportStatus.IN_TIME,
        ReportStatus.DONE_LATE,
        ReportStatus.DONE_ON_TIME,
    ):
        values = [_cells(row)[status] for row in rows]
        boxes = [
            ((x, y - half), (x + w, y - half), (x + w, y + half), (x, y + half))
            for y, (x, w) in enumerate(zip(left, values, strict=True))
            if w
        ]
        axes.add_collection(
            PolyCollection(boxes, facecolors=COLOURS[status], edgecolors="none", linewidths=0)
        )
        handles.append(Patch(facecolor=COLOURS[status], label=CELL_LABEL[status]))
        left = [a + b for a, b in zip(left, values, strict=True)]
    for position, row in enumerate(rows):
        if row.figures.overdue:
            axes.text(
                row.figures.overdue / 2,
                position,
                str(row.figures.overdue),
                ha="center",
                va="center",
                color="white",
                fontsize=7,
                fontweight="bold",
                fontfamily=FONT,
            )
    # The agencies' names, right-aligned against the axis (text, not one tick per row).
    names = blended_transform_factory(axes.transAxes, axes.transData)
    for position, label in enumerate(labels):
        axes.text(
            -0.01,
            position,
            label,
            transform=names,
            ha="right",
            va="center",
            fontsize=LABEL_PT,
            fontfamily=FONT,
        )
    axes.set_yticks([])
    axes.set_xlim(0, max(left) * 1.02 or 1)
    axes.set_ylim(len(rows) - 0.5, -0.5)  # most overdue at the top, no blank margins
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel(CHART_AXIS, fontsize=9, fontfamily=FONT)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        frameon=False,
        prop={"family": FONT, "size": 8},
    )


def _draw_trend(axes: Axes, trend: Sequence[tuple[date, int]]) -> None:
    xs = list(range(len(trend)))
    ys = [count for _, count in trend]
    axes.plot(xs, ys, marker="o", color=COLOURS[ReportStatus.OVERDUE], linewidth=2)
    for x, y in zip(xs, ys, strict=True):
        axes.annotate(
            str(y), (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7
        )
    axes.set_xticks(
        xs, [fmt_date(day)[:-5] for day, _ in trend], fontsize=7, fontfamily=FONT, rotation=0
    )
    axes.set_title(TREND_TITLE, fontsize=9, fontfamily=FONT, loc="left")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=max(ys) * 1.25 + 1)
    axes.tick_params(axis="y", labelsize=7)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)

"""The chart leadership looks at: one horizontal stacked bar per agency (the four cells),
most overdue at the top; above it, where history spans several weeks, the weekly count of
overdue obligations. matplotlib without a display (Agg); DejaVu Sans, shipped with
matplotlib, has every Vietnamese letter."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from chat.report_messages import CELL_LABEL, fmt_date, report_title
from reports.figures import AgencyRow, Report
from reports.states import ReportStatus

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
    """The chart as PNG bytes; None when there is nothing to draw (no empty picture)."""
    rows = chart_rows(report)
    with_trend = len(trend) >= MIN_TREND_POINTS
    if not rows:
        return None
    bars_height = BAR_IN * len(rows) + 1.4
    trend_height = 2.3 if with_trend else 0.0
    figure = Figure(figsize=(WIDTH_IN, bars_height + trend_height + 0.6), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.set_layout_engine("constrained")
    figure.suptitle(report_title(report), fontsize=11, fontweight="bold", fontfamily=FONT)
    if with_trend:
        grid = figure.add_gridspec(2, 1, height_ratios=[trend_height, bars_height])
        _draw_trend(figure.add_subplot(grid[0]), trend)
        bars = figure.add_subplot(grid[1])
    else:
        bars = figure.add_subplot(1, 1, 1)
    _draw_bars(bars, rows)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _draw_bars(axes: object, rows: Sequence[AgencyRow]) -> None:
    from matplotlib.axes import Axes

    assert isinstance(axes, Axes)
    labels = [row.short or row.agency for row in rows]
    positions = list(range(len(rows)))
    left = [0] * len(rows)
    # Overdue first (leftmost, red), then in time, done late, done on time.
    for status in (
        ReportStatus.OVERDUE,
        ReportStatus.IN_TIME,
        ReportStatus.DONE_LATE,
        ReportStatus.DONE_ON_TIME,
    ):
        values = [_cells(row)[status] for row in rows]
        axes.barh(
            positions,
            values,
            left=left,
            color=COLOURS[status],
            label=CELL_LABEL[status],
            height=0.72,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    for position, row in zip(positions, rows, strict=True):
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
    axes.set_yticks(positions, labels, fontsize=8, fontfamily=FONT)
    axes.set_ylim(len(rows) - 0.5, -0.5)  # most overdue at the top, no blank margins
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel("Số nhiệm vụ (tính theo cơ quan)", fontsize=9, fontfamily=FONT)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        fontsize=8,
        frameon=False,
        prop={"family": FONT, "size": 8},
    )


def _draw_trend(axes: object, trend: Sequence[tuple[date, int]]) -> None:
    from matplotlib.axes import Axes

    assert isinstance(axes, Axes)
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
    axes.set_title("Quá hạn chưa hoàn thành theo tuần", fontsize=9, fontfamily=FONT, loc="left")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=max(ys) * 1.25 + 1)
    axes.tick_params(axis="y", labelsize=7)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)

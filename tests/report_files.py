"""The report tests' heavy libraries (matplotlib, openpyxl, Pillow), imported only when a
test uses them: test collection stays light, so tests that measure the process's peak
memory are not charged for them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reports.figures import Report

SUMMARY_SHEET = "Tổng hợp"
DETAIL_SHEET = "Chi tiết"


def render_chart(report: Report, trend: Sequence[tuple[date, int]] = ()) -> bytes | None:
    from reports.chart import render_chart as render

    return render(report, trend)


def write_xlsx(report: Report) -> bytes:
    from reports.excel import write_xlsx as write

    return write(report)


def load_workbook(source: bytes | Path) -> Any:
    from openpyxl import load_workbook as load

    return load(io.BytesIO(source) if isinstance(source, bytes) else source)


def open_image(data: bytes) -> Any:
    from PIL import Image

    return Image.open(io.BytesIO(data))


def grey_spread(image: Any) -> float:
    """The standard deviation of the grey levels (0 for a blank page)."""
    from PIL import ImageStat

    return float(ImageStat.Stat(image.convert("L")).stddev[0])

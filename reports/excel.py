"""The Excel appendix: "Tổng hợp" (one row per agency, totals) and "Chi tiết" (one row per
obligation; a recurring duty followed period by period is a row of its own, not counted,
with one row per period under it — "Báo cáo tháng 10/2026" — which are what the figures
count).

openpyxl (streaming mode) writes the workbook: its styles, the summary sheet, the detail
sheet's column widths, frozen header, filter and header row. The detail rows — ten
thousand obligations × 14 columns — are written here as the sheet's XML (inline strings,
dates as serial numbers in openpyxl's date style) and put into that sheet's
``<sheetData>``: openpyxl builds an object per cell, about ten microseconds each, which
made the appendix alone take more than a second."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from reports.figures import Figures, Item, Report
from reports.wording import (
    DETAIL_HEADERS,
    DETAIL_SHEET,
    RECURRING_ROW,
    STATUS_LABEL,
    SUMMARY_HEADERS,
    SUMMARY_SHEET,
    TOTAL_ROW,
    period_row,
    report_title,
    withdrawn_row,
)

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_DATE_FORMAT = "DD/MM/YYYY"
_RATE_FORMAT = "0.0%"
#: Characters XML 1.0 cannot carry (openpyxl refuses them): dropped from the detail rows.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: What one cell may hold in Excel.
_CELL_CHARS = 32_767
_EPOCH = date(1899, 12, 30)
_SHEET_DATA_END = b"</sheetData>"


def _header_cells(
    sheet: WriteOnlyWorksheet, headers: tuple[tuple[str, int], ...]
) -> list[WriteOnlyCell]:
    cells = []
    for title, _ in headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill, cell.alignment, cell.border = _BOLD, _HEADER_FILL, _CENTER, _BOX
        cells.append(cell)
    return cells


def _widths(sheet: WriteOnlyWorksheet, headers: tuple[tuple[str, int], ...]) -> None:
    for index, (_, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _figure_values(figures: Figures) -> list[object]:
    return [
        figures.assigned,
        figures.due,
        figures.done_on_time,
        figures.done_late,
        figures.in_time,
        figures.overdue,
        figures.undated + figures.standing,
        figures.on_time_rate,
    ]


def write_xlsx(report: Report) -> bytes:
    """The workbook as bytes (an ``.xlsx``)."""
    book = Workbook(write_only=True)
    summary = book.create_sheet(SUMMARY_SHEET)
    detail = book.create_sheet(DETAIL_SHEET)
    _summary(summary, report)
    date_style = _detail(detail, report)
    buffer = io.BytesIO()
    book.save(buffer)
    # The detail sheet is the second one openpyxl writes.
    return _with_rows(
        buffer.getvalue(), "xl/worksheets/sheet2.xml", _detail_rows(report, date_style)
    )


def _summary(sheet: WriteOnlyWorksheet, report: Report) -> None:
    _widths(sheet, SUMMARY_HEADERS)
    # Title and header on rows 1–2; the header row stays on screen when scrolling.
    sheet.freeze_panes = "C3"
    title = WriteOnlyCell(sheet, value=report_title(report))
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append(_header_cells(sheet, SUMMARY_HEADERS))
    for number, row in enumerate(report.rows, start=1):
        values: list[object] = [number, row.agency, *_figure_values(row.figures)]
        sheet.append(_row_cells(sheet, values, bold=False))
    total: list[object] = ["", TOTAL_ROW, *_figure_values(report.totals)]
    sheet.append(_row_cells(sheet, total, bold=True))
    if report.totals.cancelled:
        sheet.append(["", withdrawn_row(report.totals.cancelled)])


def _row_cells(
    sheet: WriteOnlyWorksheet, values: list[object], *, bold: bool
) -> list[WriteOnlyCell]:
    cells = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=value)
        cell.border = _BOX
        if index == len(values) - 1:
            cell.number_format = _RATE_FORMAT
            if value is None:
                cell.value = "—"
                cell.alignment = Alignment(horizontal="right")
        if bold:
            cell.font, cell.fill = _BOLD, _TOTAL_FILL
        cells.append(cell)
    return cells


def _detail(sheet: WriteOnlyWorksheet, report: Report) -> int:
    """The detail sheet's frame and header row; returns the style id of its dates."""
    _widths(sheet, DETAIL_HEADERS)
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:N{sum(1 for _ in _detail_values(report)) + 1}"
    sheet.append(_header_cells(sheet, DETAIL_HEADERS))
    dated = WriteOnlyCell(sheet, value=date(2000, 1, 1))
    dated.number_format = _DATE_FORMAT
    return int(dated.style_id)  # registers the style with the workbook


def _detail_values(report: Report) -> Iterator[Sequence[str | date | None]]:
    duty: tuple[int, int] | None = None
    for item in report.items:
        o, s = item.obligation, item.state
        if item.period is not None:
            if duty != (o.task_id, o.facts.assignment_id):
                duty = (o.task_id, o.facts.assignment_id)
                yield _duty_values(item)
            yield _period_values(item, item.period)
            continue
        yield (
            o.notice,
            o.ref,
            o.title,
            o.lead,
            item.owner,
            "; ".join(o.co),
            o.phrase,
            o.due,
            s.deadline_in_force,
            STATUS_LABEL[s.status],
            s.done_at,
            s.last_note,
            s.last_proposed,
            s.proposal_decision,
        )


def _duty_values(item: Item) -> Sequence[str | date | None]:
    """The row of a recurring duty itself, above its periods' rows."""
    o = item.obligation
    return (
        o.notice,
        o.ref,
        o.title,
        o.lead,
        item.owner,
        "; ".join(o.co),
        o.phrase,
        None,
        None,
        RECURRING_ROW,
        None,
        None,
        None,
        None,
    )


def _period_values(item: Item, period: date) -> Sequence[str | date | None]:
    """One period's row: its label where the task's title is, its own dates and status."""
    o, s = item.obligation, item.state
    return (
        o.notice,
        o.ref,
        period_row(o.granularity, period),
        o.lead,
        item.owner,
        "; ".join(o.co),
        "",
        s.deadline_assigned,
        s.deadline_in_force,
        STATUS_LABEL[s.status],
        s.done_at,
        s.last_note,
        s.last_proposed,
        s.proposal_decision,
    )


def _text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    value = value[:_CELL_CHARS]
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value != value.strip() or "\n" in value:
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def _detail_rows(report: Report, date_style: int) -> bytes:
    """Rows 2… of the detail sheet as SpreadsheetML (what openpyxl would write, faster)."""
    letters = [get_column_letter(n) for n in range(1, len(DETAIL_HEADERS) + 1)]
    out: list[str] = []
    for number, values in enumerate(_detail_values(report), start=2):
        out.append(f'<row r="{number}">')
        for letter, value in zip(letters, values, strict=True):
            if value is None or value == "":
                continue
            if isinstance(value, date):
                serial = (value - _EPOCH).days
                out.append(f'<c r="{letter}{number}" s="{date_style}"><v>{serial}</v></c>')
            else:
                out.append(f'<c r="{letter}{number}" t="inlineStr">{_text(value)}</c>')
        out.append("</row>")
    return "".join(out).encode()


def _with_rows(workbook: bytes, sheet: str, rows: bytes) -> bytes:
    """The workbook with ``rows`` appended to the ``<sheetData>`` of ``sheet``."""
    result = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == sheet:
                head, end, tail = data.rpartition(_SHEET_DATA_END)
                assert end, "the detail sheet has no <sheetData>"
                data = head + rows + end + tail
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return result.getvalue()


__all__ = ["DETAIL_SHEET", "SUMMARY_SHEET", "write_xlsx"]

"""What the reports' files say: the Excel appendix's sheets, columns and rows, the chart's
labels, the statuses as a report names them. The reports' own catalogue (the chat's
messages about reports, ``chat.report_messages``, build on it; ``reports`` may not import
the chat). Plain text: the files are not Telegram HTML.
"""

from __future__ import annotations

from datetime import date

from domain.deadline import Granularity
from reports.figures import Report, ScopeKind
from reports.states import ReportStatus
from tracking.wording import fmt_date, period_label

STATUS_LABEL = {
    ReportStatus.DONE_ON_TIME: "hoàn thành đúng hạn",
    ReportStatus.DONE_LATE: "hoàn thành quá hạn",
    ReportStatus.IN_TIME: "đang thực hiện trong hạn",
    ReportStatus.OVERDUE: "quá hạn chưa hoàn thành",
    ReportStatus.UNDATED: "không có thời hạn cụ thể",
    ReportStatus.STANDING: "thường xuyên",
    ReportStatus.CANCELLED: "đã rút",
    ReportStatus.AWAITING_CONFIRMATION: "chờ xác nhận",
}
#: The chart's legend: the four cells every report uses.
CELL_LABEL = {
    ReportStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
    ReportStatus.DONE_LATE: "Hoàn thành quá hạn",
    ReportStatus.IN_TIME: "Đang thực hiện trong hạn",
    ReportStatus.OVERDUE: "Quá hạn chưa hoàn thành",
}
#: The Excel row of a recurring duty itself: its periods follow, each counted on its own.
RECURRING_ROW = "định kỳ (số liệu tính theo từng kỳ ở các dòng dưới)"

SUMMARY_SHEET = "Tổng hợp"
DETAIL_SHEET = "Chi tiết"
#: The summary sheet's columns: (heading, width in characters).
SUMMARY_HEADERS = (
    ("STT", 6),
    ("Cơ quan", 42),
    ("Số nhiệm vụ được giao", 13),
    ("Đến hạn", 10),
    ("Hoàn thành đúng hạn", 13),
    ("Hoàn thành quá hạn", 13),
    ("Đang thực hiện trong hạn", 14),
    ("Quá hạn chưa hoàn thành", 14),
    ("Không có thời hạn cụ thể / thường xuyên", 18),
    ("Tỷ lệ hoàn thành đúng hạn", 13),
)
#: The detail sheet's columns: (heading, width in characters).
DETAIL_HEADERS = (
    ("Thông báo", 16),
    ("Mục", 9),
    ("Nhiệm vụ", 60),
    ("Cơ quan chủ trì (theo văn bản)", 32),
    ("Cơ quan thực hiện hiện nay", 32),
    ("Cơ quan phối hợp", 32),
    ("Thời hạn (theo văn bản)", 30),
    ("Thời hạn (ngày)", 13),
    ("Thời hạn đang áp dụng", 13),
    ("Tình trạng", 26),
    ("Ngày hoàn thành", 13),
    ("Ghi chú gần nhất", 40),
    ("Đề xuất gia hạn đến", 13),
    ("Ý kiến về đề xuất", 16),
)
#: The summary sheet's totals row.
TOTAL_ROW = "Tổng cộng"

#: The chart's axis under the agencies' bars, and the weekly trend's title.
CHART_AXIS = "Số nhiệm vụ (tính theo cơ quan)"
TREND_TITLE = "Quá hạn chưa hoàn thành theo tuần"


def withdrawn_row(count: int) -> str:
    """Under the summary's totals: the withdrawn obligations, which no figure counts."""
    return f"Nhiệm vụ đã rút (không tính): {count}"


def period_row(period: Granularity | None, due: date) -> str:
    """A period of a recurring duty as a report row: "Báo cáo tháng 10/2026", "Báo cáo
    quý IV/2026", "Báo cáo năm 2026", "Báo cáo tuần 5/10–11/10/2026"."""
    return "Báo cáo " + period_label(period, due).removeprefix("kỳ ")


def scope_label(report: Report) -> str:
    match report.scope.kind:
        case ScopeKind.AGENCY:
            return report.scope.label
        case ScopeKind.NOTICE:
            return f"Thông báo {report.scope.notice}"
        case _:
            return "tất cả cơ quan"


def report_title(report: Report) -> str:
    """One line naming the report (the Excel title, the chart's heading)."""
    return (
        f"Tình hình thực hiện nhiệm vụ tính đến ngày {fmt_date(report.as_of)} — "
        f"{scope_label(report)}"
    )

"""What the reports say: /baocao, /xuatexcel, the weekly digest, and the labels the Excel
appendix and the chart print. Vietnamese, Telegram HTML, escaped (see ``chat.messages``).
What /baocao answers when it cannot report as asked is in ``chat.report_refusal_messages``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from domain.status import DeliveryOutcome
from reports.figures import AgencyRow, Changes, Figures, Item, Report, Scope, ScopeKind
from reports.states import ReportStatus
from reports.wording import STATUS_LABEL, period_row, report_title, scope_label
from tracking.wording import fmt_date, period_label

#: Stay well under Telegram's 4096 characters.
MESSAGE_BUDGET = 3500
#: A photo's caption may not pass 1024 characters.
CAPTION_BUDGET = 1000
#: How many agencies the summary names (each with a button).
TOP_AGENCIES = 5
#: How many obligations an agency's list shows before pointing to the Excel file.
LIST_ITEMS = 12

#: The command line's table (``bot.py report``): its columns, and the totals' row.
TABLE_COLUMNS = (
    "Cơ quan",
    "Giao",
    "Đến hạn",
    "Đúng hạn",
    "HT quá hạn",
    "Trong hạn",
    "Quá hạn",
    "Không hạn",
    "Thường xuyên",
    "Đã rút",
    "Tỷ lệ đúng hạn",
)
TABLE_TOTAL = "Tổng cộng"
_ICON = {
    ReportStatus.DONE_ON_TIME: "✅",
    ReportStatus.DONE_LATE: "☑️",
    ReportStatus.IN_TIME: "⏳",
    ReportStatus.OVERDUE: "⛔",
    ReportStatus.UNDATED: "❔",
    ReportStatus.STANDING: "🔁",
    ReportStatus.CANCELLED: "✖️",
    ReportStatus.AWAITING_CONFIRMATION: "📨",
}


def _periods_line(report: Report) -> str | None:
    """How many of the counted are periods of recurring duties (None: there are none)."""
    duties = {i.obligation.facts.assignment_id for i in report.items if i.period is not None}
    if not duties:
        return None
    periods = sum(1 for i in report.items if i.period is not None)
    return (
        f"  trong đó {fmt_number(periods)} kỳ báo cáo của {fmt_number(len(duties))} "
        "nhiệm vụ định kỳ (mỗi kỳ tính riêng)"
    )


def e(text: object) -> str:
    return escape(str(text), quote=False)


def fmt_number(value: int) -> str:
    """16.051: Vietnamese thousands separator."""
    return f"{value:,}".replace(",", ".")


def fmt_rate(rate: float | None) -> str:
    """98,6%; a dash when nothing is due."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".replace(".", ",") + "%"


def file_name(report: Report, suffix: str) -> str:
    scope = ""
    if report.scope.kind is ScopeKind.NOTICE and report.scope.notice:
        scope = "-" + "".join(c if c.isalnum() else "-" for c in report.scope.notice)
    elif report.scope.kind is ScopeKind.AGENCY and report.scope.agency_id:
        scope = "-" + report.scope.agency_id
    return f"bao-cao-{report.as_of:%Y-%m-%d}{scope}.{suffix}"


def _figure_lines(figures: Figures, pending: int) -> list[str]:
    lines = [
        f"Được giao: <b>{fmt_number(figures.assigned)}</b> nhiệm vụ (tính theo cơ quan)",
        f"Đến hạn: <b>{fmt_number(figures.due)}</b>",
        f"  ✅ Hoàn thành đúng hạn: {fmt_number(figures.done_on_time)}",
        f"  ☑️ Hoàn thành quá hạn: {fmt_number(figures.done_late)}",
        f"  ⛔ Quá hạn chưa hoàn thành: <b>{fmt_number(figures.overdue)}</b>",
        f"⏳ Đang thực hiện trong hạn: {fmt_number(figures.in_time)}",
        f"Không có thời hạn cụ thể: {fmt_number(figures.undated)} · "
        f"Thường xuyên: {fmt_number(figures.standing)} · Đã rút: {fmt_number(figures.cancelled)}",
        f"Tỷ lệ hoàn thành đúng hạn: <b>{fmt_rate(figures.on_time_rate)}</b>"
        + (
            f" ({fmt_number(figures.done_on_time)}/{fmt_number(figures.due)})"
            if figures.due
            else ""
        ),
    ]
    if pending:
        lines.append(f"Đề xuất gia hạn chờ cho ý kiến: <b>{fmt_number(pending)}</b>")
    return lines


def planned_note(report: Report) -> str:
    return (
        f"ℹ️ Ngày {fmt_date(report.as_of)} chưa đến: số liệu là theo thời hạn đã giao, "
        "nếu từ nay đến đó không có báo cáo nào."
    )


def top_agencies(report: Report) -> list[AgencyRow]:
    """The agencies with most overdue obligations (only those with any)."""
    return [row for row in report.by_overdue() if row.figures.overdue][:TOP_AGENCIES]


def summary(report: Report) -> str:
    """/baocao: the figures on one phone screen; the worst agencies behind buttons."""
    pending = sum(1 for i in report.items if i.state.proposed_deadline is not None)
    lines = [
        f"📊 <b>Tình hình thực hiện nhiệm vụ — {e(scope_label(report))}</b>",
        f"Tính đến ngày {fmt_date(report.as_of)}",
    ]
    if report.planned:
        lines.append(planned_note(report))
    lines += ["", *_figure_lines(report.totals, pending)]
    periods = _periods_line(report)
    if periods is not None:
        lines.insert(lines.index("") + 2, periods)
    if report.scope.kind is ScopeKind.AGENCY:
        lines += ["", *_agency_items(report)]
        return "\n".join(lines)
    top = top_agencies(report)
    if top:
        lines += ["", "<b>Nhiều nhiệm vụ quá hạn nhất</b>"]
        lines += [
            f"{n}. {e(row.agency)} — {fmt_number(row.figures.overdue)} quá hạn"
            f" / {fmt_number(row.figures.due)} đến hạn"
            for n, row in enumerate(top, start=1)
        ]
        lines.append("Bấm tên cơ quan để xem danh sách nhiệm vụ của cơ quan đó.")
    lines.append("Phụ lục Excel: /xuatexcel" + _command_tail(report))
    return "\n".join(lines)


def _command_tail(report: Report) -> str:
    tail = "" if report.as_of == report.today else f" {fmt_date(report.as_of)}"
    if report.scope.kind is ScopeKind.NOTICE:
        tail += f" {e(report.scope.notice)}"
    elif report.scope.kind is ScopeKind.AGENCY:
        tail += f" {e(report.scope.label)}"
    return tail


def _item_line(item: Item, as_of: date) -> str:
    s, o = item.state, item.obligation
    head = f"{_ICON[s.status]} #{o.task_id} · "
    if s.status is ReportStatus.OVERDUE and s.deadline_in_force is not None:
        head += f"quá hạn {(as_of - s.deadline_in_force).days} ngày · hạn {fmt_date(s.deadline_in_force)}"
    elif s.status is ReportStatus.IN_TIME and s.deadline_in_force is not None:
        left = (s.deadline_in_force - as_of).days
        head += (
            f"còn {left} ngày" if left else "đến hạn hôm nay"
        ) + f" · hạn {fmt_date(s.deadline_in_force)}"
    else:
        head += STATUS_LABEL[s.status]
    if s.proposed_deadline is not None:
        head += f" · đã đề xuất gia hạn đến {fmt_date(s.proposed_deadline)} (chờ duyệt)"
    title = o.title if len(o.title) <= 70 else o.title[:69].rstrip() + "…"
    if item.period is not None:
        title = f"{period_row(o.granularity, item.period)}: {title}"
    return f"{head}\n    {e(title)}"


_LIST_ORDER = {
    ReportStatus.OVERDUE: 0,
    ReportStatus.IN_TIME: 1,
    ReportStatus.UNDATED: 2,
    ReportStatus.STANDING: 3,
}


def _agency_items(report: Report) -> list[str]:
    """The agency's obligations not done yet, most overdue first, then those in time."""
    open_items = [i for i in report.items if i.state.cell in _LIST_ORDER]
    open_items.sort(
        key=lambda i: (
            _LIST_ORDER[i.state.cell],
            i.state.deadline_in_force or date.max,
            i.obligation.task_id,
        )
    )
    if not open_items:
        return ["Không có nhiệm vụ nào chưa hoàn thành."]
    lines = [f"<b>Chưa hoàn thành ({fmt_number(len(open_items))})</b>"]
    budget = MESSAGE_BUDGET - 1200
    shown = 0
    for item in open_items[:LIST_ITEMS]:
        line = _item_line(item, report.as_of)
        budget -= len(line)
        if budget < 0:
            break
        lines.append(line)
        shown += 1
    if shown < len(open_items):
        lines.append(
            f"… và {fmt_number(len(open_items) - shown)} nhiệm vụ khác: xem đầy đủ bằng "
            f"/xuatexcel{_command_tail(report)}"
        )
    lines.append("Chi tiết một nhiệm vụ: /task 12 (thay 12 bằng số nhiệm vụ).")
    return lines


#: Telegram's limit on a button's data, in bytes.
BUTTON_DATA_BYTES = 64


def _origin(scope: Scope) -> str:
    """What a button carries to find its summary again: "" for everything, ":<notice>"."""
    if scope.kind is ScopeKind.NOTICE and scope.notice:
        return f":{scope.notice}"
    return ""


def _fits(data: str) -> bool:
    return len(data.encode()) <= BUTTON_DATA_BYTES


def summary_keyboard(report: Report) -> list[list[dict[str, str]]]:
    """One button per agency named in the summary, opening its list as of the same day (in
    the same message, with a button back)."""
    if report.scope.kind is ScopeKind.AGENCY:
        return []
    day = f"{report.as_of:%Y%m%d}"
    origin = _origin(report.scope)
    rows = []
    for row in top_agencies(report):
        data = f"bc:a:{row.agency_id}:{day}{origin}"
        if not _fits(data):  # a notice number too long to carry: no way back, no button
            continue
        rows.append([{"text": f"{row.short} ({row.figures.overdue})", "data": data}])
    return rows


def back_keyboard(as_of: date, scope: Scope) -> list[list[dict[str, str]]]:
    """Under an agency's list: back to the summary it was opened from."""
    data = f"bc:s:{as_of:%Y%m%d}{_origin(scope)}"
    return [[{"text": "◀ Quay lại báo cáo chung", "data": data}]] if _fits(data) else []


def chart_caption(report: Report) -> str:
    return f"📈 {e(report_title(report))}"


def excel_caption(report: Report) -> str:
    text = (
        f"📎 Phụ lục: {e(report_title(report))}.\n"
        f"Sheet “Tổng hợp”: {fmt_number(len(report.rows))} cơ quan; sheet “Chi tiết”: "
        f"{fmt_number(len(report.items))} nhiệm vụ theo cơ quan."
    )
    if any(i.period is not None for i in report.items):
        text += " Nhiệm vụ định kỳ: mỗi kỳ một dòng, ngay dưới nhiệm vụ."
    if report.planned:
        text += "\n" + planned_note(report)
    return text


# ---------------------------------------------------------------- a name's agencies, an empty database


def scope_keyboard(agencies: Sequence[tuple[str, str]], as_of: date) -> list[list[dict[str, str]]]:
    """One button per agency ``(id, name)`` a typed name may mean, opening its list as of
    ``as_of`` (the same buttons as the summary's, so the same handler answers them)."""
    rows = []
    for agency_id, name in agencies:
        data = f"bc:a:{agency_id}:{as_of:%Y%m%d}"
        if _fits(data):
            rows.append([{"text": f"Có phải {name}?", "data": data}])
    return rows


def nothing_to_report() -> str:
    return (
        "Chưa có nhiệm vụ nào trong cơ sở dữ liệu, nên chưa có số liệu để báo cáo. "
        "Vui lòng nhập thông báo kết luận (gửi tệp .docx/.txt hoặc /import) rồi thử lại."
    )


# ---------------------------------------------------------------- weekly digest


def _names(items: Sequence[Item], limit: int = 5) -> str:
    shown = [
        f"#{i.obligation.task_id}"
        + (f" {period_label(i.obligation.granularity, i.period)}" if i.period else "")
        + f" ({e(i.owner)})"
        for i in items[:limit]
    ]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" và {fmt_number(more)} nhiệm vụ khác" if more > 0 else "")


def digest(report: Report, changes: Changes) -> str:
    """The weekly digest: figures, what changed since last week, decisions waiting."""
    lines = [
        "🗓 <b>Báo cáo tuần</b>",
        f"Tình hình thực hiện nhiệm vụ tính đến ngày {fmt_date(report.as_of)}",
        "",
        *_figure_lines(report.totals, 0),
        "",
        f"<b>So với ngày {fmt_date(changes.since)}</b>",
        f"• Mới hoàn thành: <b>{fmt_number(len(changes.newly_done))}</b>"
        + (f" — {_names(changes.newly_done)}" if changes.newly_done else ""),
        f"• Mới quá hạn: <b>{fmt_number(len(changes.newly_overdue))}</b>"
        + (f" — {_names(changes.newly_overdue)}" if changes.newly_overdue else ""),
    ]
    pending = changes.pending_proposals
    if pending:
        lines += ["", f"<b>Đề xuất gia hạn chờ cho ý kiến ({fmt_number(len(pending))})</b>"]
        for item in pending[:8]:
            proposed = item.state.proposed_deadline
            assert proposed is not None
            lines.append(
                f"• #{item.obligation.task_id} {e(item.owner)}: đề xuất đến {fmt_date(proposed)}"
            )
        if len(pending) > 8:
            lines.append(f"… và {fmt_number(len(pending) - 8)} đề xuất khác.")
    else:
        lines += ["", "Không có đề xuất gia hạn nào chờ cho ý kiến."]
    top = top_agencies(report)
    if top:
        lines += ["", "<b>Nhiều nhiệm vụ quá hạn nhất</b>"]
        lines += [
            f"{n}. {e(row.agency)} — {fmt_number(row.figures.overdue)}"
            for n, row in enumerate(top, start=1)
        ]
    lines += ["", "Chi tiết: /baocao · Phụ lục Excel: /xuatexcel"]
    # Bounded: five names per change, eight proposals, five agencies.
    return "\n".join(lines)


_DIGEST_FAILURE = {
    DeliveryOutcome.BLOCKED: "bot đã bị chặn hoặc bị mời ra khỏi nhóm",
    DeliveryOutcome.CHAT_NOT_FOUND: "Telegram không tìm thấy tài khoản hoặc nhóm này",
    DeliveryOutcome.MIGRATED: "nhóm đã được nâng cấp thành siêu nhóm (mã nhóm đã đổi)",
    DeliveryOutcome.REJECTED: "Telegram từ chối tin nhắn",
    DeliveryOutcome.TRANSIENT: "lỗi mạng hoặc Telegram không trả lời",
    DeliveryOutcome.RETRY_AFTER: "Telegram tạm giới hạn số tin nhắn",
}


def digest_failed(
    as_of: date, chat_id: int, *, leadership: bool, attempts: int, outcome: DeliveryOutcome
) -> str:
    """To the admins: the weekly digest could not be delivered to one recipient."""
    who = "lãnh đạo" if leadership else "quản trị viên"
    reason = _DIGEST_FAILURE.get(outcome, "lỗi không xác định")
    tries = f"sau {attempts} lần thử" if attempts > 1 else "ngay lần gửi đầu"
    return (
        f"⚠️ <b>Báo cáo tuần tính đến ngày {fmt_date(as_of)} không gửi được</b> đến {who} "
        f"(mã Telegram {chat_id}), {tries}: {e(reason)}.\n"
        "Bot không gửi lại báo cáo tuần này. Đề nghị anh/chị kiểm tra tài khoản hoặc nhóm đó "
        f"còn nhận tin của bot; số liệu xem bằng /baocao {fmt_date(as_of)}."
    )

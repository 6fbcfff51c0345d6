"""Words the use cases record or hand back: the system's name in a history, a task skipped
at import, a group task's history line; and the two texts ``tracking`` renders itself, the
import preview (for the chat and the command line) and the command line's reminder plan.
Plain text, stored as written. The chat's catalogues are a higher layer than ``tracking``,
so these live here (and are checked with them by ``tests/test_catalogue.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from domain.deadline import Granularity
from domain.status import ReminderKind


def fmt_date(day: date) -> str:
    """30/6/2025: day/month/year without leading zeros, as the office writes dates in prose.
    The one formatter of a calendar day, so every date the bot writes reads the same."""
    return f"{day.day}/{day.month}/{day.year}"


#: How the bot names the office it speaks for unless ``OFFICE_NAME`` says otherwise.
DEFAULT_OFFICE_NAME = "Văn phòng theo dõi"

#: Who acted when nobody did (seeding, the scheduler), in a task's history.
SYSTEM_NAME = "hệ thống"

#: Who acted when a notice was stored from the command line (``bot.py import``).
CLI_NAME = "dòng lệnh"

#: Why a chat is inactive after the office took it off (stored, shown to admins).
REMOVED_BY_OFFICE = "văn phòng theo dõi đã gỡ"


def skipped_unknown_lead(ref: str, title: str, lead: str) -> str:
    """A task of an import that was not stored: its lead agency is not in the registry."""
    return f"{ref}: {title} — không rõ cơ quan chủ trì “{lead}”"


def members_detail(count: int) -> str:
    """The history line of a task given to a group: how many agencies carry it out."""
    return f"{count} cơ quan"


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period: Granularity | None, due: date) -> str:
    """Which period of a recurring duty is due on ``due``: "kỳ tháng 3/2026", "kỳ quý
    I/2026", "kỳ năm 2026", "kỳ tuần 9/3–15/3/2026" (Monday to Sunday)."""
    match period:
        case Granularity.MONTHLY:
            return f"kỳ tháng {due.month}/{due.year}"
        case Granularity.QUARTERLY:
            return f"kỳ quý {_ROMAN[(due.month - 1) // 3 + 1]}/{due.year}"
        case Granularity.YEARLY:
            return f"kỳ năm {due.year}"
        case Granularity.WEEKLY:
            monday = due - timedelta(days=due.weekday())
            sunday = monday + timedelta(days=6)
            return f"kỳ tuần {monday.day}/{monday.month}–{sunday.day}/{sunday.month}/{sunday.year}"
        case _:
            return f"kỳ hạn {due.day}/{due.month}/{due.year}"


def period_done_detail(label: str, note: str) -> str:
    """The history line of one period of a recurring duty reported done."""
    return f"{label}: {note}" if note else label


def preview_warning(warning: str) -> str:
    """One of the importer's warnings, under the command line's preview."""
    return f"Lưu ý: {warning}"


# ------------------------------------------------------------------ the import preview
# The one wording of an import preview (``tracking.preview``), for the chat (Telegram HTML)
# and the command line (plain text): values arrive escaped as their output needs, and
# ``bold`` marks what the chat shows in bold (the command line passes ``str``).

Mark = Callable[[str], str]

#: The notice's name when the text gives no number.
PREVIEW_NO_NUMBER = "Văn bản không ghi số"
#: A task's lead when the notice names none.
PREVIEW_NO_LEAD = "chưa rõ ⚠️"


def preview_heading(number: str, issued: str | None, bold: Mark) -> str:
    """ "📄 56/TB-VPCP ngày 23/2/2025" (``number`` escaped, "" when the text gives none)."""
    head = f"📄 {bold(number or PREVIEW_NO_NUMBER)}"
    return head + (f" ngày {issued}" if issued else "")


def preview_counts(kept: int, dated: int, dropped: int, bold: Mark) -> str:
    """How many tasks were read, how many have a deadline, how many the admin dropped."""
    undated = kept - dated
    text = f"Đọc được {bold(f'{kept} nhiệm vụ')}: {dated} có thời hạn"
    text += f", {bold(f'{undated} chưa xác định thời hạn')} ⚠️." if undated else "."
    return text + (f" Đã bỏ {dropped} nhiệm vụ." if dropped else "")


def preview_unknown(names: str) -> str:
    """The agencies the notice names that the registry does not know (escaped, joined)."""
    return f"⚠️ Cơ quan chưa có trong danh mục: {names}"


def preview_dropped(number: int, ref: str, title: str) -> str:
    """A task the admin dropped: still listed, so the other numbers never move."""
    return f"{number}. [{ref}] {title} — đã bỏ"


def preview_task(number: int, ref: str, title: str, lead: str) -> str:
    """A task's first lines: its number, item and title, then its lead."""
    return f"{number}. [{ref}] {title}\n    Chủ trì: {lead}"


def preview_members(count: int, shown: str) -> str:
    """The agencies a task given to a group means (the first few, escaped)."""
    return f"\n    Gồm {count} cơ quan: {shown}"


def preview_co(names: str) -> str:
    """The co-operating agencies (escaped, joined)."""
    return f"\n    Phối hợp: {names}"


def preview_deadline(deadline: str, phrase: str, undated: bool) -> str:
    """The deadline as read, next to the notice's own wording; ⚠️ when none was read."""
    text = f"\n    Hạn: {deadline}" + (f" ← “{phrase}”" if phrase else "")
    return text + (" ⚠️" if undated else "")


def preview_group_lead(lead: str) -> str:
    """A task's lead that the registry does not know (escaped): a group to map."""
    return f"“{lead}” 👥 chưa xác định"


def preview_groups_head(count: int, bold: Mark) -> str:
    """The head of the tasks given to groups the registry does not know (a collective, a
    person, a body outside the registry): held back until mapped."""
    return (
        f"👥 {bold(f'Giao cho nhóm chưa xác định: {count} nhiệm vụ')} — chưa lưu, chưa "
        "nhắc ai cho đến khi chọn cơ quan trong danh mục:"
    )


def preview_groups_buttons() -> str:
    """In the chat: how to map a group (the 👥 buttons under the preview)."""
    return "Vui lòng bấm 👥 dưới đây để chọn một hoặc nhiều cơ quan cho từng nhóm."


def preview_whole_group(count: int) -> str:
    """After a group to map that is a registry group written bare: it is not taken as
    every member without the admin's word."""
    return f" — nhóm trong danh mục ({count} cơ quan), chưa giao cho cả nhóm"


def preview_whole_buttons() -> str:
    """In the chat: how to give a registry group's tasks to all its agencies, or all but
    some."""
    return (
        "Giao cho cả nhóm: bấm “Cả nhóm …”; cả nhóm trừ một số cơ quan: bấm 👥 rồi trả lời, "
        "ví dụ: trừ Bộ Tài chính."
    )


def preview_pending_head(count: int, bold: Mark) -> str:
    """The head of the tasks held back because the notice names no lead for them."""
    return f"⚠️ {bold(f'{count} nhiệm vụ chưa rõ cơ quan chủ trì')}:"


def preview_pending_lead(lead: str, numbers: str) -> str:
    """One written lead not in the registry (escaped; "" when none was written) and the
    numbers of its tasks."""
    return f"• “{lead or 'không ghi'}”: số {numbers}"


def preview_fix_all(example: str) -> str:
    """The one command that gives every task of a group one agency."""
    return f"Sửa cả nhóm một lần, ví dụ: /fix tất cả chủ trì {example} → Bộ Tài chính"


def preview_pending_confirm() -> str:
    """In the chat: what confirming does while some tasks are held back."""
    return (
        "Bấm Xác nhận khi đã chọn xong; nếu còn nhiệm vụ chưa có cơ quan, bot hỏi lại trước "
        "khi lưu (chọn cơ quan, hoặc lưu các nhiệm vụ đã rõ và giữ lại những nhiệm vụ này). "
        "Bấm Hủy để quay lại mà không lưu gì."
    )


def preview_actions(bold: Mark) -> str:
    """In the chat: what the admin can do with the preview."""
    return (
        f"Kiểm tra rồi bấm {bold('Xác nhận')} để lưu và bắt đầu nhắc việc, hoặc sửa từng "
        "nhiệm vụ, ví dụ:\n/fix 3 hạn 30/9/2027 · /fix 3 chủ trì Bộ Công an · "
        "/fix 3 tên Báo cáo tổng kết · /fix 3 bỏ · /fix xem (gửi lại bản xem trước)"
    )


# ------------------------------------------------------------------ the command line's plan

#: What each reminder of the plan is.
PLAN_KIND = {
    ReminderKind.BEFORE: "trước hạn",
    ReminderKind.DUE: "đến hạn",
    ReminderKind.OVERDUE: "quá hạn",
    ReminderKind.CHASE: "đôn đốc",
    ReminderKind.RECURRING: "định kỳ",
    ReminderKind.FOLLOWUP: "đề nghị cập nhật tiến độ",
}
#: Monday first, as ``date.weekday()`` counts.
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
#: Where a reminder would go when the agency has no focal point yet.
PLAN_NOBODY = "(chưa có cán bộ đầu mối — không gửi được)"


def weekday(day: date) -> str:
    """ "Thứ Hai" … "Chủ nhật": the weekday as the office writes it, whatever the locale."""
    return WEEKDAYS[day.weekday()]


def plan_heading(first: date, last: date, messages: int) -> str:
    return f"Kế hoạch nhắc việc {fmt_date(first)} – {fmt_date(last)}: {messages} tin nhắn"


def plan_send(at: datetime, agency: str, recipients: str) -> str:
    """One message of the plan: when (local time), to which agency, through which chats."""
    return f"{weekday(at.date())} {fmt_date(at.date())} {at:%H:%M} → {agency}: {recipients}"


def plan_task(task_id: int, title: str, kind: ReminderKind, due: date | None) -> str:
    """One task of a planned message: what reminder it is and its deadline."""
    deadline = f"hạn {fmt_date(due)}" if due else "chưa xác định thời hạn"
    return f"#{task_id} {title} ({PLAN_KIND[kind]}, {deadline})"


# ------------------------------------------------------------------ extension decisions
# History lines of a task's deadline (``tracking.decisions``), shown in /task and the Excel.


def _day_or_none(day: date | None) -> str:
    return fmt_date(day) if day else "chưa xác định"


def followup_date_detail(before: date | None, day: date) -> str:
    """The history line of an undated task's follow-up date set (``/edit … đôn đốc``, 📅)."""
    old = fmt_date(before) if before is not None else "định kỳ"
    return f"ngày đôn đốc: {old} → {fmt_date(day)}"


def proposal_detail(reason: str, due: date) -> str:
    """A focal point proposed a later deadline, with their reason."""
    return f"{reason} (đề xuất lùi đến {fmt_date(due)})"


def decision_detail(approve: bool, before: date | None, proposed: date) -> str:
    """The office decided a proposal: the deadline moved, or kept."""
    if approve:
        return f"thời hạn {_day_or_none(before)} → {fmt_date(proposed)}"
    return f"đề xuất lùi đến {fmt_date(proposed)}; thời hạn giữ {_day_or_none(before)}"


def with_decision_reason(detail: str, note: str) -> str:
    """A refusal's history line once the office gave its reason."""
    return f"{detail} — lý do: {note}"


def deadline_set_detail(before: date | None, due: date, reason: str) -> str:
    """The office set the deadline in force (``/giahan``)."""
    return f"thời hạn {_day_or_none(before)} → {fmt_date(due)}" + (
        f"; lý do: {reason}" if reason else ""
    )


__all__ = [
    "CLI_NAME",
    "DEFAULT_OFFICE_NAME",
    "PLAN_KIND",
    "PLAN_NOBODY",
    "PREVIEW_NO_LEAD",
    "PREVIEW_NO_NUMBER",
    "REMOVED_BY_OFFICE",
    "SYSTEM_NAME",
    "WEEKDAYS",
    "deadline_set_detail",
    "decision_detail",
    "members_detail",
    "period_done_detail",
    "period_label",
    "plan_heading",
    "plan_send",
    "plan_task",
    "preview_actions",
    "preview_co",
    "preview_counts",
    "preview_deadline",
    "preview_dropped",
    "preview_fix_all",
    "preview_group_lead",
    "preview_groups_buttons",
    "preview_groups_head",
    "preview_heading",
    "preview_members",
    "preview_pending_confirm",
    "preview_pending_head",
    "preview_pending_lead",
    "preview_task",
    "preview_unknown",
    "preview_warning",
    "proposal_detail",
    "skipped_unknown_lead",
    "weekday",
    "with_decision_reason",
]

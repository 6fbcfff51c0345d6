"""What the bot says about the follow-up date of an undated task (the day the office first
asks for progress; ``domain.followup_date``): in the import preview, under /addtask, in
/task, and when a date is refused. Telegram HTML, escaped; the preview's line is plain text
(the preview escapes it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from html import escape
from zoneinfo import ZoneInfo

from domain.followup_date import (
    MAX_AHEAD_DAYS,
    SOON_WORKING_DAYS,
    URGENT_WORKING_DAYS,
    Haste,
    haste_of,
    takes_followup_date,
)
from tracking.followup_dates import PreviewFollowUp
from tracking.imports import FixProblem
from tracking.views import TaskDetail
from tracking.wording import fmt_date

Keyboard = list[list[dict[str, str]]]

#: What the bot calls the date, everywhere.
LABEL = "Ngày đôn đốc"
#: The tasks it is for: those the interval follows up.
FOR_WHICH = "nhiệm vụ chưa xác định thời hạn hoặc nhiệm vụ thường xuyên"


def e(text: object) -> str:
    return escape(str(text), quote=False)


def _why(phrase: str, interval_days: int) -> str:
    """Why this date is proposed, from the wording."""
    match haste_of(phrase):
        case Haste.URGENT:
            return f"văn bản ghi “{e(phrase[:60])}”: {URGENT_WORKING_DAYS} ngày làm việc"
        case Haste.SOON:
            return f"văn bản ghi “{e(phrase[:60])}”: {SOON_WORKING_DAYS} ngày làm việc"
        case Haste.ORDINARY:
            return f"định kỳ {interval_days} ngày"


def preview_line(day: date, chosen: bool) -> str:
    """An undated task's line in the import preview (plain text)."""
    return f"{LABEL}: {fmt_date(day)} ({'đã chọn' if chosen else 'đề xuất'})"


def preview_note(example: int, interval_days: int) -> str:
    """Under a preview with undated tasks: what the date is and how to choose it."""
    return (
        f"📅 <b>{LABEL}</b>: ngày Văn phòng đề nghị cơ quan cập nhật tình hình thực hiện lần "
        f"đầu đối với {FOR_WHICH}. Bấm nút 📅 để nhận ngày đề xuất, hoặc "
        f"ghi ngày khác, ví dụ /fix {example} đôn đốc 15/1/2027. Không chọn thì đôn đốc "
        f"định kỳ {interval_days} ngày kể từ ngày ban hành."
    )


def preview_buttons(import_id: int, followups: Sequence[PreviewFollowUp]) -> Keyboard:
    """A 📅 button per proposed (not yet chosen) date: ``imp:fu:<import>:<số>:<yyyymmdd>``."""
    return [
        [
            {
                "text": f"📅 Số {f.number}: đôn đốc {fmt_date(f.day)}",
                "data": f"imp:fu:{import_id}:{f.number}:{f.day:%Y%m%d}",
            }
        ]
        for f in followups
        if not f.chosen
    ]


def preview_chosen(number: int, day: date, send_time: time) -> str:
    return (
        f"📅 Nhiệm vụ số {number}: {LABEL.lower()} {fmt_date(day)} (đã chọn). Sau khi bấm "
        f"✅ Xác nhận, đề nghị cập nhật tình hình thực hiện đầu tiên được gửi lúc "
        f"{send_time:%H:%M} ngày {fmt_date(day)}."
    )


def addtask_proposal(task_id: int, day: date, phrase: str, interval_days: int) -> str:
    """Under /addtask of an undated task: the proposed date and how to set another."""
    return (
        f"📅 Đề xuất {LABEL.lower()}: <b>{fmt_date(day)}</b> ({_why(phrase, interval_days)}). "
        f"Bấm nút để xác nhận, hoặc ghi ngày khác, ví dụ /edit {task_id} đôn đốc 15/1/2027. "
        f"Không xác nhận thì đôn đốc định kỳ {interval_days} ngày."
    )


def proposal_keyboard(task_id: int, day: date) -> Keyboard:
    """The button under :func:`addtask_proposal`: ``fu:<task>:<yyyymmdd>``."""
    return [[{"text": f"📅 Đôn đốc ngày {fmt_date(day)}", "data": f"fu:{task_id}:{day:%Y%m%d}"}]]


def chosen_line(day: date) -> str:
    """/addtask with a follow-up date typed: the line under the new task."""
    return f"{LABEL}: {fmt_date(day)}"


def task_line(detail: TaskDetail, tz: ZoneInfo) -> str | None:
    """/task of an undated task: the day of its next progress request (the date the office
    chose, or the interval's); None for other tasks and when none is planned."""
    if not takes_followup_date(detail.kind, detail.granularity):
        return None
    if detail.next_followup is None:
        return f"{LABEL}: {fmt_date(detail.followup_on)}" if detail.followup_on else None
    day = detail.next_followup.astimezone(tz).date()
    return f"{LABEL}: {fmt_date(day)}" + ("" if day == detail.followup_on else " (định kỳ)")


def followup_set(task_id: int, day: date, send_time: time) -> str:
    return (
        f"📅 Nhiệm vụ #{task_id}: {LABEL.lower()} {fmt_date(day)}. Đề nghị cập nhật tình hình "
        f"thực hiện đầu tiên được gửi lúc {send_time:%H:%M} ngày {fmt_date(day)}."
    )


def not_a_day(text: str) -> str:
    return (
        f"“{e(text[:60])}” không phải là một ngày. Vui lòng ghi ngày/tháng/năm, ví dụ "
        "15/1/2027. Dữ liệu không thay đổi."
    )


def past_day(day: date) -> str:
    return (
        f"Ngày {fmt_date(day)} đã qua hoặc là hôm nay. Vui lòng chọn {LABEL.lower()} từ ngày "
        "mai trở đi. Dữ liệu không thay đổi."
    )


def too_far(day: date) -> str:
    return (
        f"Ngày {fmt_date(day)} xa quá {MAX_AHEAD_DAYS} ngày. Vui lòng chọn {LABEL.lower()} "
        "trong vòng một năm tới. Dữ liệu không thay đổi."
    )


def dated_preview_task(number: int) -> str:
    return (
        f"Nhiệm vụ số {number} đã có thời hạn, nên được nhắc theo thời hạn; {LABEL.lower()} "
        f"chỉ dùng cho {FOR_WHICH}. Dữ liệu không thay đổi."
    )


def dated_addtask() -> str:
    return (
        f"Nhiệm vụ có thời hạn được nhắc theo thời hạn; {LABEL.lower()} chỉ dùng cho "
        f"{FOR_WHICH} (ví dụ “khẩn trương”, “thường xuyên”). Không có nhiệm vụ nào được tạo."
    )


def dated_task(task_id: int) -> str:
    return (
        f"Nhiệm vụ #{task_id} đã có thời hạn, nên được nhắc theo thời hạn; {LABEL.lower()} "
        f"chỉ dùng cho {FOR_WHICH}. Dữ liệu không thay đổi."
    )


def stale_button() -> str:
    return (
        "Nút này thuộc một bản xem trước cũ. Gửi /fix xem để xem bản xem trước mới. "
        "Dữ liệu không thay đổi."
    )


def refused(reason: FixProblem, value: str) -> str | None:
    """A preview fix refused for its follow-up date (``FixRejected``'s reason and value: the
    day as ISO, the task's number, or the words typed), or None for any other reason."""
    match reason:
        case FixProblem.FOLLOWUP_DATE:
            return not_a_day(value)
        case FixProblem.FOLLOWUP_PAST | FixProblem.FOLLOWUP_TOO_FAR:
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return not_a_day(value)
            return past_day(day) if reason is FixProblem.FOLLOWUP_PAST else too_far(day)
        case FixProblem.FOLLOWUP_DATED:
            return dated_preview_task(int(value)) if value.isdigit() else dated_addtask()
        case _:
            return None

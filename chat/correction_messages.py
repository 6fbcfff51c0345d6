"""What the bot says about corrections: a report withdrawn (↩️ Hoàn tác), a task or a
period reopened, a task edited or withdrawn by the office, and progress notes.

Same rules as ``chat.messages``; the office's name is an argument (see
``chat.followup_messages``).
"""

from __future__ import annotations

from typing import assert_never
from zoneinfo import ZoneInfo

from chat.followdate_messages import dated_task
from chat.followup_messages import reason_refused
from chat.messages import e, fmt_date, fmt_instant
from domain.errors import ChangeProblem, UndoProblem
from tracking.corrections import ClosedPeriod, Correction
from tracking.views import ReplyOutcome
from tracking.wording import period_label


def undo_hint(outcome: ReplyOutcome) -> str:
    if not outcome.undo_minutes or outcome.event_id is None:
        return ""
    return f"\nNếu báo cáo nhầm, anh/chị bấm ↩️ Hoàn tác trong {outcome.undo_minutes} phút."


def undo_keyboard(outcome: ReplyOutcome) -> list[list[dict[str, str]]] | None:
    if not outcome.undo_minutes or outcome.event_id is None or outcome.already:
        return None
    return [[{"text": "↩️ Hoàn tác", "data": f"undo:{outcome.event_id}"}]]


def agencies_named(names: tuple[str, ...]) -> str:
    """The agencies a correction changed: up to three by name, more counted."""
    if len(names) <= 3:
        return e(", ".join(names))
    return f"{len(names)} cơ quan"


_UNDONE_WHAT = {
    "done": "báo cáo hoàn thành",
    "submitted": "báo cáo hoàn thành",
    "late": "báo cáo chậm",
    "extension_proposed": "báo cáo chậm và đề xuất lùi thời hạn",
}


def _period_of(c: Correction) -> str:
    assert c.period is not None
    return period_label(c.granularity, c.period)


def undone_focal(c: Correction, office: str) -> str:
    if c.period is not None:
        return (
            f"↩️ Đã hoàn tác báo cáo hoàn thành {_period_of(c)} của nhiệm vụ "
            f"<b>#{c.task_id} {e(c.title)}</b>. Kỳ này trở lại chưa hoàn thành, hạn "
            f"{fmt_date(c.period)}; bot nhắc lại theo kỳ này. {e(office)} đã được thông báo."
        )
    what = _UNDONE_WHAT.get(c.undone.value if c.undone else "", "báo cáo")
    return (
        f"↩️ Đã hoàn tác {what} nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>. Nhiệm vụ trở lại "
        f"trạng thái trước đó; bot tiếp tục nhắc theo thời hạn. {e(office)} đã được thông báo."
    )


def undone_admin(c: Correction, who: str) -> str:
    if c.period is not None:
        return (
            f"↩️ {agencies_named(c.agencies)} ({e(who)}) đã rút lại báo cáo hoàn thành "
            f"{_period_of(c)} của nhiệm vụ <b>#{c.task_id}</b> {e(c.title)}."
        )
    what = _UNDONE_WHAT.get(c.undone.value if c.undone else "", "báo cáo")
    return (
        f"↩️ {agencies_named(c.agencies)} ({e(who)}) đã rút lại {what} nhiệm vụ "
        f"<b>#{c.task_id}</b> {e(c.title)}."
    )


def undo_line() -> str:
    return "↩️ Đã hoàn tác."


def undo_refused(reason: UndoProblem, minutes: int, office: str) -> str:
    match reason:
        case UndoProblem.EXPIRED:
            return (
                f"Đã quá {minutes} phút nên không thể hoàn tác. Nếu cần sửa, đề nghị anh/chị "
                f"liên hệ {e(office)}. Dữ liệu không thay đổi."
            )
        case UndoProblem.ALREADY:
            return "Báo cáo này đã được hoàn tác trước đó. Dữ liệu không thay đổi."
        case UndoProblem.DECIDED:
            return (
                f"Sau báo cáo này đã có thay đổi khác (ví dụ {e(office)} đã quyết định) nên không "
                "thể hoàn tác. Dữ liệu không thay đổi."
            )
        case UndoProblem.NOT_YOURS:
            return "Chỉ cơ quan đã báo cáo mới hoàn tác được. Dữ liệu không thay đổi."
        case UndoProblem.NOT_LAST:
            return (
                "Sau kỳ này đã có kỳ khác được báo cáo hoàn thành, nên không thể mở lại kỳ "
                "này; chỉ mở lại được kỳ được báo cáo hoàn thành gần nhất. "
                "Dữ liệu không thay đổi."
            )
        case UndoProblem.GONE:
            return "Không tìm thấy báo cáo để hoàn tác. Dữ liệu không thay đổi."
        case _:
            assert_never(reason)


def reopened_admin(c: Correction) -> str:
    if c.period is not None:
        return (
            f"🔄 Đã mở lại {_period_of(c)} của nhiệm vụ <b>#{c.task_id} {e(c.title)}</b> cho "
            f"{agencies_named(c.agencies)}: kỳ này trở lại chưa hoàn thành, hạn "
            f"{fmt_date(c.period)}; kế hoạch nhắc kỳ sau đã được rút, bot nhắc lại theo kỳ "
            "này. Cán bộ đầu mối đã được thông báo."
        )
    return (
        f"🔄 Đã mở lại nhiệm vụ <b>#{c.task_id} {e(c.title)}</b> cho {agencies_named(c.agencies)}. "
        "Bot nhắc lại theo thời hạn."
    )


def reopened_focal(c: Correction, office: str) -> str:
    if c.period is not None:
        return (
            f"🔄 {e(office)} đã mở lại {_period_of(c)} của nhiệm vụ <b>#{c.task_id} "
            f"{e(c.title)}</b>: báo cáo hoàn thành kỳ này chưa được ghi nhận. Đề nghị anh/chị "
            f"hoàn thành và báo cáo lại kỳ này (hạn {fmt_date(c.period)}); bot nhắc lại theo "
            "kỳ này."
        )
    return (
        f"🔄 {e(office)} đã mở lại nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>. Đề nghị anh/chị "
        "tiếp tục thực hiện và báo cáo; bot nhắc lại theo thời hạn."
    )


def cancelled_admin(c: Correction) -> str:
    return (
        f"🚫 Đã rút nhiệm vụ <b>#{c.task_id} {e(c.title)}</b> ({agencies_named(c.agencies)}). "
        f"Bot không nhắc nữa; nhiệm vụ được tính riêng là “đã rút”. Lý do: {e(c.reason)}"
    )


def cancelled_focal(c: Correction, office: str) -> str:
    return (
        f"🚫 {e(office)} đã rút nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>; anh/chị không cần "
        f"báo cáo nhiệm vụ này nữa. Lý do: {e(c.reason)}"
    )


_FIELD_WORD = {
    "deadline": "thời hạn",
    "title": "tên",
    "lead": "cơ quan chủ trì",
    "co": "cơ quan phối hợp",
}


def edited_admin(c: Correction) -> str:
    return (
        f"✏️ Đã sửa {_FIELD_WORD[c.field]} nhiệm vụ <b>#{c.task_id}</b>: "
        f"“{e(c.old)}” → “{e(c.new)}”."
    )


def edited_focal(c: Correction, office: str) -> str:
    return (
        f"✏️ {e(office)} đã sửa {_FIELD_WORD[c.field]} nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>: "
        f"“{e(c.old)}” → “{e(c.new)}”."
    )


def change_refused(reason: ChangeProblem, value: str, task_id: int) -> str:
    match reason:
        case ChangeProblem.UNKNOWN_FIELD:
            return (
                f"Không sửa được “{e(value)}”. Có thể sửa: hạn, tên, chủ trì, phối hợp — ví dụ "
                f"/edit {task_id} hạn 30/9/2027. Dữ liệu không thay đổi."
            )
        case ChangeProblem.EMPTY:
            return f"Thiếu giá trị mới sau “{e(value)}”. Dữ liệu không thay đổi."
        case ChangeProblem.SAME:
            return f"Giá trị mới “{e(value)}” giống giá trị hiện tại. Dữ liệu không thay đổi."
        case ChangeProblem.GROUP_LEAD:
            return (
                f"Nhiệm vụ #{task_id} giao cho nhiều cơ quan (“{e(value)}”), không đổi được cơ "
                "quan chủ trì. Dữ liệu không thay đổi."
            )
        case ChangeProblem.NOT_DONE:
            return (
                f"Nhiệm vụ #{task_id} chưa hoàn thành, chưa bị rút, nên không cần mở lại. "
                "Dữ liệu không thay đổi."
            )
        case ChangeProblem.NO_PERIOD:
            return (
                f"Nhiệm vụ định kỳ #{task_id} chưa có kỳ nào được báo cáo hoàn thành, nên không "
                "có kỳ nào để mở lại. Dữ liệu không thay đổi."
            )
        case ChangeProblem.ALREADY_CANCELLED:
            return f"Nhiệm vụ #{task_id} đã được rút trước đó. Dữ liệu không thay đổi."
        case ChangeProblem.NOT_AWAITING:
            return (
                f"Nhiệm vụ #{task_id} không có báo cáo hoàn thành nào đang chờ xác nhận. "
                "Dữ liệu không thay đổi."
            )
        case ChangeProblem.FOLLOWUP_DATED:
            return dated_task(task_id)
        case ChangeProblem.NOT_REJECTED_BY_YOU | ChangeProblem.REASON_GIVEN:
            return reason_refused(reason)
        case _:
            assert_never(reason)


def not_a_member(task_id: int) -> str:
    return f"Cơ quan này không có trong nhiệm vụ #{task_id}. Dữ liệu không thay đổi."


#: How many "reopen a period" buttons /task shows (a group duty has one per member).
PERIODS_SHOWN = 8


def closed_periods_in_task(periods: list[ClosedPeriod], tz: ZoneInfo) -> str:
    """Under /task, for admins: the last period each agency reported done."""
    lines = ["<b>Kỳ báo cáo hoàn thành gần nhất</b>"]
    lines += [
        f"• {e(p.agency)}: {period_label(p.granularity, p.period)}, báo cáo lúc "
        f"{fmt_instant(p.at, tz)}"
        for p in periods[:PERIODS_SHOWN]
    ]
    if len(periods) > PERIODS_SHOWN:
        lines.append(
            f"… và {len(periods) - PERIODS_SHOWN} cơ quan khác: /reopen kèm số nhiệm vụ và "
            "tên cơ quan."
        )
    lines.append(
        "Nếu báo cáo chưa đạt, anh/chị bấm ↩️ để mở lại kỳ đó: kỳ này trở lại chưa hoàn "
        "thành, kế hoạch nhắc kỳ sau được rút."
    )
    return "\n".join(lines)


def closed_periods_keyboard(periods: list[ClosedPeriod]) -> list[list[dict[str, str]]]:
    return [
        [
            {
                "text": f"↩️ Mở lại {period_label(p.granularity, p.period)} · {p.agency}"[:60],
                "data": f"rp:{p.event_id}",
            }
        ]
        for p in periods[:PERIODS_SHOWN]
    ]


def period_button_refused_admin(office: str) -> str:
    """A ↩️ Mở lại kỳ button pressed by someone who is not an admin."""
    return f"Chỉ {e(office)} mở lại được một kỳ đã báo cáo hoàn thành. Dữ liệu không thay đổi."


def reopen_usage() -> str:
    return (
        "Cú pháp: /reopen 12 — mở lại nhiệm vụ 12 (nhiệm vụ định kỳ: mở lại kỳ được báo cáo "
        "hoàn thành gần nhất); /reopen 12 Bộ Công an — chỉ của Bộ Công an."
    )


def edit_usage() -> str:
    return (
        "Cú pháp: /edit 12 hạn 30/9/2027 · /edit 12 tên Báo cáo tổng kết · "
        "/edit 12 chủ trì Bộ Công an · /edit 12 phối hợp Bộ Tài chính, Bộ Tư pháp "
        "(hoặc “không”) · /edit 12 đôn đốc 15/1/2027."
    )


def cancel_usage() -> str:
    return "Cú pháp: /cancel 12 theo Công văn 123/VPCP-KSTT rút nhiệm vụ — cần ghi lý do."


def tiendo_usage() -> str:
    return (
        "Cú pháp: /tiendo 12 đã gửi dự thảo lấy ý kiến các bộ — ghi tiến độ, không đổi trạng thái."
    )


def progress_admin(c: Correction, who: str) -> str:
    """A progress note, as the office's daily digest lists it."""
    return (
        f"📝 {agencies_named(c.agencies)} ({e(who)}) cập nhật tiến độ nhiệm vụ <b>#{c.task_id}</b> "
        f"{e(c.title)}: {e(c.new)}"
    )


def progress_recorded(c: Correction, office: str) -> str:
    return (
        f"📝 Đã ghi tiến độ nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>. Trạng thái không thay "
        f"đổi; {e(office)} xem được trong /task {c.task_id}."
    )

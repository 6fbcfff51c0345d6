"""A task as ``/task`` shows it: its members (👥 for all of them), history, escalations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from chat import followdate_messages, list_messages
from chat.format_messages import EVENT_LABEL, STATUS_LABEL, chunk, e, fmt_due, fmt_instant
from chat.status_words import status_text
from domain.deadline import Granularity
from domain.status import FollowUpStatus, TaskStatus
from tracking.views import EscalationMark, MemberLine, TaskDetail
from tracking.wording import fmt_date, period_label

#: A task of more member agencies than this shows a summary; the full list is behind a button.
MEMBERS_SHOWN = 5


def members_summary(members: Sequence[MemberLine]) -> str:
    """ "51 cơ quan: 3 hoàn thành, 40 quá hạn, 8 trong hạn"."""
    done = overdue = in_time = other = 0
    for member in members:
        status = member.state.status if member.state is not None else None
        if (status is not None and status.is_done) or member.status is TaskStatus.DONE:
            done += 1
        elif status is FollowUpStatus.OVERDUE:
            overdue += 1
        elif status is FollowUpStatus.IN_TIME:
            in_time += 1
        else:
            other += 1
    parts = [
        f"{count} {label}"
        for count, label in (
            (done, "hoàn thành"),
            (overdue, "quá hạn"),
            (in_time, "trong hạn"),
            (other, "khác (chưa xác định thời hạn, thường xuyên, đã rút)"),
        )
        if count
    ]
    return f"{len(members)} cơ quan: {', '.join(parts)}"


def _member_line(m: MemberLine) -> str:
    return (
        f"• {e(m.agency)}"
        + (f" (nay: {e(m.owner)})" if m.owner != m.agency else "")
        + f" — {_member_status(m)}"
        + (f", thời hạn đang áp dụng {fmt_date(m.new_due)}" if m.new_due else "")
        + (f", {_period(m.period_due, m.granularity)}" if m.period_due else "")
    )


def _period(due: date, period: Granularity | None) -> str:
    """A recurring duty's current period: "kỳ hiện tại: kỳ tháng 3/2026, hạn 20/3/2026"."""
    return f"kỳ hiện tại: {period_label(period, due)}, hạn {list_messages.day(due)}"


def members_full(detail: TaskDetail) -> list[str]:
    """Every member agency of a task (behind the 👥 button of /task)."""
    head = f"👥 <b>#{detail.task_id} — {members_summary(detail.members)}</b>"
    return chunk(head, [_member_line(m) for m in detail.members])


def members_keyboard(task_id: int, count: int) -> list[list[dict[str, str]]]:
    return [[{"text": f"👥 Xem đủ {count} cơ quan", "data": f"tk:m:{task_id}"}]]


def task_detail(detail: TaskDetail, tz: ZoneInfo, reader: str | None = None) -> list[str]:
    """/task; with many member agencies, the reader's own agency (``reader``) first and a
    summary, the full list behind :func:`members_keyboard`."""
    head = [f"📌 <b>#{detail.task_id} {e(detail.title)}</b>"]
    if detail.notice:
        head.append(
            f"Văn bản: {e(detail.notice)}" + (f", mục {e(detail.ref)}" if detail.ref else "")
        )
    head.append(f"Chủ trì: {e(detail.lead)}")
    if detail.co:
        head.append(f"Phối hợp: {e(', '.join(detail.co))}")
    head.append(f"Thời hạn: {e(fmt_due(detail.due, detail.granularity, detail.kind))}")
    if detail.phrase:
        head.append(f"Nguyên văn: <i>{e(detail.phrase)}</i>")
    followup = followdate_messages.task_line(detail, tz)
    if followup:
        head.append(followup)
    if len(detail.members) > 1:
        head.append(f"Tiến độ: {detail.done_count}/{len(detail.members)} cơ quan đã hoàn thành")
    else:
        for member in detail.members:
            head.append(f"Trạng thái: {_member_status(member)}")
            if member.period_due is not None:
                current = _period(member.period_due, member.granularity)
                head.append(current[0].upper() + current[1:])
            if (
                member.state is not None
                and member.state.extended
                and member.state.deadline_in_force
            ):
                head.append(
                    f"Thời hạn đang áp dụng: {fmt_date(member.state.deadline_in_force)} (đã gia hạn)"
                )
    head += [escalation_flag(mark, tz) for mark in detail.escalations]
    items: list[str] = ["\n".join(head)]
    if detail.text and detail.text != detail.title:
        items.append(f"<blockquote>{e(detail.text[:1500])}</blockquote>")
    if len(detail.members) > MEMBERS_SHOWN:
        own = [m for m in detail.members if reader is not None and reader in (m.agency, m.owner)]
        block = [f"<b>{members_summary(detail.members)}</b>"]
        if own:
            block += ["Cơ quan của anh/chị:", *(_member_line(m) for m in own)]
        block.append("Danh sách đủ các cơ quan: bấm nút bên dưới.")
        items.append("\n".join(block))
    elif len(detail.members) > 1:
        own_first = sorted(
            detail.members, key=lambda m: reader is None or reader not in (m.agency, m.owner)
        )
        items.append("<b>Các cơ quan</b>\n" + "\n".join(_member_line(m) for m in own_first))
    if detail.history:
        items.append(
            "<b>Lịch sử</b>\n"
            + "\n".join(
                f"• {fmt_instant(h.at, tz)} — {EVENT_LABEL[h.kind]}"
                + (f" ({e(h.actor)})" if h.actor else "")
                + (f": {e(h.detail)}" if h.detail else "")
                for h in detail.history
            )
        )
    return chunk("", items)


def escalation_flag(mark: EscalationMark, tz: ZoneInfo) -> str:
    """/task's flag of an obligation escalated, its agency silent since."""
    when = list_messages.day(mark.at.astimezone(tz).date())
    silent = f"{mark.chases} lần đôn đốc chưa có phản hồi"
    if mark.leadership_chats:
        return f"⚠️ Đã báo cáo lãnh đạo {e(mark.agency)} ngày {when}: {silent}."
    return (
        f"⚠️ {e(mark.agency)}: {silent} (từ {when}); cơ quan chưa đăng ký nhóm lãnh đạo "
        "để nhận báo cáo."
    )


def _member_status(member: MemberLine) -> str:
    """The office's status when known, else the stored one."""
    return status_text(member.state) if member.state is not None else STATUS_LABEL[member.status]

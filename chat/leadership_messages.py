"""What an agency's leadership chat reads — its welcome and help, the refusal of a report,
its weekly summary — and the office's texts about it (the invitation, the new chat).

Same rules as ``chat.messages``: Vietnamese, Telegram HTML, every value escaped, dates
d/m/yyyy; the number of chases, the summary's day and time and the office's name come from
the settings (:class:`LeadershipTerms`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

from chat.fitting import fit
from chat.list_messages import day, e, task_item
from chat.messages import fmt_instant
from domain.errors import InviteProblem
from domain.task_line import TaskLine
from tracking.views import InviteView, JoinOutcome

#: The week's days as a Vietnamese office says them (0 = Monday).
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


@dataclass(frozen=True, kw_only=True, slots=True)
class LeadershipTerms:
    """What a leadership chat receives and when, from the settings."""

    office: str
    escalate_after: int
    """``ESCALATE_AFTER``."""
    summary_day: int | None
    """``DIGEST_DAY`` (0 = Monday); None: the weekly summary is off."""
    summary_time: time
    """``DIGEST_TIME``."""


def _receives(terms: LeadershipTerms) -> list[str]:
    if terms.summary_day is not None:
        weekly = (
            f"• mỗi tuần một bản tổng hợp, vào {WEEKDAYS[terms.summary_day]} lúc "
            f"{terms.summary_time:%H:%M}: các nhiệm vụ chưa hoàn thành, quá hạn và đã báo cáo "
            "lãnh đạo của cơ quan."
        )
    else:
        weekly = f"• bản tổng hợp hằng tuần, khi {e(terms.office)} bật chức năng này."
    return [
        f"• báo cáo khi một nhiệm vụ của cơ quan đã được đôn đốc {terms.escalate_after} lần mà "
        "cán bộ đầu mối chưa có phản hồi;",
        weekly,
        "Nhóm lãnh đạo không nhận tin nhắc việc; việc báo cáo nhiệm vụ do cán bộ đầu mối "
        "thực hiện.",
    ]


def joined(outcome: JoinOutcome, terms: LeadershipTerms, *, group: bool) -> str:
    """The welcome after registering a leadership chat."""
    who = "Nhóm này đã được đăng ký" if group else "Anh/chị đã đăng ký"
    lines = [
        f"✅ {who} nhận báo cáo dành cho lãnh đạo <b>{e(outcome.agency)}</b>.",
        f"Cơ quan hiện có {outcome.open_count} nhiệm vụ chưa hoàn thành"
        + (f", trong đó {outcome.overdue_count} quá hạn." if outcome.overdue_count else "."),
        "",
        f"{e(terms.office)} sẽ gửi tới đây:",
        *_receives(terms),
    ]
    return "\n".join(lines)


def help_text(agency: str, terms: LeadershipTerms) -> str:
    """/help in a leadership chat: what it receives, and who reports."""
    return "\n".join(
        [
            f"🤖 <b>Bot nhắc việc của {e(terms.office)}</b>",
            f"Đây là nơi nhận báo cáo dành cho lãnh đạo <b>{e(agency)}</b>. "
            f"{e(terms.office)} gửi tới đây:",
            *_receives(terms),
            "",
            f"Để cán bộ đầu mối của {e(agency)} nhận tin nhắc việc và báo cáo, vui lòng đề nghị "
            f"{e(terms.office)} gửi đường dẫn đăng ký cán bộ đầu mối.",
        ]
    )


def reports_refused(agency: str, office: str) -> str:
    """A report (or any other command) from a leadership chat."""
    return (
        f"Xin lỗi, đây là nơi nhận báo cáo dành cho lãnh đạo {e(agency)}, không dùng để báo cáo "
        f"nhiệm vụ. Việc báo cáo (hoàn thành, báo cáo chậm, cập nhật tiến độ) do cán bộ đầu mối "
        f"của {e(agency)} thực hiện với {e(office)}. Dữ liệu không thay đổi. Xem /help."
    )


def admin_joined(outcome: JoinOutcome, who: str, group_title: str | None) -> str:
    """The office's note of a new leadership chat."""
    where = f" (nhóm “{e(group_title)}”)" if group_title else ""
    return (
        f"👤 {e(who)}{where} đã đăng ký nhận báo cáo dành cho lãnh đạo "
        f"<b>{e(outcome.agency)}</b> — {outcome.open_count} nhiệm vụ chưa hoàn thành, "
        f"{outcome.overdue_count} quá hạn."
    )


def invite_created(invite: InviteView, link: str, tz: ZoneInfo, group_link: str) -> str:
    """/invite Bộ Công an lãnh đạo: the links, and what the chat will receive."""
    return (
        f"🔗 Đường dẫn đăng ký nhận báo cáo dành cho <b>lãnh đạo {e(invite.agency)}</b>, dùng "
        f"một lần, hiệu lực đến {fmt_instant(invite.expires_at, tz)}.\n\n"
        "Cho nhóm của lãnh đạo — người trong nhóm bấm vào, chọn nhóm để thêm bot vào nhóm:\n"
        f"{e(group_link)}\n\n"
        f"Cho một người (lãnh đạo hoặc thư ký) — bấm vào rồi bấm Bắt đầu:\n{e(link)}\n\n"
        "Nơi đăng ký nhận báo cáo các nhiệm vụ đôn đốc nhiều lần chưa có phản hồi và bản tổng "
        "hợp hằng tuần; không nhận tin nhắc việc và không báo cáo nhiệm vụ."
    )


def wrong_chat(reason: InviteProblem, office: str) -> str:
    """An invitation of the other kind pressed in a chat already registered (the link
    stays usable elsewhere)."""
    if reason is InviteProblem.FOCAL_CHAT:
        why = (
            "Nơi này đang nhận tin nhắc việc của cán bộ đầu mối, nên không đăng ký nhận báo "
            "cáo dành cho lãnh đạo được. Vui lòng bấm đường dẫn trong nhóm của lãnh đạo."
        )
    else:
        why = (
            "Nơi này đang nhận báo cáo dành cho lãnh đạo, nên không đăng ký làm cán bộ đầu mối "
            "được. Vui lòng bấm đường dẫn trong chat riêng hoặc nhóm của cán bộ đầu mối."
        )
    return f"⚠️ {why} Đường dẫn vẫn dùng được; nếu cần, vui lòng liên hệ {e(office)}."


def weekly_summary(
    agency: str, lines: Sequence[TaskLine], escalated: Collection[int], today: date, office: str
) -> list[str]:
    """The agency's week, for its leadership: how many, how bad, then the tasks — those
    escalated first, then the overdue, then the rest — each in two lines."""
    ordered = sorted(lines, key=lambda line: line.urgency_key(today))
    up = [line for line in ordered if line.task_id in escalated]
    late = [
        line
        for line in ordered
        if line.task_id not in escalated and (line.days_left(today) or 0) < 0
    ]
    rest = [line for line in ordered if line not in up and line not in late]
    head = [
        f"📊 <b>{e(office)} gửi lãnh đạo {e(agency)}: tổng hợp hằng tuần</b> (ngày {day(today)})"
    ]
    if not ordered:
        head.append(f"{e(agency)} không còn nhiệm vụ chưa hoàn thành.")
        return fit("\n".join(head))
    overdue = sum(1 for line in ordered if (line.days_left(today) or 0) < 0)
    head.append(
        f"{e(agency)} có {len(ordered)} nhiệm vụ chưa hoàn thành: {overdue} quá hạn, "
        f"{len(up)} đã báo cáo lãnh đạo vì đôn đốc nhiều lần chưa có phản hồi."
    )
    sections = (
        ("🚨 Đã báo cáo lãnh đạo (đôn đốc nhiều lần chưa có phản hồi)", up),
        ("⛔ Quá hạn", late),
        ("Đang thực hiện", rest),
    )
    for title, items in sections:
        if items:
            head += ["", f"<b>{title} ({len(items)})</b>"]
            head += [task_item(line, today, agency) for line in items]
    return fit("\n".join(head))


__all__ = [
    "WEEKDAYS",
    "LeadershipTerms",
    "admin_joined",
    "help_text",
    "invite_created",
    "joined",
    "reports_refused",
    "weekly_summary",
    "wrong_chat",
]

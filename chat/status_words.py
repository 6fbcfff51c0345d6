"""The office's status labels (office-practice.md, ui-language.md), shared by every
catalogue that shows a status; no imports from the catalogues themselves."""

from __future__ import annotations

from datetime import date

from domain.deadline import DeadlineKind
from domain.followup import ObligationState
from domain.status import FollowUpStatus
from tracking.wording import fmt_date

STATUS_LABEL = {
    FollowUpStatus.DONE_ON_TIME: "hoàn thành đúng hạn",
    FollowUpStatus.DONE_LATE: "hoàn thành quá hạn",
    FollowUpStatus.IN_TIME: "đang thực hiện trong hạn",
    FollowUpStatus.OVERDUE: "quá hạn chưa hoàn thành",
    FollowUpStatus.UNDATED: "không có thời hạn cụ thể",
    FollowUpStatus.STANDING: "thường xuyên",
    FollowUpStatus.CANCELLED: "đã rút",
    FollowUpStatus.AWAITING_CONFIRMATION: "chờ xác nhận",
}
PENDING_MARK = "đã đề xuất gia hạn (chờ duyệt)"


def status_text(state: ObligationState) -> str:
    """The office's status in words, with the pending-proposal marker."""
    text = STATUS_LABEL[state.status]
    if state.status is FollowUpStatus.STANDING and state.deadline_kind is DeadlineKind.RECURRING:
        text = "định kỳ"
    if state.status is FollowUpStatus.OVERDUE and state.days_overdue:
        text += f" ({state.days_overdue} ngày)"
    if state.status.is_done and state.done_at is not None:
        text += f" ngày {fmt_date(state.done_at)}"
    if state.proposed_deadline is not None:
        text += f" · {PENDING_MARK}: {fmt_date(state.proposed_deadline)}"
    return text


def proposal_mark(proposed: date | None) -> str:
    """The marker on a task line while a proposal waits (a date or nothing)."""
    if proposed is None:
        return ""
    return f" · {PENDING_MARK}: {fmt_date(proposed)}"

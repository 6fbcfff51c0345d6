"""Every template of the chat catalogue rendered with realistic data, then checked for the
convention of ``docs/ui-language.md``: the glossary and register, Telegram's limits, and
numbers that come from the settings rather than literals.

A new public function in a catalogue module must be rendered here (or listed as a helper):
``test_every_template_is_rendered`` fails otherwise.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest

from chat import (
    assigned_messages,
    command_messages,
    confirm_messages,
    contact_messages,
    correction_messages,
    escalation_messages,
    focal_messages,
    followdate_messages,
    followup_messages,
    format_messages,
    health_messages,
    import_messages,
    input_messages,
    leadership_messages,
    line_messages,
    list_messages,
    local_agency_messages,
    messages,
    office_messages,
    preview_messages,
    refusals,
    reply_messages,
    report_messages,
    report_refusal_messages,
    status_words,
    task_messages,
)
from chat.fitting import TEXT_LIMIT, fit
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.errors import ChangeProblem, InviteProblem, UndoProblem
from domain.followup import ObligationState
from domain.local_agencies import LocalAgency
from domain.status import (
    DeliveryOutcome,
    EventKind,
    FollowUpStatus,
    OfficeNoteKind,
    ProposalState,
    ReminderKind,
    TaskStatus,
)
from domain.task_line import TaskLine
from reports import wording as report_wording
from reports.figures import AgencyRow, Changes, Figures, Report, Scope, ScopeKind
from scheduler.health import HealthReport
from storage.agency_files import shipped_registry
from tracking import wording as tracking_messages
from tracking.corrections import ClosedPeriod, Correction
from tracking.decisions import DeadlineSet, ProposalView
from tracking.escalation import Escalated
from tracking.fix_words import FixProblem
from tracking.focal import FocalPoint
from tracking.followup_dates import PreviewFollowUp
from tracking.import_proposal import ProposedTask
from tracking.office import OfficeNote
from tracking.preview import render_preview
from tracking.views import (
    AgencyOverview,
    AssignedItem,
    EscalationMark,
    HistoryLine,
    InviteView,
    JoinOutcome,
    MemberLine,
    NoticeRef,
    ReplyOutcome,
    TaskDetail,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: The office's name in the texts that name it (``OFFICE_NAME``'s default).
OFFICE = format_messages.OFFICE
TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
REGISTRY = shipped_registry()
TITLE = (
    "Rà soát, hoàn thiện và báo cáo kết quả triển khai Đề án phát triển ứng dụng dữ liệu về "
    "dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia"
)


def line(task_id: int, due: date | None, **kw: object) -> TaskLine:
    values: dict[str, object] = {
        "task_id": task_id,
        "title": f"{TITLE} (số {task_id})",
        "due": due,
        "granularity": Granularity.DAY if due else None,
        "kind": DeadlineKind.DEADLINE if due else DeadlineKind.NONE,
        "phrase": "khẩn trương" if due is None else "",
        "status": TaskStatus.OPEN,
        "assigned_as": "Bộ Công an",
    }
    values.update(kw)
    return TaskLine(**values)  # type: ignore[arg-type]


LINES = [
    line(1, date(2025, 2, 15)),
    line(2, date(2026, 12, 2)),
    line(3, date(2026, 12, 5), status=TaskStatus.LATE, proposed_due=date(2027, 1, 30)),
    line(4, date(2027, 3, 31), granularity=Granularity.MONTH),
    line(5, None),
    *[line(n, date(2026, 11, 1 + n % 20)) for n in range(6, 46)],
]
NOTICE_56 = NoticeRef(number="56/TB-VPCP", issued=date(2025, 2, 23), title="")
ASSIGNED = [
    *(AssignedItem(line=item, notice=NOTICE_56, co=False, lead="Bộ Y tế") for item in LINES[:10]),
    *(
        AssignedItem(line=item, notice=NOTICE_56, co=True, lead="Bộ Công an")
        for item in LINES[10:13]
    ),
]
MIXED = [
    AssignedItem(line=LINES[0], notice=None, co=False, lead="Bộ Y tế"),
    AssignedItem(
        line=LINES[1],
        notice=NoticeRef(number="", issued=None, title=TITLE),
        co=True,
        lead="Bộ Công an",
    ),
]
JOIN = JoinOutcome(
    agency_id="bo-ca", agency="Bộ Công an", open_count=45, overdue_count=41, previous_agency=None
)
REPLY = ReplyOutcome(
    task_id=12,
    title=TITLE,
    agency="Bộ Công an",
    status=TaskStatus.LATE,
    changed=1,
    new_due=date(2027, 9, 30),
    recorded_at=NOW,
)
PERIOD_REPLY = ReplyOutcome(
    task_id=12,
    title=TITLE,
    agency="Bộ Công an",
    status=TaskStatus.OPEN,
    changed=1,
    recorded_at=NOW,
    period=date(2026, 12, 20),
    next_period=date(2027, 1, 20),
    granularity=Granularity.MONTHLY,
)
DETAIL = TaskDetail(
    task_id=12,
    notice="Thông báo số 56/TB-VPCP ngày 23/2/2025",
    ref="3.b",
    title=TITLE,
    text=TITLE + " " + "Nội dung chi tiết. " * 100,
    lead="Bộ Công an",
    co=("Bộ Tài chính", "Bộ Tư pháp"),
    due=date(2025, 6, 30),
    granularity=Granularity.DAY,
    kind=DeadlineKind.DEADLINE,
    phrase="trước ngày 30 tháng 6 năm 2025",
    members=tuple(
        MemberLine(agency=a.name, owner=a.name, status=TaskStatus.OPEN, new_due=None)
        for a in REGISTRY.active()[:51]
    ),
    history=tuple(
        HistoryLine(
            at=NOW, kind=EventKind.PROGRESS, actor="Lan (@lan_bca)", detail="đã gửi dự thảo"
        )
        for _ in range(40)
    ),
)
POINT = FocalPoint(
    chat_id=-100123, title="Tổ công tác C06", agency_id="bo-ca", agency="Bộ Công an", joined_at=NOW
)
AGENCIES = [
    AgencyOverview(
        agency_id=a.id,
        name=a.name,
        focal_points=("Lan (@lan_bca)",) if n % 3 else (),
        open_count=40,
        overdue_count=n % 5,
        pending_count=n % 2,
    )
    for n, a in enumerate(REGISTRY.active()[:51])
]
FOUND = REGISTRY.candidates("Khoa học")
MERGED = next(a for a in REGISTRY.all() if a.successor and a.reorganised)
LOCAL = LocalAgency(name="Sở Tư pháp", aliases=("STP", "Sở TP"), parent="UBND tỉnh Nghệ An")
PREVIEW_TASK = ProposedTask(
    ref="1",
    seq=1,
    lead="Bộ Công an",
    lead_known=True,
    co=("Bộ Tài chính",),
    title=TITLE,
    text=TITLE,
    deadline=Deadline(
        due=date(2025, 3, 31),
        granularity=Granularity.DAY,
        kind=DeadlineKind.DEADLINE,
        phrase="hoàn thành trước ngày 31 tháng 3 năm 2025",
    ),
)
#: An import as the importer proposes it: dated and undated tasks, a group, a lead the
#: registry does not know, one without any lead, one the admin dropped.
PREVIEW_TASKS: list[ProposedTask] = [
    PREVIEW_TASK,
    replace(
        PREVIEW_TASK,
        ref="2.a",
        lead="Sở KH&CN tỉnh Nghệ An",
        lead_known=False,
        co=(),
        deadline=Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase="khẩn trương"),
    ),
    replace(
        PREVIEW_TASK,
        ref="2.b",
        lead="Các bộ, cơ quan, địa phương",
        members=tuple(a.name for a in REGISTRY.active()[:63]),
        deadline=Deadline(
            due=date(2025, 6, 30),
            granularity=Granularity.MONTH,
            kind=DeadlineKind.DEADLINE,
            phrase="trong tháng 6 năm 2025",
        ),
    ),
    replace(PREVIEW_TASK, ref="3", lead="", lead_known=False, co=()),
    replace(PREVIEW_TASK, ref="4", dropped=True),
]


#: The chat bolds with <b>; the command line passes ``str``.
def bold(text: str) -> str:
    return f"<b>{text}</b>"


STATE = ObligationState(
    task_id=12,
    assignment_id=40,
    agency_id="bo-ca",
    owner_id="bo-ca",
    as_of=TODAY,
    status=FollowUpStatus.OVERDUE,
    deadline_kind=DeadlineKind.DEADLINE,
    deadline_assigned=date(2026, 11, 20),
    deadline_in_force=date(2026, 11, 20),
    proposed_deadline=None,
    proposal_id=None,
    done_at=date(2026, 11, 25),
)
#: A busy day for the office's digest: 150 reports, and one note of every other kind.
NOTES = [
    *[
        OfficeNote(
            kind=OfficeNoteKind.REPORT,
            at=NOW,
            html=messages.admin_reply(REPLY, "Lan (@lan_bca)", "chờ ý kiến & thẩm định"),
        )
        for _ in range(150)
    ],
    OfficeNote(
        kind=OfficeNoteKind.UNREACHABLE,
        at=NOW,
        html=messages.chat_disabled("Tổ C06", "Bộ Công an", messages.chat_gone_reason(True)),
    ),
    OfficeNote(
        kind=OfficeNoteKind.JOINED,
        at=NOW,
        html=messages.admin_joined(JOIN, "Lan (@lan_bca)", "Tổ C06"),
    ),
]

#: Each catalogue function and what it renders with realistic data (one or several texts).
ESCALATED = [
    Escalated(
        task_id=n,
        title=f"{TITLE} (số {n})",
        agency="Bộ Công an",
        chases=3,
        deadline=None if n == 9 else date(2026, 11, 20 + n),
        leadership_chats=n % 2,
    )
    for n in range(1, 10)
]
TERMS = leadership_messages.LeadershipTerms(
    office="Vụ Tổng hợp – VPCP", escalate_after=3, summary_day=0, summary_time=time(8, 30)
)
MARK = EscalationMark(agency="Bộ Công an", at=NOW, chases=3, leadership_chats=1)
#: The office's follow-up: a proposal waiting, the same decided, a deadline set, corrections.
PROPOSAL = ProposalView(
    proposal_id=7,
    task_id=12,
    title=TITLE,
    agency="Bộ Công an",
    deadline=date(2026, 12, 7),
    proposed_due=date(2027, 1, 15),
    reason="chờ ý kiến Bộ Tư pháp về Nghị định 13/2023",
    proposed_by="Lan (@lan_bca)",
    proposed_at=NOW,
    state=ProposalState.PENDING,
)
DECIDED = replace(
    PROPOSAL,
    state=ProposalState.REJECTED,
    decided_by="Minh (Vụ Tổng hợp)",
    decided_at=NOW,
    note="đã lùi hai lần",
)
PROPOSED = replace(REPLY, deadline=date(2026, 12, 7), event_id=40, undo_minutes=10)
DEADLINE_SET = DeadlineSet(
    task_id=12,
    title=TITLE,
    due=date(2027, 3, 31),
    reason="theo Công văn 123/VPCP-KSTT",
    agencies=("Bộ Công an", "Bộ Y tế"),
    closed_proposals=1,
)
CORRECTION = Correction(
    task_id=12,
    title=TITLE,
    kind=EventKind.CONFIRMED,
    agencies=("Bộ Công an",),
    field="deadline",
    old="7/12/2026",
    new="31/3/2027",
    reason="hồ sơ còn thiếu báo cáo đánh giá tác động",
    undone=EventKind.EXTENSION_PROPOSED,
)
MANY = replace(CORRECTION, agencies=tuple(a.name for a in REGISTRY.active()[:51]))
PERIOD_REOPENED = replace(
    CORRECTION,
    kind=EventKind.UNDONE,
    undone=EventKind.PERIOD_DONE,
    period=date(2026, 12, 20),
    granularity=Granularity.MONTHLY,
)
CLOSED_PERIODS = [
    ClosedPeriod(
        event_id=40 + n,
        agency=agency.name,
        period=date(2026, 12, 20),
        granularity=Granularity.MONTHLY,
        at=datetime(2026, 12, 17, 3, 5, tzinfo=UTC),
    )
    for n, agency in enumerate(REGISTRY.active()[:10])
]
HEALTH = HealthReport(
    healthy=True,
    last_pass=NOW,
    last_pass_age_seconds=45.0,
    stale_after_seconds=900.0,
    pending=3,
    sending=1,
    failed_today=0,
    unreachable_chats=2,
    database_bytes=5_300_000,
)
#: A report of 51 agencies (figures only: the items' lines are the report tests' concern).
REPORT = Report(
    as_of=TODAY,
    today=TODAY,
    scope=Scope(),
    rows=tuple(
        AgencyRow(
            agency_id=a.id,
            agency=a.name,
            short=a.short,
            figures=Figures(done_on_time=n % 7, done_late=n % 3, in_time=4, overdue=n % 5),
        )
        for n, a in enumerate(REGISTRY.active()[:51])
    ),
    totals=Figures(done_on_time=153, done_late=51, in_time=204, overdue=102, undated=9),
    items=(),
)
AGENCY_REPORT = replace(
    REPORT,
    as_of=date(2026, 12, 31),
    scope=Scope(kind=ScopeKind.AGENCY, agency_id="bo-ca", label="Bộ Công an"),
)
CHANGES = Changes(since=date(2026, 11, 25), newly_done=(), newly_overdue=(), pending_proposals=())

RENDERED: dict[str, Callable[[], object]] = {
    "followup_messages.proposal_sent": lambda: [
        followup_messages.proposal_sent(PROPOSED, VN, OFFICE),
        followup_messages.proposal_sent(replace(PROPOSED, deadline=None), VN, OFFICE),
    ],
    "correction_messages.undo_hint": lambda: correction_messages.undo_hint(PROPOSED),
    "followup_messages.proposal_for_admins": lambda: followup_messages.proposal_for_admins(
        PROPOSED, "Lan (@lan_bca)", "chờ ý kiến Bộ Tư pháp", TODAY, OFFICE
    ),
    "followup_messages.decision_line": lambda: followup_messages.decision_line(DECIDED, VN),
    "followup_messages.reason_prompt": lambda: followup_messages.reason_prompt(PROPOSAL),
    "followup_messages.reason_refused": lambda: [
        followup_messages.reason_refused(r)
        for r in (ChangeProblem.REASON_GIVEN, ChangeProblem.NOT_REJECTED_BY_YOU)
    ],
    "followup_messages.reason_recorded": lambda: followup_messages.reason_recorded(DECIDED),
    "followup_messages.already_decided": lambda: [
        followup_messages.already_decided(ProposalState.APPROVED, "Minh", NOW, VN),
        followup_messages.already_decided(ProposalState.WITHDRAWN, "", None, VN),
    ],
    "followup_messages.not_decidable": lambda: [
        followup_messages.not_decidable(12, r) for r in TaskStatus
    ],
    "followup_messages.proposal_missing": lambda: followup_messages.proposal_missing(99),
    "followup_messages.focal_approved": lambda: followup_messages.focal_approved(PROPOSAL, OFFICE),
    "followup_messages.focal_rejected": lambda: [
        followup_messages.focal_rejected(DECIDED, OFFICE),
        followup_messages.focal_rejected(replace(DECIDED, deadline=None, note=""), OFFICE),
    ],
    "followup_messages.focal_reason": lambda: followup_messages.focal_reason(DECIDED, OFFICE),
    "followup_messages.proposal_detail": lambda: [
        followup_messages.proposal_detail(PROPOSAL, VN, TODAY),
        followup_messages.proposal_detail(DECIDED, VN, date(2026, 12, 20)),
    ],
    "followup_messages.pending_in_task": lambda: followup_messages.pending_in_task(
        [PROPOSAL] * 3, OFFICE
    ),
    "followup_messages.no_pending": lambda: followup_messages.no_pending(OFFICE),
    "followup_messages.pending_list": lambda: followup_messages.pending_list(
        [PROPOSAL] * 25, [PROPOSAL] * followup_messages.PENDING_SHOWN, TODAY
    ),
    "followup_messages.giahan_usage": followup_messages.giahan_usage,
    "followup_messages.giahan_past": lambda: followup_messages.giahan_past(date(2026, 11, 30)),
    "followup_messages.deadline_set_admin": lambda: [
        followup_messages.deadline_set_admin(DEADLINE_SET),
        followup_messages.deadline_set_admin(
            replace(DEADLINE_SET, agencies=MANY.agencies, closed_proposals=0)
        ),
    ],
    "followup_messages.deadline_set_focal": lambda: followup_messages.deadline_set_focal(
        DEADLINE_SET, OFFICE
    ),
    "followup_messages.help_focal": lambda: [
        followup_messages.help_focal(10, OFFICE),
        followup_messages.help_focal(0, OFFICE),
    ],
    "followup_messages.help_admin": followup_messages.help_admin,
    "followup_messages.cancelled_task": lambda: followup_messages.cancelled_task(12, OFFICE),
    "correction_messages.undone_focal": lambda: [
        correction_messages.undone_focal(CORRECTION, OFFICE),
        correction_messages.undone_focal(PERIOD_REOPENED, OFFICE),
    ],
    "correction_messages.undone_admin": lambda: [
        correction_messages.undone_admin(MANY, "Lan"),
        correction_messages.undone_admin(PERIOD_REOPENED, "Lan"),
    ],
    "correction_messages.undo_line": correction_messages.undo_line,
    "correction_messages.undo_refused": lambda: [
        correction_messages.undo_refused(r, 10, OFFICE) for r in UndoProblem
    ],
    "correction_messages.reopened_admin": lambda: [
        correction_messages.reopened_admin(CORRECTION),
        correction_messages.reopened_admin(PERIOD_REOPENED),
    ],
    "correction_messages.reopened_focal": lambda: [
        correction_messages.reopened_focal(CORRECTION, OFFICE),
        correction_messages.reopened_focal(PERIOD_REOPENED, OFFICE),
    ],
    "correction_messages.closed_periods_in_task": lambda: [
        correction_messages.closed_periods_in_task(CLOSED_PERIODS[:1], VN),
        correction_messages.closed_periods_in_task(CLOSED_PERIODS, VN),
    ],
    "correction_messages.closed_periods_keyboard": lambda: str(
        correction_messages.closed_periods_keyboard(CLOSED_PERIODS)
    ),
    "correction_messages.period_button_refused_admin": lambda: (
        correction_messages.period_button_refused_admin(OFFICE)
    ),
    "correction_messages.cancelled_admin": lambda: correction_messages.cancelled_admin(MANY),
    "correction_messages.cancelled_focal": lambda: correction_messages.cancelled_focal(
        CORRECTION, OFFICE
    ),
    "correction_messages.edited_admin": lambda: [
        correction_messages.edited_admin(replace(CORRECTION, field=f))
        for f in ("deadline", "title", "lead", "co")
    ],
    "correction_messages.edited_focal": lambda: correction_messages.edited_focal(
        CORRECTION, OFFICE
    ),
    "correction_messages.change_refused": lambda: [
        correction_messages.change_refused(r, "hạn", 12) for r in ChangeProblem
    ],
    "correction_messages.not_a_member": lambda: correction_messages.not_a_member(12),
    "correction_messages.reopen_usage": correction_messages.reopen_usage,
    "correction_messages.edit_usage": correction_messages.edit_usage,
    "correction_messages.cancel_usage": correction_messages.cancel_usage,
    "correction_messages.tiendo_usage": correction_messages.tiendo_usage,
    "correction_messages.progress_admin": lambda: correction_messages.progress_admin(
        CORRECTION, "Lan (@lan_bca)"
    ),
    "correction_messages.progress_recorded": lambda: correction_messages.progress_recorded(
        CORRECTION, OFFICE
    ),
    "confirm_messages.submitted_focal": lambda: confirm_messages.submitted_focal(PROPOSED, OFFICE),
    "confirm_messages.submitted_admin": lambda: [
        confirm_messages.submitted_admin(PROPOSED, "Lan", "đã gửi Công văn 45/BCA-V03"),
        confirm_messages.submitted_admin(PROPOSED, "Lan", ""),
    ],
    "confirm_messages.return_prompt": lambda: confirm_messages.return_prompt(12),
    "confirm_messages.confirmed_admin": lambda: [
        confirm_messages.confirmed_admin(CORRECTION),
        confirm_messages.confirmed_admin(replace(CORRECTION, kind=EventKind.RETURNED)),
    ],
    "confirm_messages.confirmed_focal": lambda: [
        confirm_messages.confirmed_focal(CORRECTION, OFFICE),
        confirm_messages.confirmed_focal(replace(CORRECTION, kind=EventKind.RETURNED), OFFICE),
    ],
    "confirm_messages.tralai_usage": confirm_messages.tralai_usage,
    "health_messages.health_report": lambda: [
        health_messages.health_report(HEALTH, VN),
        health_messages.health_report(
            replace(HEALTH, healthy=False, last_pass_age_seconds=9000.0, database_bytes=None),
            VN,
        ),
        health_messages.health_report(
            replace(HEALTH, last_pass=None, last_pass_age_seconds=None, database_bytes=800_000),
            VN,
        ),
    ],
    "contact_messages.render_reminder": lambda: [
        html for html, _, _ in contact_messages.render_reminder("Bộ Công an", LINES, TODAY, {5, 30})
    ],
    "contact_messages.progress_prompt": lambda: [
        contact_messages.progress_prompt(12),
        contact_messages.progress_prompt(12, '<a href="tg://user?id=2002">Minh</a>'),
    ],
    "contact_messages.progress_hint": lambda: contact_messages.progress_hint([12, 13]),
    "contact_messages.empty_progress": contact_messages.empty_progress,
    "report_messages.planned_note": lambda: report_messages.planned_note(AGENCY_REPORT),
    "report_wording.report_title": lambda: report_wording.report_title(AGENCY_REPORT),
    "report_wording.withdrawn_row": lambda: report_wording.withdrawn_row(3),
    "report_messages.summary": lambda: [
        report_messages.summary(REPORT),
        report_messages.summary(AGENCY_REPORT),
    ],
    "report_messages.chart_caption": lambda: report_messages.chart_caption(REPORT),
    "report_messages.excel_caption": lambda: report_messages.excel_caption(REPORT),
    "report_refusal_messages.usage": report_refusal_messages.usage,
    "report_wording.period_row": lambda: "\n".join(
        report_wording.period_row(period, date(2026, 10, 20))
        for period in (
            Granularity.WEEKLY,
            Granularity.MONTHLY,
            Granularity.QUARTERLY,
            Granularity.YEARLY,
        )
    ),
    "report_refusal_messages.unknown_scope": lambda: report_refusal_messages.unknown_scope(
        "Bộ Không Tồn Tại"
    ),
    "report_refusal_messages.scope_choices": lambda: report_refusal_messages.scope_choices(
        "thông tin"
    ),
    "report_messages.scope_keyboard": lambda: str(
        report_messages.scope_keyboard(
            [("btttt", "Bộ Thông tin và Truyền thông")], date(2026, 7, 20)
        )
    ),
    "report_refusal_messages.bad_day": lambda: report_refusal_messages.bad_day("31/2/2026"),
    "report_messages.nothing_to_report": report_messages.nothing_to_report,
    "report_refusal_messages.nothing_in_scope": lambda: report_refusal_messages.nothing_in_scope(
        AGENCY_REPORT
    ),
    "report_refusal_messages.stale_button": report_refusal_messages.stale_button,
    "report_messages.digest": lambda: report_messages.digest(REPORT, CHANGES),
    "report_messages.digest_failed": lambda: [
        report_messages.digest_failed(
            TODAY, -100123, leadership=leadership, attempts=attempts, outcome=outcome
        )
        for leadership, attempts, outcome in (
            (False, 1, DeliveryOutcome.BLOCKED),
            (True, 5, DeliveryOutcome.TRANSIENT),
        )
    ],
    "leadership_messages.joined": lambda: [
        leadership_messages.joined(JOIN, TERMS, group=True),
        leadership_messages.joined(JOIN, replace(TERMS, summary_day=None), group=False),
    ],
    "leadership_messages.help_text": lambda: leadership_messages.help_text("Bộ Công an", TERMS),
    "leadership_messages.reports_refused": lambda: leadership_messages.reports_refused(
        "Bộ Công an", "Vụ Tổng hợp – VPCP"
    ),
    "leadership_messages.admin_joined": lambda: leadership_messages.admin_joined(
        JOIN, "Hải (@hai_bca)", "Lãnh đạo Bộ Công an"
    ),
    "leadership_messages.invite_created": lambda: leadership_messages.invite_created(
        InviteView(token="abc", agency="Bộ Công an", expires_at=NOW),
        "https://t.me/hanchot_bot?start=abc",
        VN,
        "https://t.me/hanchot_bot?startgroup=abc",
    ),
    "leadership_messages.wrong_chat": lambda: [
        leadership_messages.wrong_chat(reason, "Vụ Tổng hợp – VPCP")
        for reason in (InviteProblem.FOCAL_CHAT, InviteProblem.LEADERSHIP_CHAT)
    ],
    "leadership_messages.weekly_summary": lambda: [
        leadership_messages.weekly_summary("Bộ Công an", LINES, {1, 3}, TODAY, "Vụ TH – VPCP"),
        leadership_messages.weekly_summary("Bộ Công an", [], set(), TODAY, "Vụ TH – VPCP"),
    ],
    "escalation_messages.office_note": lambda: [
        escalation_messages.office_note(item, TODAY) for item in ESCALATED
    ],
    "escalation_messages.leadership": lambda: escalation_messages.leadership(
        "Bộ Công an", ESCALATED, TODAY, "Vụ Tổng hợp – VPCP"
    ),
    "task_messages.escalation_flag": lambda: [
        messages.escalation_flag(MARK, VN),
        messages.escalation_flag(replace(MARK, leadership_chats=0), VN),
    ],
    "messages.help_text": lambda: [
        messages.help_text(is_admin=True, agency=None, office="Vụ Tổng hợp – VPCP"),
        messages.help_text(is_admin=False, agency="Bộ Công an", office=OFFICE),
        messages.help_text(is_admin=False, agency=None, office=OFFICE),
    ],
    "messages.start_without_token": lambda: messages.start_without_token("Vụ Tổng hợp – VPCP"),
    "messages.invite_invalid": lambda: [messages.invite_invalid(r, OFFICE) for r in InviteProblem],
    "messages.joined": lambda: [messages.joined(JOIN), messages.joined(JOIN, group=True)],
    "messages.admin_joined": lambda: messages.admin_joined(JOIN, "Lan (@lan_bca)", "Tổ C06"),
    "messages.not_bound": lambda: messages.not_bound(OFFICE),
    "messages.not_admin": lambda: messages.not_admin(OFFICE),
    "task_messages.task_detail": lambda: [
        messages.task_detail(DETAIL, VN, "Bộ Công an"),
        messages.task_detail(DETAIL, VN),
    ],
    "task_messages.members_summary": lambda: messages.members_summary(DETAIL.members),
    "task_messages.members_full": lambda: messages.members_full(DETAIL),
    "reply_messages.done_confirmed": lambda: [
        messages.done_confirmed(REPLY, VN),
        messages.done_confirmed(PERIOD_REPLY, VN),
        messages.done_confirmed(replace(PERIOD_REPLY, already=True, changed=0), VN),
    ],
    "reply_messages.late_confirmed": lambda: messages.late_confirmed(REPLY, VN, OFFICE),
    "reply_messages.admin_reply": lambda: [
        messages.admin_reply(REPLY, "Lan", "chờ ý kiến & thẩm định"),
        messages.admin_reply(PERIOD_REPLY, "Lan", "đã gửi số liệu"),
    ],
    "reply_messages.reply_hint": lambda: messages.reply_hint([12, 13]),
    "reply_messages.late_prompt": lambda: [
        messages.late_prompt(12),
        messages.late_prompt(12, '<a href="tg://user?id=2001">Lan</a>'),
    ],
    "reply_messages.handled_line": lambda: messages.handled_line(12),
    "reply_messages.done_by_button_prompt_missing": messages.done_by_button_prompt_missing,
    "messages.missing_id": lambda: [messages.missing_id(c) for c in ("done", "late", "task")],
    "messages.bad_id": lambda: messages.bad_id("mười hai"),
    "messages.task_not_found": lambda: messages.task_not_found(999),
    "messages.not_your_task": lambda: messages.not_your_task(12),
    "messages.missing_reason": messages.missing_reason,
    "messages.bad_date": lambda: messages.bad_date("31/2/2027"),  # echoes what was typed
    "messages.past_date": lambda: messages.past_date(date(2026, 11, 30)),
    "messages.too_long": lambda: messages.too_long(1000),
    "messages.ambiguous_reply": lambda: messages.ambiguous_reply(list(range(1, 41))),
    "messages.addtask_usage": messages.addtask_usage,
    "messages.unknown_agency": lambda: messages.unknown_agency("Bộ Không Tồn Tại"),
    "messages.deadline_not_understood": lambda: messages.deadline_not_understood("sớm nhất"),
    "messages.task_added": lambda: messages.task_added(12, TITLE, "Các bộ", "31/3/2027", 51),
    "messages.invite_usage": messages.invite_usage,
    "messages.invite_created": lambda: messages.invite_created(
        InviteView(token="abc", agency="Bộ Công an", expires_at=NOW),
        "https://t.me/hanchot_bot?start=abc",
        VN,
        "https://t.me/hanchot_bot?startgroup=abc",
    ),
    "messages.leadership_chat_disabled": lambda: messages.leadership_chat_disabled(
        "Lãnh đạo Bộ Công an", "Bộ Công an", messages.chat_gone_reason(True)
    ),
    "messages.chat_disabled": lambda: messages.chat_disabled(
        "Tổ C06", "Bộ Công an", messages.chat_gone_reason(True)
    ),
    "messages.chat_gone_reason": lambda: [messages.chat_gone_reason(b) for b in (True, False)],
    "messages.internal_error": messages.internal_error,
    "preview_messages.import_preview_page": lambda: (
        [
            messages.import_preview_page(
                number="56/TB-VPCP",
                issued=date(2025, 2, 23),
                title="Kết luận của Thủ tướng",
                tasks=[PREVIEW_TASK] * 30,
                unknown=["Sở Tư pháp"],
                page=page,
            )[0]
            for page in range(4)
        ]
        + [
            messages.import_preview_page(
                number=number,
                issued=date(2025, 2, 23) if number else None,
                title="Kết luận của Thủ tướng Chính phủ tại Hội nghị chuyển đổi số quốc gia",
                tasks=PREVIEW_TASKS,
                unknown=["Sở KH&CN tỉnh Nghệ An"],
            )[0]
            for number in ("56/TB-VPCP", "")
        ]
    ),
    "preview_messages.import_prompt": messages.import_prompt,
    "preview_messages.import_needs_date": messages.import_needs_date,
    "preview_messages.import_unreadable": messages.import_unreadable,
    "preview_messages.import_empty": messages.import_empty,
    "preview_messages.import_stored": lambda: messages.import_stored(
        12, 3, ["1: x — y"], "56/TB-VPCP"
    ),
    "preview_messages.import_cancelled": messages.import_cancelled,
    "preview_messages.import_missing": messages.import_missing,
    "preview_messages.fix_usage": messages.fix_usage,
    "messages.fix_rejected": lambda: [messages.fix_rejected(r, "3") for r in FixProblem],
    "preview_messages.fix_applied": lambda: [
        messages.fix_applied(3, PREVIEW_TASK),
        messages.fix_applied(3, None),
    ],
    "input_messages.unknown_command": lambda: [
        input_messages.unknown_command("don", "done", "5"),
        input_messages.unknown_command("abc", None, ""),
    ],
    "input_messages.word_as_command": lambda: input_messages.word_as_command("xong", "5"),
    "input_messages.free_text": lambda: [
        input_messages.free_text(agency=a, is_admin=b, office=OFFICE)
        for a, b in (("Bộ Công an", False), (None, False), (None, True))
    ],
    "input_messages.ask_year": lambda: input_messages.ask_year(
        5, "chờ số liệu", date(2026, 12, 1), date(2027, 12, 1)
    ),
    "input_messages.agency_choices": lambda: [
        input_messages.agency_choices("Khoa học", FOUND),
        input_messages.agency_choices("xyz", []),
    ],
    "input_messages.choice_expired": input_messages.choice_expired,
    "input_messages.not_text": lambda: [
        input_messages.not_text(
            kind,
            agency=agency,
            is_admin=admin,
            formats=(".txt", ".docx", ".pdf"),
            office=OFFICE,
            command=command,
        )
        for kind in [*input_messages.MEDIA_WORDS, "poll"]
        for agency, admin, command in (
            ("Bộ Công an", False, None),
            (None, False, None),
            (None, True, None),
            ("Bộ KH&CN", False, "/xong 5 kèm ảnh & biên bản"),
        )
    ],
    "input_messages.alias_help": lambda: input_messages.alias_help(is_admin=True),
    "list_messages.reminder_page": lambda: (
        [list_messages.reminder_page("Bộ Công an", LINES, TODAY, p).html for p in range(6)]
        + [list_messages.reminder_page("Bộ Công an", LINES[3:4], TODAY).html]
    ),
    "list_messages.tasks_page": lambda: (
        [list_messages.tasks_page("Bộ Công an", LINES, TODAY, p).html for p in range(6)]
        + [list_messages.tasks_page("Bộ Công an", [], TODAY).html]
    ),
    "list_messages.welcome_page": lambda: [
        list_messages.welcome_page("Bộ Công an", lines, TODAY).html
        for lines in (LINES, LINES[:3], LINES[:1])
    ],
    "list_messages.agencies_page": lambda: [
        list_messages.agencies_page(AGENCIES, p).html for p in range(6)
    ],
    "list_messages.all_reported": list_messages.all_reported,
    "focal_messages.listing": lambda: [
        focal_messages.listing([POINT] * 8, None, VN),
        *(focal_messages.listing([POINT] * 31, None, VN, p) for p in range(4)),
        focal_messages.listing([POINT] * 31, "Bộ Công an", VN, 1),
        focal_messages.listing([], "Bộ Công an", VN),
    ],
    "focal_messages.removed": lambda: focal_messages.removed(POINT),
    "focal_messages.told_removed": lambda: focal_messages.told_removed("Bộ Công an", "Vụ TH"),
    "focal_messages.already_removed": focal_messages.already_removed,
    "focal_messages.list_changed": focal_messages.list_changed,
    "office_messages.digest_missing": office_messages.digest_missing,
    "focal_messages.already_registered": lambda: [
        focal_messages.already_registered("Bộ Công an"),
        focal_messages.already_registered("Bộ Công an", group=True),
    ],
    "refusals.edit_ignored": refusals.edit_ignored,
    "refusals.not_your_task_to_read": lambda: refusals.not_your_task_to_read(12),
    "refusals.invite_private_only": refusals.invite_private_only,
    "refusals.date_out_of_range": lambda: refusals.date_out_of_range(2025, 2036),
    "refusals.unreadable_button": refusals.unreadable_button,
    "refusals.write_busy": refusals.write_busy,
    "refusals.prompt_for_someone_else": lambda: refusals.prompt_for_someone_else(12),
    "refusals.progress_for_someone_else": lambda: refusals.progress_for_someone_else(12),
    "refusals.file_too_large": lambda: refusals.file_too_large(5_000_000),
    "refusals.file_encoding": refusals.file_encoding,
    "refusals.file_inflates": lambda: refusals.file_inflates(30_000_000),
    "refusals.file_too_slow": lambda: refusals.file_too_slow(30.0),
    "refusals.file_unsupported": lambda: refusals.file_unsupported(".xls"),
    "refusals.file_not_downloaded": refusals.file_not_downloaded,
    "refusals.deadline_out_of_range": lambda: refusals.deadline_out_of_range(2025, 2036),
    "import_messages.scanned_pdf": import_messages.scanned_pdf,
    "import_messages.fix_all_usage": import_messages.fix_all_usage,
    "import_messages.no_such_lead": lambda: import_messages.no_such_lead("Bộ KH"),
    "import_messages.fixed_all": lambda: import_messages.fixed_all(3, "Bộ KH", "Bộ Tài chính"),
    "import_messages.group_prompt": lambda: [
        import_messages.group_prompt("Sở Tư pháp", [1, 3], True),
        import_messages.group_prompt("Ban Quản lý dự án 85", list(range(1, 20)), False),
        import_messages.group_prompt(
            "Các bộ, ngành liên quan", [2], False, ["Bộ Tài chính", "Bộ Y tế"]
        ),
        import_messages.group_prompt("Các bộ, ngành", [1, 4], False, whole=17),
    ],
    "import_messages.whole_group_mapped": lambda: [
        import_messages.whole_group_mapped("Các địa phương", [3], 34),
        import_messages.whole_group_mapped(
            "Các bộ, ngành", [1, 4], 15, ["Bộ Tài chính", "Bộ Y tế"], ["UBND tỉnh Nghệ An"]
        ),
    ],
    "import_messages.except_outside_only": lambda: import_messages.except_outside_only(
        "Các bộ, ngành", ["UBND tỉnh Nghệ An"]
    ),
    "import_messages.except_unmatched": lambda: import_messages.except_unmatched(["Bo Khong Co"]),
    "import_messages.not_a_whole_group": lambda: import_messages.not_a_whole_group(
        "Phó Thủ tướng Chính phủ Trần Hồng Hà"
    ),
    "import_messages.group_mapped": lambda: [
        import_messages.group_mapped(
            "Các bộ, ngành liên quan", [2, 5], ["Bộ Tài chính", "Bộ Y tế"]
        ),
        import_messages.group_mapped("Phó Thủ tướng Chính phủ Trần Hồng Hà", [7], ["Bộ Xây dựng"]),
    ],
    "import_messages.group_unmatched": lambda: [
        import_messages.group_unmatched(["Bo Khong Co"], True),
        import_messages.group_unmatched(["Sở A", "Sở B"], False),
    ],
    "import_messages.waiting_question": lambda: [
        import_messages.waiting_question(
            {"Các bộ, ngành liên quan": [2, 5], "Phó Thủ tướng Chính phủ Trần Hồng Hà": [7]},
            [9],
            4,
            6,
        ),
        import_messages.waiting_question({"Các cơ quan, tổ chức": [1, 2]}, [], 2, 0),
    ],
    "import_messages.kept_waiting": lambda: import_messages.kept_waiting(
        ["I.2: Rà soát các dự án — không rõ cơ quan chủ trì “Các bộ, ngành liên quan”"]
    ),
    "import_messages.stale_map_button": import_messages.stale_map_button,
    "import_messages.deadlines_out_of_window": lambda: [
        import_messages.deadlines_out_of_window([1, 3], 2025, 2036),
        import_messages.deadlines_out_of_window(list(range(1, 40)), 2025, 2036),
    ],
    "local_agency_messages.usage": local_agency_messages.usage,
    "local_agency_messages.listing": lambda: local_agency_messages.listing(
        [LocalAgency(name="Sở Tư pháp", aliases=("STP",), parent="UBND tỉnh Nghệ An")]
    ),
    "local_agency_messages.added": lambda: local_agency_messages.added(
        LocalAgency(name="Sở Tư pháp", aliases=("STP",), parent="UBND tỉnh Nghệ An")
    ),
    "local_agency_messages.name_taken": lambda: local_agency_messages.name_taken(
        "STP", "Sở Tư pháp"
    ),
    "local_agency_messages.too_long": local_agency_messages.too_long,
    "local_agency_messages.unreadable_file": lambda: local_agency_messages.unreadable_file("x"),
    "local_agency_messages.candidates": lambda: local_agency_messages.candidates("KH", FOUND),
    "local_agency_messages.not_found": lambda: local_agency_messages.not_found("Bộ Không Có"),
    "local_agency_messages.card": lambda: [
        local_agency_messages.card(REGISTRY.resolve("Bộ Tài chính"), None, None),
        local_agency_messages.card(LOCAL.agency(), LOCAL, None),
        local_agency_messages.card(MERGED, None, REGISTRY.owner_today(MERGED.id)),
    ],
    "tracking_messages.skipped_unknown_lead": lambda: tracking_messages.skipped_unknown_lead(
        "2", TITLE, "Sở Tư pháp"
    ),
    "tracking_messages.members_detail": lambda: tracking_messages.members_detail(51),
    "tracking_messages.followup_date_detail": lambda: [
        tracking_messages.followup_date_detail(before, date(2026, 12, 9))
        for before in (None, date(2026, 12, 15))
    ],
    "tracking_messages.preview_warning": lambda: tracking_messages.preview_warning(
        "mục 3 không ghi cơ quan chủ trì"
    ),
    "tracking_messages.preview_heading": lambda: [
        tracking_messages.preview_heading("56/TB-VPCP", "23/2/2025", bold),
        tracking_messages.preview_heading("", None, str),
    ],
    "tracking_messages.preview_counts": lambda: [
        tracking_messages.preview_counts(12, 9, 1, bold),
        tracking_messages.preview_counts(5, 5, 0, str),
    ],
    "tracking_messages.preview_unknown": lambda: tracking_messages.preview_unknown(
        "Sở KH&amp;CN tỉnh Nghệ An, Ban Quản lý dự án 85"
    ),
    "tracking_messages.preview_dropped": lambda: tracking_messages.preview_dropped(4, "3.b", TITLE),
    "tracking_messages.preview_task": lambda: tracking_messages.preview_task(
        1, "1", TITLE, "Bộ Công an"
    ),
    "tracking_messages.preview_members": lambda: tracking_messages.preview_members(
        63, "Bộ Công an, Bộ Quốc phòng, Bộ Ngoại giao, …"
    ),
    "tracking_messages.preview_co": lambda: tracking_messages.preview_co(
        "Bộ Tài chính, Bộ Tư pháp"
    ),
    "tracking_messages.preview_deadline": lambda: [
        tracking_messages.preview_deadline("31/3/2025", "hoàn thành trước ngày 31/3/2025", False),
        tracking_messages.preview_deadline("chưa xác định thời hạn", "khẩn trương", True),
    ],
    "tracking_messages.preview_group_lead": lambda: tracking_messages.preview_group_lead(
        "Các bộ, ngành liên quan"
    ),
    "tracking_messages.preview_groups_head": lambda: [
        tracking_messages.preview_groups_head(3, bold),
        tracking_messages.preview_groups_head(1, str),
    ],
    "tracking_messages.preview_groups_buttons": tracking_messages.preview_groups_buttons,
    "tracking_messages.preview_whole_buttons": tracking_messages.preview_whole_buttons,
    "tracking_messages.preview_whole_group": lambda: tracking_messages.preview_whole_group(34),
    "tracking_messages.preview_pending_head": lambda: tracking_messages.preview_pending_head(
        3, bold
    ),
    "tracking_messages.preview_pending_lead": lambda: [
        tracking_messages.preview_pending_lead("Sở KH&amp;CN", "2, 5, 7"),
        tracking_messages.preview_pending_lead("", "3"),
    ],
    "tracking_messages.preview_fix_all": lambda: tracking_messages.preview_fix_all("Sở KH&amp;CN"),
    "tracking_messages.preview_pending_confirm": tracking_messages.preview_pending_confirm,
    "tracking_messages.preview_actions": lambda: [
        tracking_messages.preview_actions(bold),
        tracking_messages.preview_actions(str),
    ],
    "tracking_messages.plan_heading": lambda: tracking_messages.plan_heading(
        date(2025, 2, 24), date(2025, 3, 7), 14
    ),
    "tracking_messages.plan_send": lambda: [
        tracking_messages.plan_send(
            datetime(2025, 3, 2 + n, 8, 30, tzinfo=VN), "Bộ Công an", "Tổ C06 [-100123]"
        )
        for n in range(7)
    ],
    "tracking_messages.plan_task": lambda: [
        tracking_messages.plan_task(12, TITLE, kind, date(2025, 3, 31) if n % 2 else None)
        for n, kind in enumerate(ReminderKind)
    ],
    "tracking_messages.proposal_detail": lambda: tracking_messages.proposal_detail(
        "chờ ý kiến Bộ Tư pháp", date(2027, 1, 15)
    ),
    "tracking_messages.decision_detail": lambda: [
        tracking_messages.decision_detail(True, date(2026, 12, 7), date(2027, 1, 15)),
        tracking_messages.decision_detail(False, None, date(2027, 1, 15)),
    ],
    "tracking_messages.with_decision_reason": lambda: tracking_messages.with_decision_reason(
        "đề xuất lùi đến 15/1/2027; thời hạn giữ 7/12/2026", "đã lùi hai lần"
    ),
    "tracking_messages.deadline_set_detail": lambda: [
        tracking_messages.deadline_set_detail(
            date(2026, 12, 7), date(2027, 3, 31), "theo Công văn 123/VPCP-KSTT"
        ),
        tracking_messages.deadline_set_detail(None, date(2027, 3, 31), ""),
    ],
    "status_words.status_text": lambda: (
        [status_words.status_text(replace(STATE, status=status)) for status in FollowUpStatus]
        + [
            status_words.status_text(
                replace(STATE, status=FollowUpStatus.STANDING, deadline_kind=DeadlineKind.RECURRING)
            ),
            status_words.status_text(
                replace(STATE, status=FollowUpStatus.OVERDUE, proposed_deadline=date(2027, 1, 15))
            ),
        ]
    ),
    "status_words.proposal_mark": lambda: [
        status_words.proposal_mark(date(2027, 1, 15)),
        status_words.proposal_mark(None),
    ],
    "office_messages.office_digest": lambda: [
        *(office_messages.office_digest(TODAY, time(16, 30), NOTES, p)[0] for p in range(9)),
        office_messages.office_digest(TODAY, time(16, 30), NOTES[-2:])[0],
    ],
    "tracking_messages.period_label": lambda: "\n".join(
        tracking_messages.period_label(period, date(2026, 3, 20))
        for period in (
            Granularity.WEEKLY,
            Granularity.MONTHLY,
            Granularity.QUARTERLY,
            Granularity.YEARLY,
        )
    ),
    "tracking_messages.period_done_detail": lambda: tracking_messages.period_done_detail(
        "kỳ tháng 3/2026", "đã gửi số liệu tháng 3"
    ),
    "assigned_messages.assigned": lambda: [
        html
        for items in (ASSIGNED, ASSIGNED[:1], ASSIGNED[-1:], MIXED)
        for html, _, _ in assigned_messages.assigned("Vụ Tổng hợp – VPCP", "Bộ Y tế", items, TODAY)
    ],
    "assigned_messages.co_tasks_page": lambda: [
        assigned_messages.co_tasks_page(
            "Bộ Y tế", [(item, "Bộ Công an") for item in LINES], TODAY, page
        ).html
        for page in range(6)
    ],
    "assigned_messages.nothing_left": assigned_messages.nothing_left,
    "assigned_messages.assigned_page": lambda: [
        assigned_messages.assigned_page("Văn phòng theo dõi", "Bộ Y tế", ASSIGNED, TODAY, page).html
        for page in range(3)
    ],
    "assigned_messages.co_count_line": lambda: assigned_messages.co_count_line("Bộ Y tế", 3),
    "assigned_messages.co_operation_refused": lambda: assigned_messages.co_operation_refused(
        12, "Bộ Công an"
    ),
}
#: Public functions that are formatting helpers, keyboards or parsers, not templates.
HELPERS = {
    "format_messages.e",
    "messages.fmt_date",
    "format_messages.fmt_due",
    "format_messages.chunk",
    "format_messages.fmt_time",
    "format_messages.fmt_instant",
    "reply_messages.late_prompt_task",
    "preview_messages.import_keyboard",
    "task_messages.members_keyboard",
    "preview_messages.is_import_prompt",
    "import_messages.group_buttons",
    "import_messages.whole_group_buttons",
    "import_messages.suggestion_buttons",
    "import_messages.group_prompt_name",
    "import_messages.waiting_keyboard",
    "input_messages.e",
    "input_messages.free_text_keyboard",
    "input_messages.agency_keyboard",
    "line_messages.e",
    "line_messages.day",
    "line_messages.urgency",
    "line_messages.due_words",
    "line_messages.left_words",
    "line_messages.cut",
    "line_messages.task_item",
    "line_messages.counts",
    "line_messages.summary",
    "line_messages.worst",
    "line_messages.quiet",
    "line_messages.reminder_title",
    "list_messages.page_count",
    "list_messages.task_buttons",
    "list_messages.pager",
    "list_messages.page_keyboard",
    "list_messages.reminder_key",
    "list_messages.reminder_parts",
    "list_messages.welcome_keyboard",
    "focal_messages.e",
    "focal_messages.keyboard",
    "assigned_messages.notice_name",
    "assigned_messages.co_item",
    "tracking_messages.fmt_date",
    "tracking_messages.weekday",
    "followup_messages.proposal_keyboard",
    "correction_messages.undo_keyboard",
    "followup_messages.reason_prompt_proposal",
    "correction_messages.agencies_named",
    "confirm_messages.confirm_keyboard",
    "confirm_messages.return_prompt_task",
    "contact_messages.is_progress_request",
    "contact_messages.progress_prompt_task",
    "report_messages.e",
    "report_messages.fmt_number",
    "report_messages.fmt_rate",
    "report_wording.scope_label",
    "report_messages.file_name",
    "report_messages.top_agencies",
    "report_messages.summary_keyboard",
    "report_messages.back_keyboard",
}
#: The follow-up date of undated tasks (``chat.followdate_messages``).
UNDATED_DETAIL = replace(
    DETAIL,
    kind=DeadlineKind.NONE,
    due=None,
    granularity=None,
    phrase="khẩn trương",
    followup_on=date(2026, 12, 9),
    next_followup=datetime(2026, 12, 9, 1, 30, tzinfo=UTC),
)
RENDERED.update(
    {
        "followdate_messages.preview_line": lambda: [
            followdate_messages.preview_line(date(2026, 12, 9), chosen) for chosen in (True, False)
        ],
        "followdate_messages.preview_note": lambda: followdate_messages.preview_note(2, 30),
        "followdate_messages.preview_chosen": lambda: followdate_messages.preview_chosen(
            2, date(2026, 12, 9), time(8, 30)
        ),
        "followdate_messages.addtask_proposal": lambda: [
            followdate_messages.addtask_proposal(12, date(2026, 12, 9), phrase, 30)
            for phrase in ("khẩn trương", "sớm", "theo lộ trình")
        ],
        "followdate_messages.chosen_line": lambda: followdate_messages.chosen_line(
            date(2026, 12, 15)
        ),
        "followdate_messages.task_line": lambda: [
            text
            for detail in (
                UNDATED_DETAIL,
                replace(UNDATED_DETAIL, followup_on=None),
                replace(UNDATED_DETAIL, next_followup=None),
            )
            if (text := followdate_messages.task_line(detail, VN)) is not None
        ],
        "followdate_messages.followup_set": lambda: followdate_messages.followup_set(
            12, date(2026, 12, 9), time(8, 30)
        ),
        "followdate_messages.not_a_day": lambda: followdate_messages.not_a_day("sau Tết"),
        "followdate_messages.past_day": lambda: followdate_messages.past_day(date(2026, 12, 1)),
        "followdate_messages.too_far": lambda: followdate_messages.too_far(date(2028, 1, 5)),
        "followdate_messages.dated_addtask": followdate_messages.dated_addtask,
        "followdate_messages.dated_preview_task": lambda: followdate_messages.dated_preview_task(1),
        "followdate_messages.dated_task": lambda: followdate_messages.dated_task(12),
        "followdate_messages.stale_button": followdate_messages.stale_button,
        "followdate_messages.refused": lambda: [
            text
            for reason, value in (
                (FixProblem.FOLLOWUP_DATE, "abc"),
                (FixProblem.FOLLOWUP_PAST, "2026-12-01"),
                (FixProblem.FOLLOWUP_TOO_FAR, "2028-01-05"),
                (FixProblem.FOLLOWUP_DATED, "1"),
                (FixProblem.FOLLOWUP_DATED, "x"),
            )
            if (text := followdate_messages.refused(reason, value)) is not None
        ],
    }
)
HELPERS |= {
    "focal_messages.listed_agency",
    "office_messages.digest_time",
    "followdate_messages.e",
    "followdate_messages.preview_buttons",
    "followdate_messages.proposal_keyboard",
}
MODULES: list[ModuleType] = [
    status_words,
    followdate_messages,
    escalation_messages,
    leadership_messages,
    messages,
    format_messages,
    task_messages,
    reply_messages,
    preview_messages,
    input_messages,
    list_messages,
    line_messages,
    focal_messages,
    refusals,
    import_messages,
    local_agency_messages,
    tracking_messages,
    office_messages,
    assigned_messages,
    followup_messages,
    correction_messages,
    confirm_messages,
    health_messages,
    contact_messages,
    report_messages,
    report_refusal_messages,
    report_wording,
]
#: Words the convention forbids, anywhere.
FORBIDDEN = ["chat này", "Chat này", "đang mở", "«", "»", "Chưa có gì thay đổi", "Hãy ", "hãy "]
#: Greetings and help: no "nothing changed" (nobody feared a side effect).
GREETINGS = {
    "messages.help_text",
    "messages.start_without_token",
    "messages.joined",
    "input_messages.free_text",
    "focal_messages.already_registered",
    "followup_messages.help_focal",
    "followup_messages.help_admin",
    "report_refusal_messages.usage",
}


#: A date written with a leading zero (02/12/2026, 30/06/2025): the convention writes 2/12/2026.
PADDED_DATE = re.compile(r"(?<![\d/])(0\d/\d{1,2}|\d{1,2}/0\d)/\d{4}(?!\d)")


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    assert isinstance(value, list), value
    return [t for item in value for t in _texts(item)]


def _all() -> list[tuple[str, str]]:
    return [(name, text) for name, render in RENDERED.items() for text in _texts(render())]


def test_every_template_is_rendered() -> None:
    public = {
        f"{module.__name__.removeprefix('chat.').replace('tracking.wording', 'tracking_messages').replace('reports.wording', 'report_wording')}.{name}"
        for module in MODULES
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and not name.startswith("_")
    }
    assert public - HELPERS - set(RENDERED) == set()
    assert set(RENDERED) - public == set()


@pytest.mark.parametrize(("name", "text"), _all())
def test_templates_write_dates_without_leading_zeros(name: str, text: str) -> None:
    assert PADDED_DATE.search(text) is None, (name, text)


def test_dates_and_instants_drop_leading_zeros_but_times_keep_theirs() -> None:
    assert messages.fmt_date(date(2026, 2, 3)) == "3/2/2026"
    assert tracking_messages.fmt_date(date(2025, 6, 30)) == "30/6/2025"
    at = datetime(2026, 12, 2, 1, 5, tzinfo=UTC)
    assert messages.fmt_instant(at, ZoneInfo("Asia/Ho_Chi_Minh")) == "2/12/2026 08:05"
    assert messages.fmt_due(date(2026, 3, 31), Granularity.QUARTER, DeadlineKind.DEADLINE) == (
        "Quý I/2026 (31/3/2026)"
    )


@pytest.mark.parametrize(("name", "text"), _all())
def test_templates_follow_the_glossary_and_register(name: str, text: str) -> None:
    for word in FORBIDDEN:
        assert word not in text, (name, word, text)
    # No programmer notation: examples instead of <số> [ghi chú].
    assert "&lt;" not in text, (name, text)
    assert not re.search(r"\[(ghi chú|ngày|lý do)", text), (name, text)
    # No ISO dates and no zero-padded months in prose.
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), (name, text)
    assert "tháng 0" not in text, (name, text)
    if name in GREETINGS:
        assert "không thay đổi" not in text, (name, text)


@pytest.mark.parametrize(("name", "text"), _all())
def test_templates_fit_telegram_after_splitting(name: str, text: str) -> None:
    parts = fit(text)
    assert all(len(part) <= TEXT_LIMIT for part in parts), name
    # Lists stay on one screen and a half: pages, not walls of text.
    if name.startswith("list_messages."):
        assert len(parts) == 1, name
        assert text.count("\n") <= 30, (name, text.count("\n"))


def test_lists_show_at_most_eight_tasks_each_with_its_buttons() -> None:
    seen: list[int] = []
    for number in range(list_messages.page_count(len(LINES))):
        page = list_messages.reminder_page("Bộ Công an", LINES, TODAY, number)
        shown = [int(i) for i in re.findall(r"#(\d+)</b> ·", page.html)]
        assert shown == page.task_ids
        assert 1 <= len(shown) <= list_messages.PAGE_SIZE
        keyboard = list_messages.page_keyboard("r", page)
        data = [b["data"] for row in keyboard for b in row if not b["data"].startswith("pg:")]
        assert data == [f"{a}:{i}" for i in shown for a in ("done", "late")]
        seen += shown
    assert sorted(seen) == sorted(line.task_id for line in LINES)


def test_the_welcome_shows_the_three_most_urgent_with_their_buttons() -> None:
    page = list_messages.welcome_page("Bộ Công an", LINES, TODAY)
    assert page.task_ids == [line.task_id for line in LINES[:3]]
    assert page.html.startswith("📋 <b>3 nhiệm vụ gấp nhất của Bộ Công an</b>\n\n<b>⛔ Quá hạn</b>")
    assert f"Xem đủ {len(LINES)} nhiệm vụ" in page.html
    keyboard = list_messages.welcome_keyboard(page, len(LINES))
    assert [b["data"] for row in keyboard for b in row] == [
        *(f"{a}:{i}" for i in page.task_ids for a in ("done", "late")),
        "menu:tasks",
    ]
    short = list_messages.welcome_page("Bộ Công an", LINES[:2], TODAY)
    assert short.task_ids == [1, 2]
    assert "Xem đủ" not in short.html
    assert [b["data"] for row in list_messages.welcome_keyboard(short, 2) for b in row] == [
        "done:1",
        "late:1",
        "done:2",
        "late:2",
    ]


def test_every_page_of_focal_points_carries_its_own_remove_buttons() -> None:
    many = [replace(POINT, chat_id=-100 - n, title=f"Tổ {n}") for n in range(19)]
    pages = [focal_messages.keyboard(many, page) for page in range(3)]
    removals = [
        [b["data"] for row in rows for b in row if b["data"].startswith("dm:rm:")] for rows in pages
    ]
    assert [len(r) for r in removals] == [8, 8, 3]
    assert [d for r in removals for d in r] == [f"dm:rm:{p.chat_id}" for p in many]
    assert [b["data"] for b in pages[1][-1]] == ["dm:pg:0", "dm:pg:1", "dm:pg:2"]
    assert "Trang 3/3 (đầu mối 17–19 trong 19)" in focal_messages.listing(many, None, VN, 9)
    assert "Trang" not in focal_messages.listing(many[:8], None, VN)
    assert focal_messages.keyboard(many[:8])[-1][0]["data"].startswith("dm:rm:")
    # The list's first line, as the client shows it, says what it lists.
    assert focal_messages.listed_agency("👥 Cán bộ đầu mối (19)\n…") == (True, None)
    assert focal_messages.listed_agency("👥 Cán bộ đầu mối của Bộ Công an (3)") == (
        True,
        "Bộ Công an",
    )
    assert focal_messages.listed_agency("Hướng dẫn sử dụng") == (False, None)


def test_the_reminder_title_names_its_worst_item() -> None:
    first = list_messages.reminder_page("Bộ Công an", LINES, TODAY).html.splitlines()
    assert first[0] == "⛔ <b>Nhắc việc: 41 nhiệm vụ quá hạn</b>"
    assert first[1] == (
        "Bộ Công an có 45 nhiệm vụ cần báo cáo: 41 quá hạn, 2 đến hạn trong 7 ngày tới, "
        "1 sắp đến hạn, 1 chưa xác định thời hạn."
    )
    today_only = list_messages.reminder_page("Bộ Công an", LINES[1:2], TODAY).html
    assert today_only.startswith("⏰ <b>Nhắc việc: Nhiệm vụ đến hạn hôm nay</b>")
    far = list_messages.reminder_page("Bộ Công an", LINES[3:4], TODAY).html
    assert far.startswith("🔔 <b>Nhắc việc: Nhiệm vụ sắp đến hạn</b>")
    assert list_messages.quiet(LINES[3:4], TODAY)
    assert not list_messages.quiet(LINES[1:4], TODAY)


def test_one_task_is_two_lines_status_first() -> None:
    item = list_messages.task_item(LINES[0], TODAY, "Bộ Công an")
    first, second = item.split("\n")
    assert first == "⛔ <b>#1</b> · <b>quá hạn 655 ngày</b> · hạn 15/2/2025"
    assert second.endswith("…")
    assert len(second) <= list_messages.TITLE_CHARS
    month = list_messages.task_item(LINES[3], TODAY)
    assert "hạn tháng 3/2027" in month


def test_the_command_menus_fit_telegram_and_follow_the_glossary() -> None:
    """Telegram refuses a whole setMyCommands over one bad entry: 1–32 lowercase letters,
    digits or _ for a command, 1–256 characters of description."""
    menus = command_messages.MENU + command_messages.ADMIN_MENU
    assert len({command for command, _ in menus}) == len(menus)
    for command, description in menus:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command), command
        assert 1 <= len(description) <= 256, command
        for word in FORBIDDEN:
            assert word not in description, (command, word)
        assert "|" not in description, "a phone keyboard hides |; the menu shows ;"


@pytest.mark.parametrize(("send_time", "days"), [(time(8, 30), 7), (time(7, 15), 14)])
def test_numbers_and_times_come_from_the_settings(send_time: time, days: int) -> None:
    shown = f"{send_time:%H:%M}"
    assert f"lúc {shown}" in messages.joined(JOIN, send_time=send_time)
    admin_help = messages.help_text(
        is_admin=True, agency=None, send_time=send_time, invite_days=days, office="Vụ TH – VPCP"
    )
    assert f"lúc {shown}" in admin_help
    assert f"hiệu lực {days} ngày" in admin_help
    assert "Vụ TH – VPCP" in admin_help
    other = "07:15" if shown == "08:30" else "08:30"
    assert other not in messages.joined(JOIN, send_time=send_time)
    assert "Vụ TH – VPCP" in messages.not_admin("Vụ TH – VPCP")
    assert "Vụ TH – VPCP" in messages.start_without_token("Vụ TH – VPCP")


def _naming_the_office(office: str) -> dict[str, str]:
    """Every template that names the office, rendered for ``office``."""
    return {
        "followup_messages.proposal_sent": followup_messages.proposal_sent(PROPOSED, VN, office),
        "followup_messages.proposal_for_admins": followup_messages.proposal_for_admins(
            PROPOSED, "Lan", "chờ ý kiến Bộ Tư pháp", TODAY, office
        ),
        "followup_messages.focal_approved": followup_messages.focal_approved(PROPOSAL, office),
        "followup_messages.focal_rejected": followup_messages.focal_rejected(DECIDED, office),
        "followup_messages.focal_reason": followup_messages.focal_reason(DECIDED, office),
        "followup_messages.pending_in_task": followup_messages.pending_in_task([PROPOSAL], office),
        "followup_messages.no_pending": followup_messages.no_pending(office),
        "followup_messages.deadline_set_focal": followup_messages.deadline_set_focal(
            DEADLINE_SET, office
        ),
        "followup_messages.help_focal": "\n".join(followup_messages.help_focal(10, office)),
        "followup_messages.cancelled_task": followup_messages.cancelled_task(12, office),
        "correction_messages.undone_focal": correction_messages.undone_focal(CORRECTION, office),
        "correction_messages.undo_refused": "\n".join(
            correction_messages.undo_refused(r, 10, office)
            for r in (UndoProblem.EXPIRED, UndoProblem.DECIDED)
        ),
        "correction_messages.reopened_focal": correction_messages.reopened_focal(
            PERIOD_REOPENED, office
        ),
        "correction_messages.cancelled_focal": correction_messages.cancelled_focal(
            CORRECTION, office
        ),
        "correction_messages.edited_focal": correction_messages.edited_focal(CORRECTION, office),
        "correction_messages.period_button_refused_admin": (
            correction_messages.period_button_refused_admin(office)
        ),
        "correction_messages.progress_recorded": correction_messages.progress_recorded(
            CORRECTION, office
        ),
        "confirm_messages.submitted_focal": confirm_messages.submitted_focal(PROPOSED, office),
        "confirm_messages.confirmed_focal": confirm_messages.confirmed_focal(CORRECTION, office),
        "messages.help_text": messages.help_text(is_admin=True, agency=None, office=office),
        "messages.start_without_token": messages.start_without_token(office),
        "messages.invite_invalid": messages.invite_invalid(InviteProblem.EXPIRED, office),
        "messages.not_bound": messages.not_bound(office),
        "messages.not_admin": messages.not_admin(office),
        "reply_messages.late_confirmed": messages.late_confirmed(REPLY, VN, office),
        "input_messages.free_text": input_messages.free_text(
            agency=None, is_admin=False, office=office
        ),
        "input_messages.not_text": input_messages.not_text(
            "photo", agency=None, is_admin=False, formats=(".docx",), office=office
        ),
        "leadership_messages.reports_refused": leadership_messages.reports_refused(
            "Bộ Công an", office
        ),
        "leadership_messages.wrong_chat": leadership_messages.wrong_chat(
            InviteProblem.FOCAL_CHAT, office
        ),
        "leadership_messages.weekly_summary": "\n".join(
            leadership_messages.weekly_summary("Bộ Công an", LINES, {1}, TODAY, office)
        ),
        "escalation_messages.leadership": "\n".join(
            escalation_messages.leadership("Bộ Công an", ESCALATED, TODAY, office)
        ),
        "focal_messages.told_removed": focal_messages.told_removed("Bộ Công an", office),
        "assigned_messages.assigned": "\n".join(
            html for html, _, _ in assigned_messages.assigned(office, "Bộ Y tế", ASSIGNED, TODAY)
        ),
        "assigned_messages.assigned_page": assigned_messages.assigned_page(
            office, "Bộ Y tế", ASSIGNED, TODAY, 0
        ).html,
    }


def test_two_offices_in_one_process_each_read_their_own_name() -> None:
    """The office's name is an argument of every text that names it, with no default and
    no module's state: two bots with different ``OFFICE_NAME`` in one process each render
    their own, in any order."""
    first, second = "Vụ Tổng hợp – VPCP", "Văn phòng UBND tỉnh Nghệ An"
    one = _naming_the_office(first)
    other = _naming_the_office(second)
    assert _naming_the_office(first) == one, "rendering for another office changed nothing"
    for name, text in one.items():
        assert first in text, name
        assert second not in text, name
        assert OFFICE not in text, name
        assert second in other[name], name
        assert first not in other[name], name
    takes_the_office = {
        f"{module.__name__.removeprefix('chat.')}.{name}": value
        for module in MODULES
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and not name.startswith("_")
        and "office" in inspect.signature(value).parameters
    }
    assert set(takes_the_office) == set(one)
    for name, value in takes_the_office.items():
        office = inspect.signature(value).parameters["office"]
        assert office.default is inspect.Parameter.empty, f"{name}: no default office"
    for module in (followup_messages, correction_messages, confirm_messages):
        assert not hasattr(module, "OFFICE")
        assert not hasattr(module, "use_office_name")


def test_a_long_office_digest_pages_and_every_page_heads_with_the_days_counts() -> None:
    first, keyboard = office_messages.office_digest(TODAY, time(16, 30), NOTES)
    pages = int(re.search(r"Trang 1/(\d+);", first)[1])  # type: ignore[index]
    # At most PAGE_NOTES a page, fewer when they are long (these are).
    assert pages >= -(-len(NOTES) // office_messages.PAGE_NOTES)
    assert [b["data"] for b in keyboard[0]] == ["pg:o20261202:0", "pg:o20261202:1"]
    parts = [office_messages.office_digest(TODAY, time(16, 30), NOTES, p)[0] for p in range(pages)]
    assert all(len(part) <= TEXT_LIMIT for part in parts)
    for part in parts:
        assert part.startswith("📋 <b>Tổng hợp trong ngày 2/12/2026</b> (đến 16:30)\n")
        assert "150 báo cáo · " in part.splitlines()[1]
        assert part.count("• ") <= office_messages.PAGE_NOTES
    # Nothing is lost in the pages: every note is on one of them, once.
    assert sum(part.count("• ") for part in parts) == len(NOTES)
    # The most pressing first: the unreachable chat before the reports.
    assert first.index("Không gửi được tin") < first.index("Báo cáo của cán bộ đầu mối")
    # A page past the end is the last; a short day is one page without ◀ ▶.
    assert office_messages.office_digest(TODAY, time(16, 30), NOTES, 99)[0] == parts[-1]
    short, buttons = office_messages.office_digest(TODAY, time(16, 30), NOTES[-2:])
    assert "Trang" not in short
    assert buttons == []
    # A note as long as a message is alone on its page, cut to fit.
    long = [replace(NOTES[0], html="chờ ý kiến " * 500), *NOTES[:3]]
    alone = office_messages.office_digest(TODAY, time(16, 30), long)[0]
    assert alone.count("• ") == 1
    assert len(alone) <= TEXT_LIMIT
    # Each page says the time its first one said.
    assert office_messages.digest_time(re.sub(r"<[^>]+>", "", parts[1])) == time(16, 30)
    assert office_messages.digest_time("Hướng dẫn") is None


def test_the_follow_up_date_buttons_fit_telegram_and_only_propose() -> None:
    followups = [
        PreviewFollowUp(number=2, day=date(2026, 12, 9), chosen=False),
        PreviewFollowUp(number=3, day=date(2026, 12, 21), chosen=True),
    ]
    rows = followdate_messages.preview_buttons(123456789, followups)
    assert [b["data"] for row in rows for b in row] == ["imp:fu:123456789:2:20261209"]
    assert rows[0][0]["text"] == "📅 Số 2: đôn đốc 9/12/2026"
    [[button]] = followdate_messages.proposal_keyboard(2**62, date(2026, 12, 9))
    assert len(button["data"].encode()) <= 64
    assert followdate_messages.refused(FixProblem.NUMBER, "3") is None
    assert followdate_messages.task_line(DETAIL, VN) is None  # a dated task


def test_the_group_a_mapping_question_asks_about_is_read_back_from_it() -> None:
    from html import unescape

    for name in ("Sở KH&CN", "Phó Thủ tướng Chính phủ Trần Hồng Hà"):
        asked = unescape(import_messages.group_prompt(name, [2], False, ["Bộ Y tế"]))
        assert import_messages.group_prompt_name(asked) == name  # as Telegram shows it
    assert import_messages.group_prompt_name("Nhóm “Sở X” gồm những cơ quan nào?") is None


def test_group_buttons_fit_telegram_and_store_only_when_something_is_ready() -> None:
    rows = import_messages.group_buttons(2**62, [(1, "Các bộ, ngành liên quan"), (3, "X" * 90)])
    assert [b["data"] for row in rows for b in row] == [
        f"imp:map:{2**62}:1",
        f"imp:map:{2**62}:3",
    ]
    assert all(len(b["data"].encode()) <= 64 for row in rows for b in row)
    assert rows[1][0]["text"].endswith("…”")
    whole = import_messages.whole_group_buttons(
        2**62, [(2, "Các địa phương", 34), (4, "Các bộ, cơ quan chủ quản cơ sở dữ liệu" * 3, 17)]
    )
    assert [b["text"] for row in whole for b in row] == [
        "Cả nhóm “Các địa phương” (34 cơ quan)",
        "Cả nhóm “Các bộ, cơ quan chủ quản cơ sở dữ l…” (17 cơ quan)",
    ]
    assert [b["data"] for row in whole for b in row] == [f"imp:all:{2**62}:2", f"imp:all:{2**62}:4"]
    assert all(len(b["data"].encode()) <= 64 for row in whole for b in row)
    assert [b["data"] for row in import_messages.waiting_keyboard(7, 0) for b in row] == [
        "imp:no:7"
    ]
    assert [b["text"] for row in import_messages.waiting_keyboard(7, 3) for b in row] == [
        "💾 Lưu 3 nhiệm vụ đã rõ",
        "✖️ Hủy",
    ]


def test_the_plan_writes_the_weekday_as_the_office_does() -> None:
    week = [tracking_messages.weekday(date(2025, 2, 24) + timedelta(days=n)) for n in range(7)]
    assert week == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
    sent = tracking_messages.plan_send(
        datetime(2025, 3, 2, 8, 30, tzinfo=VN), "Bộ Công an", "Tổ C06 [-100123]"
    )
    assert sent == "Chủ nhật 2/3/2025 08:30 → Bộ Công an: Tổ C06 [-100123]"
    assert tracking_messages.plan_task(12, "Báo cáo", ReminderKind.DUE, None) == (
        "#12 Báo cáo (đến hạn, chưa xác định thời hạn)"
    )


def test_the_command_line_preview_is_the_chat_preview_in_plain_text() -> None:
    """``bot.py import --dry-run`` prints the same wording, without HTML and without the
    chat's buttons and /fix hints (nothing can be pressed or fixed there)."""
    shown = {
        html: render_preview(
            number="56/TB-VPCP",
            issued=date(2025, 2, 23),
            title="Kết luận của Thủ tướng",
            tasks=PREVIEW_TASKS,
            unknown=["Sở KH&CN tỉnh Nghệ An"],
            fmt_due=messages.fmt_due,
            fmt_date=messages.fmt_date,
            html=html,
            chat=html,
        )
        for html in (True, False)
    }
    plain = "\n\n".join([shown[False].head, *shown[False].items, shown[False].footer])
    assert "<b>" not in plain
    assert "&amp;" not in plain
    assert "Sở KH&CN tỉnh Nghệ An" in plain
    assert "Bấm" not in plain
    assert "/fix tất cả chủ trì Sở KH&CN tỉnh Nghệ An → Bộ Tài chính" in plain
    assert (
        "Đọc được 4 nhiệm vụ: 3 có thời hạn, 1 chưa xác định thời hạn ⚠️. Đã bỏ 1 nhiệm vụ." in plain
    )
    assert f"5. [4] {TITLE} — đã bỏ" in plain, "a dropped task keeps its number"
    assert "Gồm 63 cơ quan: " in plain
    for word in FORBIDDEN:
        assert word not in plain, word
    assert len(shown[True].items) == len(shown[False].items) == len(PREVIEW_TASKS)
    assert "Bấm Xác nhận" in shown[True].footer


@pytest.mark.parametrize("is_admin", [True, False])
def test_help_names_every_command_of_the_menus(is_admin: bool) -> None:
    """/help as the handler composes it: a command in Telegram's menu (or an admin's
    follow-up command) that /help does not name is a command nobody finds."""
    from chat.followup import ADMIN_COMMANDS

    text = messages.help_text(
        is_admin=is_admin,
        agency=None if is_admin else "Bộ Công an",
        office=OFFICE,
        focal_extra=[
            *followup_messages.help_focal(10, OFFICE),
            *input_messages.alias_help(is_admin=is_admin),
        ],
        admin_extra=followup_messages.help_admin(),
    )
    named = set(re.findall(r"/([a-z]+)", text))
    wanted = {command for command, _ in command_messages.MENU} - {"help"}
    if is_admin:
        wanted |= {command for command, _ in command_messages.ADMIN_MENU} | set(ADMIN_COMMANDS)
    assert wanted - named == set()

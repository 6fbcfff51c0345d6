"""The parts the runner and the chat are given, each built from the settings: the weekly
digest, the leadership summary, the escalator, the teller, the admins' daily digest and the
reports' chat."""

from __future__ import annotations

from chat import (
    assigned_messages,
    escalation_messages,
    leadership_messages,
    office_messages,
    report_messages,
)
from chat.leadership_messages import LeadershipTerms
from chat.messages import not_admin
from chat.reports import ReportChat
from reports.digest import Digest, DigestPlan, MediaSender
from settings import Settings
from tracking.escalation import EscalationWords, Escalator
from tracking.leadership import LeadershipSummary
from tracking.office import OfficeDigest
from tracking.telling_sweep import Teller
from wiring.core import Core


def weekly_digest(core: Core, sender: MediaSender) -> Digest:
    """The weekly digest to every admin and the leadership chats."""
    settings = core.settings
    return Digest(
        sessions=core.sessions,
        registry=core.registry,
        plan=DigestPlan(
            weekday=settings.digest_weekday,
            at=settings.digest_time or settings.send_time,
            timezone=settings.timezone,
        ),
        recipients=settings.admin_ids | settings.leadership_chat_ids,
        sender=sender,
        wording=report_messages,
        admins=settings.admin_ids,
    )


def leadership_terms(settings: Settings) -> LeadershipTerms:
    """What a leadership chat receives and when, as its welcome and /help say it."""
    return LeadershipTerms(
        office=settings.office_name,
        escalate_after=settings.escalate_after,
        summary_day=settings.digest_weekday,
        summary_time=settings.digest_time or settings.send_time,
    )


def leadership_summary(core: Core) -> LeadershipSummary:
    """Each leadership chat's weekly summary, at the weekly digest's slot."""
    settings = core.settings
    plan = DigestPlan(
        weekday=settings.digest_weekday,
        at=settings.digest_time or settings.send_time,
        timezone=settings.timezone,
    )
    office = settings.office_name
    return LeadershipSummary(
        sessions=core.sessions,
        registry=core.registry,
        slot=plan.slot,
        timezone=settings.timezone,
        render=lambda agency, lines, escalated, today: leadership_messages.weekly_summary(
            agency, lines, escalated, today, office
        ),
    )


def escalator(core: Core) -> Escalator:
    """Escalation after ``ESCALATE_AFTER`` unanswered chases, in the chase's transaction."""
    settings = core.settings
    office = settings.office_name
    return Escalator(
        registry=core.registry,
        admin_ids=settings.admin_ids,
        admin_notify=settings.admin_notify,
        threshold=settings.escalate_after,
        words=EscalationWords(
            office_note=escalation_messages.office_note,
            leadership=lambda agency, items, today: escalation_messages.leadership(
                agency, items, today, office
            ),
        ),
        timezone=settings.timezone,
    )


def teller(core: Core) -> Teller:
    """Focal points told of the tasks given to their agency, at the next sending time."""
    office = core.settings.office_name
    return Teller(
        sessions=core.sessions,
        registry=core.registry,
        timezone=core.settings.timezone,
        render=lambda agency, items, today: assigned_messages.assigned(
            office, agency, items, today
        ),
    )


def office_digest(core: Core) -> OfficeDigest:
    """The admins' daily digest (``ADMIN_NOTIFY=digest``) at ``ADMIN_DIGEST_TIME``."""
    settings = core.settings
    at = settings.admin_digest_time
    return OfficeDigest(
        sessions=core.sessions,
        calendar=core.planner.calendar,
        timezone=settings.timezone,
        at=at,
        admin_ids=settings.admin_ids,
        render=lambda day, notes: office_messages.office_digest(day, at, notes),
    )


def report_chat(core: Core) -> ReportChat:
    """/baocao and /xuatexcel for the admins."""
    return ReportChat(
        sessions=core.sessions,
        registry=core.registry,
        access=core.tracker.report_access,
        clock=core.clock,
        timezone=core.settings.timezone,
        refuse=lambda: not_admin(core.settings.office_name),
    )

"""What ``bot.py import --dry-run`` prints: the Vietnamese preview, the same wording as the
chat's, and with ``--json`` one object per task for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from notices.importer import ParsedNotice

if TYPE_CHECKING:
    from tracking.import_proposal import JsonObject, ProposedTask

__all__ = ["SCRIPT_FIELDS", "preview", "task_json"]


def preview(
    notice: ParsedNotice,
    today: date | None = None,
    interval_days: int = 30,
    chosen: Sequence[ProposedTask] | None = None,
) -> str:
    """The Vietnamese preview printed by ``--dry-run``: the same wording as the chat's
    (:func:`tracking.preview.render_preview`), as plain text, then the importer's warnings.
    With ``today``, each undated task shows the follow-up date the chat would propose, or
    the one chosen (``chosen``: the tasks with their dates set)."""
    from chat.followdate_messages import preview_line
    from chat.messages import fmt_date, fmt_due
    from domain.calendar import WorkingCalendar
    from tracking.followup_dates import preview_followups
    from tracking.import_proposal import proposed_tasks
    from tracking.preview import render_preview
    from tracking.wording import preview_warning

    tasks = chosen or proposed_tasks(notice)
    followups = (
        {
            f.number: preview_line(f.day, f.chosen)
            for f in preview_followups(
                tasks, today=today, calendar=WorkingCalendar(), interval_days=interval_days
            )
        }
        if today is not None
        else None
    )
    text = render_preview(
        followups=followups,
        number=notice.number or "",
        issued=notice.issued,
        title=notice.title,
        tasks=tasks,
        unknown=notice.unknown_agencies,
        fmt_due=fmt_due,
        fmt_date=fmt_date,
        html=False,
        chat=False,
    )
    blocks = [text.head, *text.items]
    if text.footer:
        blocks.append(text.footer)
    warnings = [preview_warning(warning) for warning in notice.warnings]
    if warnings:
        blocks.append("\n".join(warnings))
    return "\n\n".join(blocks) + "\n"


#: The fields ``--json`` prints of each task (of its JSON form in the stored proposal).
SCRIPT_FIELDS = (
    "ref",
    "seq",
    "lead",
    "members",
    "co",
    "title",
    "text",
    "due",
    "granularity",
    "kind",
    "phrase",
)


def task_json(task: ProposedTask) -> JsonObject:
    """One task as the JSON object ``--json`` prints: the :data:`SCRIPT_FIELDS` of its JSON
    form (:meth:`tracking.import_proposal.ProposedTask.to_json`)."""
    full = task.to_json()
    return {field: full[field] for field in SCRIPT_FIELDS}

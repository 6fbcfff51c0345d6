"""``/edit``: the office changes a task's deadline, title, lead or co-operations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.deadline import Deadline
from domain.errors import ChangeProblem, ChangeRefused
from domain.followup import DEADLINE_FIELD
from domain.followup_date import takes_followup_date
from domain.status import EventKind
from domain.titles import STORED_TITLE_MAX
from storage.models import TaskRow
from tracking.corrections.base import Correction, CorrectionsCore, Who, _event
from tracking.followup import plan_in_force
from tracking.proposals import owner_chats, queue_chat_message
from tracking.statuses import event_data
from tracking.telling import plan_tellings, supersede_tellings
from tracking.wording import fmt_date

#: ``/edit`` fields, as typed (with and without diacritics) → the stored field.
EDIT_FIELDS = {
    "hạn": DEADLINE_FIELD,
    "han": DEADLINE_FIELD,
    "tên": "title",
    "ten": "title",
    "chủ trì": "lead",
    "chu tri": "lead",
    "phối hợp": "co",
    "phoi hop": "co",
}


class Editing(CorrectionsCore):
    """The office's ``/edit``."""

    async def edit(
        self,
        *,
        task_id: int,
        field: str,
        value: str,
        who: Who,
        now: datetime,
        read_deadline: Callable[[str], Deadline],
        tell_focal: Callable[[Correction], str],
    ) -> Correction:
        """``/edit``: the deadline (``hạn``), the title (``tên``), the lead (``chủ trì``:
        moves the obligation, keeping its history) or the co-operating agencies
        (``phối hợp``). Raises TaskNotFound, ChangeRefused (unknown_field, empty, same,
        group_lead, …), UnknownAgency, DeadlineNotUnderstood (from ``read_deadline``)."""
        stored = EDIT_FIELDS.get(field.strip().lower())
        if stored is None:
            raise ChangeRefused(ChangeProblem.UNKNOWN_FIELD, field)
        value = value.strip()
        if not value:
            raise ChangeRefused(ChangeProblem.EMPTY, field)
        moved_from: str | None = None
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            match stored:
                case "title":
                    old, new = task.title, value[:STORED_TITLE_MAX]
                    if old == new:
                        raise ChangeRefused(ChangeProblem.SAME, value)
                    task.title = new
                    data = event_data(field="title", old=old, new=new)
                case "co":
                    names = (
                        [] if value.lower() in {"không", "khong", "bỏ", "bo"} else value.split(",")
                    )
                    agencies = [self._registry.resolve(n.strip()) for n in names if n.strip()]
                    co = list(dict.fromkeys(a.id for a in agencies))
                    old = ", ".join(self._registry.get(c).name for c in task.co) or "không"
                    new = ", ".join(a.name for a in agencies) or "không"
                    if co == list(task.co):
                        raise ChangeRefused(ChangeProblem.SAME, value)
                    data = event_data(field="co", old=list(task.co), new=co)
                    await self._tell_co(session, task, co, now)
                    task.co = co
                case "lead":
                    target = self._registry.resolve(value)
                    if len(assignments) != 1:
                        raise ChangeRefused(ChangeProblem.GROUP_LEAD, task.lead)
                    [assignment] = assignments
                    if target.id in (assignment.agency_id, assignment.owner_id):
                        raise ChangeRefused(ChangeProblem.SAME, target.name)
                    old, new = task.lead, target.name
                    session.add(
                        _event(
                            task.id,
                            assignment.id,
                            EventKind.MOVED,
                            who,
                            now,
                            f"{self._registry.get(assignment.agency_id).name} → {target.name}",
                            event_data(old=assignment.agency_id, new=target.id),
                        )
                    )
                    old_owner = assignment.owner_id
                    assignment.agency_id = target.id
                    assignment.owner_id = self._registry.owner_today(target.id).id
                    task.lead, task.lead_agency_id = target.name, target.id
                    data = event_data(field="lead", old=old_owner, new=target.id)
                    moved_from = old_owner
                    # Its reminders are the obligation's: they follow it to the new lead,
                    # who is told of it as of a new task; the old lead is not any more.
                    await supersede_tellings(
                        session, agency_id=old_owner, now=now, task_ids=[task.id]
                    )
                    if assignment.status.is_open:
                        await plan_tellings(
                            session,
                            self._registry,
                            task_id=task.id,
                            leads=[assignment.owner_id],
                            co=[],
                            now=now,
                        )
                case _:
                    deadline = read_deadline(value)
                    old = _deadline_text(task)
                    previous = {
                        "kind": task.kind.value,
                        "due": task.due.isoformat() if task.due else None,
                        "phrase": task.phrase,
                    }
                    task.due, task.granularity = deadline.due, deadline.granularity
                    task.kind, task.phrase = deadline.kind, deadline.phrase
                    if not takes_followup_date(deadline.kind, deadline.granularity):
                        # A chosen follow-up date is for what the interval follows up.
                        task.followup_on = None
                    new = _deadline_text(task)
                    data = event_data(
                        field=DEADLINE_FIELD,
                        due=deadline.due,
                        deadline_kind=deadline.kind,
                        old=previous,
                        new={
                            "kind": deadline.kind.value,
                            "due": deadline.due.isoformat() if deadline.due else None,
                            "phrase": deadline.phrase,
                        },
                    )
                    # The assigned deadline is corrected: earlier extensions give way to it.
                    # The rule of a recurring duty and its current period are read again.
                    task.recurrence = None
                    for assignment in assignments:
                        assignment.new_due = assignment.period_due = None
                        await plan_in_force(session, self._planner, assignment, task, now)
            session.add(
                _event(task.id, None, EventKind.EDITED, who, now, f"{field}: {old} → {new}", data)
            )
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.EDITED,
                agencies=self._names(assignments),
                field=stored,
                old=old,
                new=new,
                changed=1,
            )
            owners = [a.owner_id for a in assignments if a.status.is_open]
            if moved_from is not None:
                # The new lead hears of it as of a new task; the old one, that it moved.
                owners = [moved_from]
            for chat_id in await owner_chats(session, owners):
                queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result

    async def _tell_co(
        self, session: AsyncSession, task: TaskRow, co: list[str], now: datetime
    ) -> None:
        """A co-operation added is told as of a new task; one dropped is not told."""
        assignments = (await self._task(session, task.id))[1]
        leads = {a.owner_id for a in assignments}
        added = [
            c for c in co if c not in task.co and self._registry.owner_today(c).id not in leads
        ]
        for dropped in (c for c in task.co if c not in co):
            await supersede_tellings(
                session,
                agency_id=self._registry.owner_today(str(dropped)).id,
                now=now,
                task_ids=[task.id],
            )
        if added and any(a.status.is_open for a in assignments):
            await plan_tellings(
                session, self._registry, task_id=task.id, leads=[], co=added, now=now
            )


def _deadline_text(task: TaskRow) -> str:
    if task.due is not None:
        return fmt_date(task.due)
    return task.phrase or task.kind.value

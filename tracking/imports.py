"""Imports waiting for an admin: the importer's proposal as plain JSON, fixed task by task,
then stored as a notice whose tasks are scheduled like seeded ones.

The payload is JSON (not pickled objects) so a pending import survives a restart and an
upgrade of the code that produced it.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, assert_never

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry, fold_name
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.errors import DeadlineNotUnderstood, TrackerError, UnknownAgency
from domain.followup_date import FollowUpDateRefused, chosen_followup
from domain.status import ImportState
from domain.titles import TYPED_TITLE_MAX
from notices.importer import ParsedNotice
from storage.claims import claim_one
from storage.db import reading
from storage.models import ImportRow
from tracking import wording as say
from tracking.followup_dates import PAYLOAD_KEY, chosen_of, read_followup, takes_followup
from tracking.preview import GROUP_CHOSEN, GROUP_KEY, group_of
from tracking.service import Actor, NewTask, Tracker
from tracking.views import StoreReport


class ImportNotFound(TrackerError):
    """No pending import to act on in this chat."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        super().__init__(f"no pending import in chat {chat_id}")


class FixField(enum.StrEnum):
    """What ``/fix <số> …`` changes in a proposed task; the value is the word as typed (also
    read without diacritics: "han", "chu tri", "ten", "bo")."""

    DEADLINE = "hạn"
    """The deadline, read by the deadline normaliser."""
    LEAD = "chủ trì"
    """The lead: an agency or a group of agencies."""
    TITLE = "tên"
    """The title, as typed (at most ``TYPED_TITLE_MAX`` characters)."""
    FOLLOWUP = "đôn đốc"
    """An undated task's first follow-up date (``tracking.followup_dates``; also typed
    "theo dõi")."""
    DROP = "bỏ"
    """Leave the task out of the import (its number stays)."""


class FixProblem(enum.StrEnum):
    """Why a ``/fix`` cannot be applied: each has its own answer."""

    NUMBER = "number"
    """No task has this number in the preview (``value``: the number)."""
    DROPPED = "dropped"
    """The task was left out already (``value``: the number)."""
    DEADLINE = "deadline"
    """The deadline was not understood (``value``: as typed)."""
    AGENCY = "agency"
    """No agency or group has this name (``value``: as typed)."""
    TITLE = "title"
    """An empty title or one over ``TYPED_TITLE_MAX`` characters."""
    FIELD = "field"
    """No field, or one ``/fix`` does not change (``value``: the word typed)."""
    NO_SUCH_LEAD = "no_such_lead"
    """"/fix tất cả chủ trì <cũ> → …": no kept task is led by ``<cũ>`` (``value``)."""
    FOLLOWUP_DATED = "followup_dated"
    """A follow-up date for a task that has a deadline (``value``: the number)."""
    FOLLOWUP_DATE = "followup_date"
    """The follow-up date names no day (``value``: as typed)."""
    FOLLOWUP_PAST = "followup_past"
    """The follow-up date is before today (``value``: the day, ISO)."""
    FOLLOWUP_TOO_FAR = "followup_too_far"
    """The follow-up date is more than a year ahead (``value``: the day, ISO)."""


class FixRejected(TrackerError):
    """A correction that cannot be applied (bad task number, unknown agency, bad date)."""

    def __init__(self, reason: FixProblem, value: str = "") -> None:
        self.reason = reason
        self.value = value
        super().__init__(f"{reason}: {value!r}")


@dataclass(frozen=True, kw_only=True, slots=True)
class PendingImport:
    """A previewed import."""

    import_id: int
    source: str
    payload: dict[str, Any]

    @property
    def tasks(self) -> list[dict[str, Any]]:
        return list(self.payload["tasks"])


def notice_key(number: str | None, issued: date | None, text_digest: str) -> str:
    """The stable key of a notice: its number, or (without one) its date and a digest."""
    if number:
        return number
    return f"VB-{issued.isoformat() if issued else 'undated'}-{text_digest[:8]}"


def payload_of(parsed: ParsedNotice, text: str) -> dict[str, Any]:
    """The JSON form of what the importer proposes. A task whose lead is written but not
    in the registry (a collective the text does not pin down, a person, an unknown body)
    carries that name as its ``group``; ``groups`` lists those names once each, in the
    order the preview shows them, so a group's number (its 👥 button) never moves."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    tasks = [
        {
            "ref": t.ref,
            "seq": t.seq,
            "lead": t.lead,
            "lead_known": t.lead_known,
            "members": list(t.members),
            "co": list(t.co),
            "title": t.title,
            "text": t.text,
            **t.deadline.to_json(),
            **({GROUP_KEY: t.lead} if t.lead and not t.lead_known else {}),
        }
        for t in parsed.tasks
    ]
    return {
        "key": notice_key(parsed.number, parsed.issued, digest),
        "number": parsed.number or "",
        "issued": parsed.issued.isoformat() if parsed.issued else None,
        "title": parsed.title,
        "unknown_agencies": list(parsed.unknown_agencies),
        "groups": group_names({"tasks": tasks}),
        "tasks": tasks,
    }


def group_names(payload: dict[str, Any]) -> list[str]:
    """The import's groups in preview order; the 👥 button of group ``n`` is the n-th."""
    if payload.get("groups"):
        return [str(name) for name in payload["groups"]]
    return list(dict.fromkeys(g for t in payload["tasks"] if (g := group_of(t))))


def is_waiting(task: dict[str, Any], registry: AgencyRegistry) -> bool:
    """Whether a kept task cannot be stored yet: its lead is not in the registry (a group
    not mapped, or no lead at all) — unless the registry has learnt the name since."""
    if task.get("dropped") or task.get("lead_known", True):
        return False
    return registry.find(str(task.get("lead") or "")) is None


def unresolved_groups(payload: dict[str, Any]) -> dict[str, list[int]]:
    """Each group still to map → the numbers of its (kept) tasks, in preview order."""
    found: dict[str, list[int]] = {name: [] for name in group_names(payload)}
    for number, task in enumerate(payload["tasks"], start=1):
        group = group_of(task)
        if group and not task.get("dropped") and not task.get("lead_known", True):
            found.setdefault(group, []).append(number)
    return {name: numbers for name, numbers in found.items() if numbers}


class GroupsUnresolved(TrackerError):
    """Confirming an import while some tasks wait for their agencies: nothing is stored
    until the admin maps them or chooses to store the others and keep these pending."""

    def __init__(
        self, groups: dict[str, list[int]], no_lead: list[int], waiting: int, ready: int
    ) -> None:
        self.groups = groups
        """Each group not mapped → the numbers of its tasks."""
        self.no_lead = no_lead
        """The numbers of the tasks the notice names no lead for."""
        self.waiting = waiting
        self.ready = ready
        """How many kept tasks could be stored now."""
        super().__init__(f"{waiting} tasks wait for their agencies: {list(groups)}")


@dataclass(frozen=True, kw_only=True, slots=True)
class GroupMapped:
    """A group mapped to registry agencies: its name, the numbers of its tasks and every
    agency chosen for it so far."""

    name: str
    numbers: tuple[int, ...]
    agencies: tuple[str, ...]


def deadline_of(task: dict[str, Any]) -> Deadline:
    return Deadline(
        due=date.fromisoformat(task["due"]) if task.get("due") else None,
        granularity=Granularity(task["granularity"]) if task.get("granularity") else None,
        kind=DeadlineKind(task["kind"]),
        phrase=task.get("phrase") or "",
    )


# The fields of /fix by their words folded: typed with or without diacritics alike.
_FIX_FIELDS = {fold_name(field.value): field for field in FixField}
# "theo dõi" is another word for "đôn đốc" (an undated task's follow-up date).
_FIX_FIELDS["theo doi"] = FixField.FOLLOWUP
#: A refused follow-up date (``FollowUpDateRefused.reason``) → its problem.
_REFUSED = {"past": FixProblem.FOLLOWUP_PAST, "too_far": FixProblem.FOLLOWUP_TOO_FAR}
FIX_ALL = "tất cả"
FIX_SHOW = "xem"
_ARROW = re.compile(r"\s*(?:→|->|=>|\bthành\b|\bthanh\b)\s*")


def parse_fix_words(words: Sequence[str]) -> tuple[FixField | None, str]:
    """(field, value) of the words after the number: "chủ trì Bộ Y tế" → (LEAD,
    "Bộ Y tế"); words without diacritics count ("chu tri", "han", "ten", "bo"). The field
    is None when the first word names none (the value is then the words after it)."""
    if not words:
        return None, ""
    two = fold_name(" ".join(words[:2]))
    if len(words) > 1 and two in _FIX_FIELDS:
        return _FIX_FIELDS[two], " ".join(words[2:])
    return _FIX_FIELDS.get(fold_name(words[0])), " ".join(words[1:])


def parse_fix_all(text: str) -> tuple[str, str] | None:
    """ "tất cả chủ trì Sở X → Bộ Y" (or "tat ca chu tri Sở X -> Bộ Y") → ("Sở X", "Bộ Y")."""
    words = text.split()
    if len(words) < 4 or fold_name(" ".join(words[:2])) != "tat ca":
        return None
    if fold_name(" ".join(words[2:4])) != "chu tri":
        return None
    old, arrow, new = _split_arrow(" ".join(words[4:]))
    return (old, new) if arrow and old and new else None


def _split_arrow(text: str) -> tuple[str, bool, str]:
    match = _ARROW.search(text)
    if match is None:
        return text, False, ""
    return text[: match.start()].strip(), True, text[match.end() :].strip()


def new_tasks(payload: dict[str, Any]) -> list[NewTask]:
    """The tasks to store (not those the admin dropped, nor a group not mapped yet); keys
    make a second import of the same notice add nothing."""
    return [
        NewTask(
            title=t["title"],
            text=t["text"],
            lead=t["lead"],
            deadline=deadline_of(t),
            members=tuple(t.get("members") or ()),
            co=tuple(t.get("co") or ()),
            ref=t["ref"],
            seed_key=f"{payload['key']}|{t['ref']}|{t['seq']}",
            followup_on=chosen_of(t),
        )
        for t in payload["tasks"]
        if not t.get("dropped") and not (group_of(t) and not t.get("lead_known", True))
    ]


class ImportDesk:
    """Pending imports per chat: preview, fix, confirm, cancel."""

    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], tracker: Tracker) -> None:
        self._sessions = sessions
        self._tracker = tracker

    @property
    def registry(self) -> AgencyRegistry:
        return self._tracker.registry

    async def open(
        self, *, chat_id: int, user_id: int, source: str, payload: dict[str, Any], now: datetime
    ) -> PendingImport:
        """Record a new pending import; an older pending one in the chat is replaced."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(ImportRow)
                .where(ImportRow.chat_id == chat_id, ImportRow.state == ImportState.PENDING)
                .values(state=ImportState.CANCELLED)
            )
            row = ImportRow(
                chat_id=chat_id,
                user_id=user_id,
                created_at=now,
                state=ImportState.PENDING,
                source=source,
                payload=payload,
            )
            session.add(row)
            await session.flush()
            return PendingImport(import_id=row.id, source=source, payload=payload)

    async def _pending(
        self, session: AsyncSession, chat_id: int, import_id: int | None
    ) -> ImportRow:
        query = select(ImportRow).where(
            ImportRow.chat_id == chat_id, ImportRow.state == ImportState.PENDING
        )
        if import_id is not None:
            query = query.where(ImportRow.id == import_id)
        row = await session.scalar(query.order_by(ImportRow.id.desc()))
        if row is None:
            raise ImportNotFound(chat_id)
        return row

    async def fix(
        self, *, chat_id: int, number: int, field: FixField | None, value: str, today: date
    ) -> tuple[PendingImport, dict[str, Any] | None]:
        """Change one proposed task: ``hạn`` (deadline), ``chủ trì`` (lead), ``tên`` (title),
        ``đôn đốc`` (an undated task's first follow-up date) or ``bỏ`` (drop it). Returns the
        import and the changed task (None when dropped)."""
        from notices.deadlines import parse_admin_deadline

        async with self._sessions.begin() as session:
            row = await self._pending(session, chat_id, None)
            payload = dict(row.payload)
            tasks = list(payload["tasks"])
            if not 1 <= number <= len(tasks):
                raise FixRejected(FixProblem.NUMBER, str(number))
            task = dict(tasks[number - 1])
            if task.get("dropped"):
                raise FixRejected(FixProblem.DROPPED, str(number))
            changed: dict[str, Any] | None = task
            match field:
                case FixField.DEADLINE:
                    try:
                        task.update(parse_admin_deadline(value, today).to_json())
                    except TrackerError:
                        raise FixRejected(FixProblem.DEADLINE, value) from None
                case FixField.LEAD:
                    try:
                        agency = self.registry.resolve(value)
                        task.update(lead=agency.name, lead_known=True, members=[])
                    except UnknownAgency:
                        group = self.registry.resolve_group(value)
                        if group is None:
                            raise FixRejected(FixProblem.AGENCY, value) from None
                        task.update(lead=group.name, lead_known=True, members=[])
                case FixField.TITLE:
                    if not value or len(value) > TYPED_TITLE_MAX:
                        raise FixRejected(FixProblem.TITLE, value)
                    task.update(title=value)
                case FixField.FOLLOWUP:
                    task.update(self._followup_of(task, number, value, today))
                case FixField.DROP:
                    changed = None
                case None:
                    raise FixRejected(FixProblem.FIELD)
                case unknown:
                    assert_never(unknown)
            if changed is None:
                # Kept, marked: the numbers of the other tasks never move.
                task.update(dropped=True)
            tasks[number - 1] = task
            payload["tasks"] = tasks
            row.payload = payload  # a new dict, so the JSON column is written
            return PendingImport(import_id=row.id, source=row.source, payload=payload), changed

    def _followup_of(
        self, task: dict[str, Any], number: int, value: str, today: date
    ) -> dict[str, Any]:
        """The payload field of a typed follow-up date. Raises FixRejected: the task has a
        date (``followup_dated``), the text is no day (``followup_date``), the day is past
        (``followup_past``) or more than a year ahead (``followup_far``)."""
        if not takes_followup(task):
            raise FixRejected(FixProblem.FOLLOWUP_DATED, str(number))
        try:
            day = read_followup(value, today=today, calendar=self._tracker.planner.calendar)
        except DeadlineNotUnderstood:
            raise FixRejected(FixProblem.FOLLOWUP_DATE, value) from None
        except FollowUpDateRefused as refused:
            raise FixRejected(_REFUSED[refused.reason], refused.day.isoformat()) from None
        return {PAYLOAD_KEY: day.isoformat()}

    async def choose_followup(
        self, *, chat_id: int, import_id: int, number: int, day: date, today: date
    ) -> dict[str, Any]:
        """The 📅 button of a preview: task ``number`` of import ``import_id`` (the chat's
        pending one) is first followed up on ``day``. Returns the task. Raises
        ImportNotFound (an older preview), FixRejected (as :meth:`fix` does)."""
        async with self._sessions.begin() as session:
            row = await self._pending(session, chat_id, None)
            if row.id != import_id:
                raise ImportNotFound(chat_id)
            payload = dict(row.payload)
            tasks = list(payload["tasks"])
            if not 1 <= number <= len(tasks):
                raise FixRejected(FixProblem.NUMBER, str(number))
            task = dict(tasks[number - 1])
            if not takes_followup(task):
                raise FixRejected(FixProblem.FOLLOWUP_DATED, str(number))
            try:
                chosen = chosen_followup(day, today=today, calendar=self._tracker.planner.calendar)
            except FollowUpDateRefused as refused:
                raise FixRejected(_REFUSED[refused.reason], day.isoformat()) from None
            task[PAYLOAD_KEY] = chosen.isoformat()
            tasks[number - 1] = task
            payload["tasks"] = tasks
            row.payload = payload
            return task

    def _lead_of(self, value: str) -> dict[str, Any]:
        agency = self.registry.find(value)
        if agency is not None:
            return {"lead": agency.name, "lead_known": True, "members": []}
        group = self.registry.resolve_group(value)
        if group is None:
            raise FixRejected(FixProblem.AGENCY, value)
        return {"lead": group.name, "lead_known": True, "members": []}

    async def fix_all_leads(self, *, chat_id: int, old: str, new: str) -> tuple[int, str]:
        """Every kept task whose lead reads ``old`` (case and diacritics aside) gets the lead
        ``new``; returns how many changed and the registry's name of ``new``."""
        lead = self._lead_of(new)
        wanted = fold_name(old)
        async with self._sessions.begin() as session:
            row = await self._pending(session, chat_id, None)
            payload = dict(row.payload)
            tasks = [dict(t) for t in payload["tasks"]]
            changed = 0
            for task in tasks:
                if not task.get("dropped") and fold_name(str(task.get("lead") or "")) == wanted:
                    task.update(lead)
                    changed += 1
            if changed == 0:
                raise FixRejected(FixProblem.NO_SUCH_LEAD, old)
            payload["tasks"] = tasks
            row.payload = payload
        return changed, str(lead["lead"])

    def agencies_named(self, typed: str) -> tuple[list[str], list[str]]:
        """The registry agencies an answer to a group's question names ("Bộ Tài chính; Bộ
        Y tế", one per line, or separated by commas when every part is a name): a registry
        group stands for its members. Returns (agencies, the parts that name none)."""
        parts = [p.strip(" .") for p in re.split(r"[;\n]+", typed) if p.strip(" .")]
        agencies: list[str] = []
        unmatched: list[str] = []
        for part in parts:
            found = self._named(part)
            if found is None and "," in part:
                pieces = [self._named(p.strip(" .")) for p in part.split(",") if p.strip(" .")]
                if pieces and all(p is not None for p in pieces):
                    agencies.extend(name for p in pieces if p is not None for name in p)
                    continue
            if found is None:
                unmatched.append(part)
            else:
                agencies.extend(found)
        return list(dict.fromkeys(agencies)), unmatched

    def _named(self, text: str) -> list[str] | None:
        agency = self.registry.find(text) or self.registry.find_loose(text)
        if agency is not None:
            return [agency.name]
        group = self.registry.resolve_group(text)
        if group is not None:
            return [a.name for a in self.registry.members(group.id)]
        return None

    async def map_group(
        self, *, chat_id: int, import_id: int | None, index: int, agencies: Sequence[str]
    ) -> GroupMapped:
        """Give group ``index`` (its 👥 number, from 1) the registry ``agencies`` besides
        those chosen before: each of its tasks is then led by the one agency, or by the group
        as written with the agencies as members, and can be stored. Raises ImportNotFound
        (no pending import, or not ``import_id``), FixRejected (no such group: ``number``;
        a name not in the registry: ``agency``)."""
        names = [self.registry.resolve(name).name for name in agencies] if agencies else []
        async with self._sessions.begin() as session:
            row = await self._pending(session, chat_id, None)
            if import_id is not None and row.id != import_id:
                raise ImportNotFound(chat_id)
            payload = dict(row.payload)
            groups = group_names(payload)
            if not 1 <= index <= len(groups):
                raise FixRejected(FixProblem.NUMBER, str(index))
            name = groups[index - 1]
            tasks = [dict(t) for t in payload["tasks"]]
            numbers: list[int] = []
            chosen: list[str] = []
            for number, task in enumerate(tasks, start=1):
                if group_of(task) != name or task.get("dropped"):
                    continue
                chosen = list(dict.fromkeys([*(task.get(GROUP_CHOSEN) or []), *names]))
                if chosen:
                    task[GROUP_CHOSEN] = chosen
                    task[GROUP_KEY] = name
                    if len(chosen) == 1:
                        task.update(lead=chosen[0], lead_known=True, members=[])
                    else:
                        task.update(lead=name, lead_known=True, members=chosen)
                numbers.append(number)
            if not numbers:
                raise FixRejected(FixProblem.NUMBER, str(index))
            payload["tasks"] = tasks
            payload["groups"] = groups
            row.payload = payload
        return GroupMapped(name=name, numbers=tuple(numbers), agencies=tuple(chosen))

    async def current(self, *, chat_id: int) -> PendingImport:
        """The chat's pending import (to show its preview again)."""
        async with reading(self._sessions) as session:
            row = await self._pending(session, chat_id, None)
            return PendingImport(import_id=row.id, source=row.source, payload=row.payload)

    async def confirm(
        self,
        *,
        chat_id: int,
        import_id: int | None,
        actor: Actor,
        now: datetime,
        keep_waiting: bool = False,
    ) -> StoreReport:
        """Store the pending import as a notice with its tasks (scheduled at once).

        Tasks whose agencies are not known yet (a group not mapped, no lead) are never
        stored: without ``keep_waiting`` nothing is, and GroupsUnresolved says what waits;
        with it the others are stored and these stay pending in an import of their own."""
        async with self._sessions.begin() as session:
            row = await self._pending(session, chat_id, import_id)
            waiting = [t for t in row.payload["tasks"] if is_waiting(t, self.registry)]
            if waiting and not keep_waiting:
                tasks = row.payload["tasks"]
                kept = sum(1 for t in tasks if not t.get("dropped"))
                no_lead = [
                    n
                    for n, t in enumerate(tasks, start=1)
                    if is_waiting(t, self.registry) and not group_of(t)
                ]
                raise GroupsUnresolved(
                    unresolved_groups(row.payload), no_lead, len(waiting), kept - len(waiting)
                )
            claimed = await claim_one(
                session,
                update(ImportRow)
                .where(ImportRow.id == row.id, ImportRow.state == ImportState.PENDING)
                .values(state=ImportState.CONFIRMED),
            )
            if not claimed:
                raise ImportNotFound(chat_id)
            payload, source = row.payload, row.source
        try:
            report = await store_payload(self._tracker, payload, source, actor=actor, now=now)
        except Exception:
            # Storing failed: put it back so the admin can try again; nothing is lost.
            async with self._sessions.begin() as session:
                await session.execute(
                    update(ImportRow)
                    .where(ImportRow.id == row.id)
                    .values(state=ImportState.PENDING)
                )
            raise
        await self._keep_unknown(row, payload, now)
        return report

    async def _keep_unknown(self, row: ImportRow, payload: dict[str, Any], now: datetime) -> None:
        """Tasks whose lead is still unknown were not stored: they stay pending, in a new
        import of their own, so the admin can fix them and confirm again."""
        waiting = [t for t in payload["tasks"] if is_waiting(t, self.registry)]
        if not waiting:
            return
        async with self._sessions.begin() as session:
            session.add(
                ImportRow(
                    chat_id=row.chat_id,
                    user_id=row.user_id,
                    created_at=now,
                    state=ImportState.PENDING,
                    source=row.source,
                    payload={
                        **payload,
                        "tasks": waiting,
                        "groups": group_names({"tasks": waiting}),
                    },
                )
            )

    async def cancel(self, *, chat_id: int, import_id: int | None) -> None:
        async with self._sessions.begin() as session:
            row = await self._pending(session, chat_id, import_id)
            row.state = ImportState.CANCELLED


async def store_payload(
    tracker: Tracker, payload: dict[str, Any], source: str, *, actor: Actor, now: datetime
) -> StoreReport:
    """Store an import's payload as a notice (used by the chat and the command line). A
    lead the registry has learnt since the preview (a local body added with /coquan) is
    used; a task given to a group not mapped yet is not stored and is reported as such."""
    registry = tracker.registry
    tasks: list[dict[str, Any]] = []
    for task in payload["tasks"]:
        known = registry.find(str(task.get("lead") or "")) if group_of(task) else None
        if known is not None and not task.get("lead_known", True):
            task = {**task, "lead": known.name, "lead_known": True}
        tasks.append(task)
    report = await tracker.store_notice(
        key=payload["key"],
        number=payload.get("number") or "",
        issued=date.fromisoformat(payload["issued"]) if payload.get("issued") else None,
        title=payload.get("title") or "",
        source=source,
        tasks=new_tasks({**payload, "tasks": tasks}),
        actor=actor,
        now=now,
    )
    waiting = [
        say.skipped_unknown_lead(str(t["ref"]), str(t["title"]), group_of(t))
        for t in tasks
        if group_of(t) and not t.get("dropped") and not t.get("lead_known", True)
    ]
    return replace(report, skipped=(*report.skipped, *waiting)) if waiting else report

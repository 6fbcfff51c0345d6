"""The admin's changes to an import proposal, each a new :class:`~tracking.import_proposal.ImportProposal`:
one task fixed (``/fix <số> …``), a follow-up date chosen (📅), every task of one lead given
another (``/fix tất cả chủ trì …``) and a group mapped to registry agencies (👥). Pure: the
desk (``tracking.imports``) loads the pending proposal, applies one of these and stores the
result."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from domain.agencies import AgencyRegistry, fold_name
from domain.calendar import WorkingCalendar
from domain.errors import DeadlineNotUnderstood, TrackerError, UnknownAgency
from domain.followup_date import FollowUpDateRefused, chosen_followup
from domain.titles import TYPED_TITLE_MAX
from domain.year_window import in_year_window, year_window
from tracking.fix_words import FixField, FixProblem, FixRejected
from tracking.followup_dates import read_followup, takes_followup
from tracking.import_proposal import ImportProposal, ProposedTask

__all__ = [
    "GroupExcept",
    "GroupMapped",
    "agencies_named",
    "choose_followup",
    "fix_all_leads",
    "fix_task",
    "group_except",
    "map_group",
    "read_whole_group",
]

#: A refused follow-up date (``FollowUpDateRefused.reason``) → its problem.
_REFUSED = {"past": FixProblem.FOLLOWUP_PAST, "too_far": FixProblem.FOLLOWUP_TOO_FAR}


@dataclass(frozen=True, kw_only=True, slots=True)
class GroupMapped:
    """A group mapped to registry agencies: its name, the numbers of its tasks and every
    agency chosen for it so far."""

    name: str
    numbers: tuple[int, ...]
    agencies: tuple[str, ...]


def _task(proposal: ImportProposal, number: int) -> ProposedTask:
    if not 1 <= number <= len(proposal.tasks):
        raise FixRejected(FixProblem.NUMBER, str(number))
    return proposal.tasks[number - 1]


def _with(proposal: ImportProposal, number: int, task: ProposedTask) -> ImportProposal:
    tasks = list(proposal.tasks)
    tasks[number - 1] = task
    return proposal.with_tasks(tasks)


def fix_task(
    proposal: ImportProposal,
    *,
    number: int,
    field: FixField | None,
    value: str,
    today: date,
    registry: AgencyRegistry,
    calendar: WorkingCalendar,
) -> tuple[ImportProposal, ProposedTask | None]:
    """Change task ``number``: ``hạn`` (deadline), ``chủ trì`` (lead), ``tên`` (title),
    ``đôn đốc`` (an undated task's first follow-up date) or ``bỏ`` (drop it: kept, marked,
    so the numbers of the other tasks never move). Returns the proposal and the changed
    task (None when dropped). Raises FixRejected."""
    from notices.deadlines import parse_admin_deadline

    task = _task(proposal, number)
    if task.dropped:
        raise FixRejected(FixProblem.DROPPED, str(number))
    match field:
        case FixField.DEADLINE:
            try:
                deadline = parse_admin_deadline(value, today)
            except TrackerError:
                raise FixRejected(FixProblem.DEADLINE, value) from None
            if deadline.due is not None and not in_year_window(deadline.due, today):
                low, high = year_window(today)
                raise FixRejected(FixProblem.DEADLINE_RANGE, f"{low}-{high}")
            task = replace(task, deadline=deadline)
        case FixField.LEAD:
            try:
                task = task.led_by(registry.resolve(value).name)
            except UnknownAgency:
                group = registry.resolve_group(value)
                if group is None:
                    raise FixRejected(FixProblem.AGENCY, value) from None
                task = task.led_by(group.name)
        case FixField.TITLE:
            if not value or len(value) > TYPED_TITLE_MAX:
                raise FixRejected(FixProblem.TITLE, value)
            task = replace(task, title=value)
        case FixField.FOLLOWUP:
            task = replace(task, followup_on=_followup_of(task, number, value, today, calendar))
        case FixField.DROP:
            return _with(proposal, number, replace(task, dropped=True)), None
        case None:
            raise FixRejected(FixProblem.FIELD)
        case unknown:
            assert_never(unknown)
    return _with(proposal, number, task), task


def _followup_of(
    task: ProposedTask, number: int, value: str, today: date, calendar: WorkingCalendar
) -> date:
    """A typed follow-up date. Raises FixRejected: the task has a date
    (``followup_dated``), the text is no day (``followup_date``), the day is past
    (``followup_past``) or more than a year ahead (``followup_too_far``)."""
    if not takes_followup(task):
        raise FixRejected(FixProblem.FOLLOWUP_DATED, str(number))
    try:
        return read_followup(value, today=today, calendar=calendar)
    except DeadlineNotUnderstood:
        raise FixRejected(FixProblem.FOLLOWUP_DATE, value) from None
    except FollowUpDateRefused as refused:
        raise FixRejected(_REFUSED[refused.reason], refused.day.isoformat()) from None


def choose_followup(
    proposal: ImportProposal, *, number: int, day: date, today: date, calendar: WorkingCalendar
) -> tuple[ImportProposal, ProposedTask]:
    """The 📅 button: task ``number`` is first followed up on ``day`` (as stored: a day off
    moves to the next working day). Raises FixRejected (as :func:`fix_task` does)."""
    task = _task(proposal, number)
    if not takes_followup(task):
        raise FixRejected(FixProblem.FOLLOWUP_DATED, str(number))
    try:
        chosen = chosen_followup(day, today=today, calendar=calendar)
    except FollowUpDateRefused as refused:
        raise FixRejected(_REFUSED[refused.reason], day.isoformat()) from None
    task = replace(task, followup_on=chosen)
    return _with(proposal, number, task), task


def _lead_of(registry: AgencyRegistry, value: str) -> str:
    agency = registry.find(value)
    if agency is not None:
        return agency.name
    group = registry.resolve_group(value)
    if group is None:
        raise FixRejected(FixProblem.AGENCY, value)
    return group.name


def fix_all_leads(
    proposal: ImportProposal, *, old: str, new: str, registry: AgencyRegistry
) -> tuple[ImportProposal, int, str]:
    """Every kept task whose lead reads ``old`` (case and diacritics aside) gets the lead
    ``new``; returns the proposal, how many changed and the registry's name of ``new``."""
    lead = _lead_of(registry, new)
    wanted = fold_name(old)
    changed = 0
    tasks: list[ProposedTask] = []
    for task in proposal.tasks:
        if not task.dropped and fold_name(task.lead) == wanted:
            task = task.led_by(lead)
            changed += 1
        tasks.append(task)
    if changed == 0:
        raise FixRejected(FixProblem.NO_SUCH_LEAD, old)
    return proposal.with_tasks(tasks), changed, lead


def agencies_named(registry: AgencyRegistry, typed: str) -> tuple[list[str], list[str]]:
    """The registry agencies an answer to a group's question names ("Bộ Tài chính; Bộ
    Y tế", one per line, or separated by commas when every part is a name): a registry
    group stands for its members. Returns (agencies, the parts that name none)."""
    parts = [p.strip(" .") for p in re.split(r"[;\n]+", typed) if p.strip(" .")]
    agencies: list[str] = []
    unmatched: list[str] = []
    for part in parts:
        found = _named(registry, part)
        if found is None and "," in part:
            pieces = [_named(registry, p.strip(" .")) for p in part.split(",") if p.strip(" .")]
            if pieces and all(p is not None for p in pieces):
                agencies.extend(name for p in pieces if p is not None for name in p)
                continue
        if found is None:
            unmatched.append(part)
        else:
            agencies.extend(found)
    return list(dict.fromkeys(agencies)), unmatched


def _named(registry: AgencyRegistry, text: str) -> list[str] | None:
    agency = registry.find(text) or registry.find_loose(text)
    if agency is not None:
        return [agency.name]
    group = registry.resolve_group(text)
    if group is not None:
        return [a.name for a in registry.members(group.id)]
    return None


def map_group(
    proposal: ImportProposal, *, index: int, agencies: Sequence[str], only: bool = False
) -> tuple[ImportProposal, GroupMapped]:
    """Give group ``index`` (its 👥 number, from 1) the registry ``agencies`` (their
    registry names) besides those chosen before (``only``: instead of them): each of its
    tasks is then led by the one agency, or by the group as written with the agencies as
    members, and can be stored. Raises FixRejected (no such group: ``number``)."""
    groups = proposal.group_names()
    if not 1 <= index <= len(groups):
        raise FixRejected(FixProblem.NUMBER, str(index))
    name = groups[index - 1]
    tasks: list[ProposedTask] = []
    numbers: list[int] = []
    chosen: list[str] = []
    for number, task in enumerate(proposal.tasks, start=1):
        if task.group_name == name and not task.dropped:
            before = () if only else task.group_agencies
            chosen = list(dict.fromkeys([*before, *agencies]))
            if chosen:
                task = replace(task, group=name, group_agencies=tuple(chosen))
                task = task.led_by(chosen[0]) if len(chosen) == 1 else task.led_by(name, chosen)
            numbers.append(number)
        tasks.append(task)
    if not numbers:
        raise FixRejected(FixProblem.NUMBER, str(index))
    mapped = GroupMapped(name=name, numbers=tuple(numbers), agencies=tuple(chosen))
    return proposal.with_tasks(tasks), mapped


# An answer to a registry group's question, word by word without diacritics: "Cả nhóm",
# "trừ Bộ Tài chính", "cả nhóm trừ bo tai chinh, bo y te", "ngoại trừ …".
_WHOLE = (("ca", "nhom"), ("tat", "ca"))
_BUT = (("ngoai", "tru"), ("tru",))


def _starts(words: Sequence[str], heads: Sequence[tuple[str, ...]]) -> int:
    """How many of ``words`` (folded, punctuation stripped) one of ``heads`` takes."""
    for head in heads:
        if tuple(words[: len(head)]) == head:
            return len(head)
    return 0


def read_whole_group(typed: str) -> str | None:
    """What an answer asks of a registry group: "" for the whole group ("Cả nhóm"), the
    names after "trừ" ("trừ Bộ Tài chính", "tru bo tai chinh") for the group except them,
    None for any other answer (a list of agencies, or "trừ" alone)."""
    words = typed.split()
    folded = [fold_name(w).strip(".,:;") for w in words]
    whole = _starts(folded, _WHOLE)
    but = _starts(folded[whole:], _BUT)
    if not whole and not but:
        return None
    rest = " ".join(words[whole + but :]).strip(" .,:;")
    if not but:
        return "" if not rest else None
    return rest or None  # "trừ" alone names no one: read as a list (matching none)


@dataclass(frozen=True, kw_only=True, slots=True)
class GroupExcept:
    """A registry group but some of its agencies: those kept (registry names, the group's
    order), those left out, the typed names that match no agency and the agencies named
    that are not in the group."""

    kept: tuple[str, ...]
    excluded: tuple[str, ...]
    unmatched: tuple[str, ...]
    outside: tuple[str, ...]


def _split_and(text: str) -> list[str]:
    """``text`` cut at each word "và" (also written "va")."""
    pieces: list[list[str]] = [[]]
    for word in text.split():
        if fold_name(word) == "va":
            pieces.append([])
        else:
            pieces[-1].append(word)
    return [" ".join(words) for words in pieces]


def group_except(registry: AgencyRegistry, group_id: str, typed: str) -> GroupExcept:
    """The members of group ``group_id`` but the agencies ``typed`` names ("Bộ Tài chính;
    bo y te", "Bộ Tài chính, Bộ Y tế", "Bộ Tài chính và Bộ Y tế"), matched as a group's
    answer is (:func:`agencies_named`)."""
    named, unmatched = agencies_named(registry, typed)
    left: list[str] = []
    for part in unmatched:
        pieces = [p.strip(" .,") for p in _split_and(part) if p.strip(" .,")]
        found = [_named(registry, p) for p in pieces]
        if len(pieces) > 1 and all(f is not None for f in found):
            named.extend(name for f in found if f is not None for name in f)
        else:
            left.append(part)
    members = [a.name for a in registry.members(group_id)]
    excluded = [n for n in dict.fromkeys(named) if n in members]
    return GroupExcept(
        kept=tuple(m for m in members if m not in excluded),
        excluded=tuple(excluded),
        unmatched=tuple(left),
        outside=tuple(n for n in dict.fromkeys(named) if n not in members),
    )

"""Making the import proposal from the importer's reading of a notice.

:class:`~domain.import_proposal.ImportProposal` (the value and its one versioned JSON form,
re-exported here) is made from the importer's :class:`~notices.importer.ParsedNotice`
(:func:`proposal_of`), shown as the preview, kept in ``imports.payload`` while the admin
fixes it (``/fix``, the 👥 and 📅 buttons), carried out of the import worker's child
process, and finally stored as tasks.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from domain.agencies import AgencyGroup, AgencyRegistry
from domain.import_proposal import (
    PROPOSAL_VERSION,
    ImportProposal,
    JsonObject,
    JsonValue,
    ProposalUnreadable,
    ProposedTask,
)
from notices.importer import ParsedNotice

__all__ = [
    "PROPOSAL_VERSION",
    "ImportProposal",
    "JsonObject",
    "JsonValue",
    "ProposalUnreadable",
    "ProposedTask",
    "hold_whole_groups",
    "is_waiting",
    "notice_key",
    "proposal_of",
    "proposed_tasks",
    "whole_group",
]


def is_waiting(task: ProposedTask, registry: AgencyRegistry) -> bool:
    """Whether a kept task cannot be stored yet: its lead is not in the registry (a group
    not mapped, or no lead at all) — unless the registry has learnt the name since."""
    if not task.unresolved:
        return False
    return registry.find(task.lead) is None


def whole_group(name: str, registry: AgencyRegistry) -> AgencyGroup | None:
    """The registry group a group to map is, when it is one (a task held by
    :func:`hold_whole_groups` has its name as ``group``); None for a person, an unknown
    body or a collective the registry has no group for."""
    return registry.resolve_group(name) if name and registry.find(name) is None else None


def _bare_group(task: ProposedTask, registry: AgencyRegistry) -> AgencyGroup | None:
    """The registry group a kept task is given to as written, no members named."""
    group = registry.resolve_group(task.lead) if task.lead_known else None
    return group if group is not None and not task.members and not task.dropped else None


def hold_whole_groups(proposal: ImportProposal, registry: AgencyRegistry) -> ImportProposal:
    """The proposal with every task given to a registry group written bare ("Các bộ,
    ngành", "Các địa phương", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương":
    no members named) held for the admin to map, as a group the registry does not know is:
    never every member of the group without anyone deciding it. A named list ("Các Bộ, cơ
    quan: Tài chính, Y tế", "Các tỉnh Nghệ An, Quảng Ngãi") keeps its members. The held
    task's ``group`` is the registry group's name (:func:`whole_group` finds the group)."""
    tasks: list[ProposedTask] = []
    held = False
    for task in proposal.tasks:
        group = _bare_group(task, registry)
        if group is not None:
            task = replace(task, lead=group.name, lead_known=False, group=group.name)
            held = True
        tasks.append(task)
    if not held:
        return proposal
    # The groups numbered afresh in preview order: a held group takes its place there.
    return replace(proposal, tasks=tuple(tasks), groups=()).with_tasks(tasks)


def whole_group_tasks(
    proposal: ImportProposal, registry: AgencyRegistry
) -> dict[str, tuple[int, list[int]]]:
    """The tasks a registry group written bare is given to, by group name: its number of
    agencies and the tasks' numbers (as the preview numbers them). What the command line,
    which stores them as the whole group, tells its operator."""
    found: dict[str, tuple[int, list[int]]] = {}
    for number, task in enumerate(proposal.tasks, start=1):
        group = _bare_group(task, registry)
        if group is not None:
            found.setdefault(group.name, (len(registry.members(group.id)), []))[1].append(number)
    return found


def notice_key(number: str | None, issued: date | None, text_digest: str) -> str:
    """The stable key of a notice: its number, or (without one) its date and a digest."""
    if number:
        return number
    return f"VB-{issued.isoformat() if issued else 'undated'}-{text_digest[:8]}"


def proposed_tasks(parsed: ParsedNotice) -> tuple[ProposedTask, ...]:
    """The importer's tasks as proposed, unfixed. A task whose lead is written but not in
    the registry (a collective the text does not pin down, a person, an unknown body)
    carries that name as its ``group``."""
    return tuple(
        ProposedTask(
            ref=t.ref,
            seq=t.seq,
            lead=t.lead,
            lead_known=t.lead_known,
            members=t.members,
            co=t.co,
            title=t.title,
            text=t.text,
            deadline=t.deadline,
            group=t.lead if t.lead and not t.lead_known else "",
        )
        for t in parsed.tasks
    )


def proposal_of(parsed: ParsedNotice, text: str) -> ImportProposal:
    """What the importer proposes for ``parsed`` (read from ``text``, whose digest keys a
    notice without a number): its :func:`proposed_tasks`, and their groups once each, in
    preview order."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    proposal = ImportProposal(
        key=notice_key(parsed.number, parsed.issued, digest),
        number=parsed.number or "",
        issued=parsed.issued,
        title=parsed.title,
        unknown_agencies=parsed.unknown_agencies,
        tasks=proposed_tasks(parsed),
    )
    return replace(proposal, groups=tuple(proposal.group_names()))

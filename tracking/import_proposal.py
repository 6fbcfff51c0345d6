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

from domain.agencies import AgencyRegistry
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
    "is_waiting",
    "notice_key",
    "proposal_of",
    "proposed_tasks",
]


def is_waiting(task: ProposedTask, registry: AgencyRegistry) -> bool:
    """Whether a kept task cannot be stored yet: its lead is not in the registry (a group
    not mapped, or no lead at all) — unless the registry has learnt the name since."""
    if not task.unresolved:
        return False
    return registry.find(task.lead) is None


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

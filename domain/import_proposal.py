"""The import proposal as a value: what the importer proposes for one notice, as the admin
reviews it, and its one JSON form.

:class:`ImportProposal` is kept in ``imports.payload`` (the column reads and writes it,
``storage.types.ProposalJSON``) while the admin fixes it, carried out of the import worker's
child process, and finally stored as tasks. Its JSON form, :meth:`ImportProposal.to_json`
and :meth:`ImportProposal.from_json`, is versioned (``"version"``) so a pending import
survives a restart and an upgrade of the code that wrote it: a payload without a version
(written before it had one) is read too, its missing fields taking the values they had
then. Made from the importer's reading by ``tracking.import_proposal.proposal_of``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar, TypeAlias

from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.year_window import in_year_window

__all__ = [
    "PROPOSAL_VERSION",
    "ImportProposal",
    "JsonObject",
    "JsonValue",
    "ProposalUnreadable",
    "ProposedTask",
    "undated",
]

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
"""A value as JSON holds it."""
JsonObject: TypeAlias = dict[str, JsonValue]

PROPOSAL_VERSION = 1
"""The version :meth:`ImportProposal.to_json` writes. Without a version: the shape written
before there was one (no ``groups``, ``group``, ``group_agencies``, ``dropped`` or
``followup_on`` at first; each defaults as it did)."""


class ProposalUnreadable(ValueError):
    """A JSON form that is not a proposal (a field missing or of the wrong type, or a
    version newer than this code)."""


# --------------------------------------------------------------------------- reading JSON


def _field(data: Mapping[str, object], key: str) -> object:
    if key not in data:
        raise ProposalUnreadable(f"missing {key!r}")
    return data[key]


def _str(data: Mapping[str, object], key: str, default: str | None = None) -> str:
    value = data.get(key, default) if default is not None else _field(data, key)
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        raise ProposalUnreadable(f"{key!r} is not a text: {value!r}")
    return value


def _int(data: Mapping[str, object], key: str) -> int:
    value = _field(data, key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProposalUnreadable(f"{key!r} is not a number: {value!r}")
    return value


def _bool(data: Mapping[str, object], key: str, default: bool | None = None) -> bool:
    value = data.get(key, default) if default is not None else _field(data, key)
    if not isinstance(value, bool):
        raise ProposalUnreadable(f"{key!r} is not true or false: {value!r}")
    return value


def _strs(data: Mapping[str, object], key: str, *, required: bool) -> tuple[str, ...]:
    value = _field(data, key) if required else data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProposalUnreadable(f"{key!r} is not a list of texts: {value!r}")
    return tuple(str(v) for v in value)


def _day(data: Mapping[str, object], key: str, *, required: bool) -> date | None:
    value = _field(data, key) if required else data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ProposalUnreadable(f"{key!r} is not a date: {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ProposalUnreadable(f"{key!r} is not a date: {value!r}") from None


def _object(value: object, what: str) -> Mapping[str, object]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ProposalUnreadable(f"{what} is not an object: {value!r}")
    return value


def _deadline(data: Mapping[str, object], *, legacy: bool) -> Deadline:
    granularity = data.get("granularity") if legacy else _field(data, "granularity")
    try:
        return Deadline(
            due=_day(data, "due", required=not legacy),
            granularity=Granularity(str(granularity)) if granularity else None,
            kind=DeadlineKind(_str(data, "kind")),
            phrase=_str(data, "phrase", "" if legacy else None),
        )
    except ValueError as error:
        raise ProposalUnreadable(f"not a deadline: {error}") from None


# --------------------------------------------------------------------------- the types


@dataclass(frozen=True, kw_only=True, slots=True)
class ProposedTask:
    """One task of a proposal, as the importer read it and the admin has fixed it.

    ``lead`` is the registry's name of the agency or group (``lead_known``), or the name as
    written when the registry does not know it, or empty when the notice names none.
    ``group`` is that written unknown lead, the group the admin maps with 👥 (kept after the
    mapping, which sets ``group_agencies``: the registry agencies chosen for it, in the
    order chosen). ``dropped``: left out with ``/fix <số> bỏ`` (its number stays).
    ``followup_on``: the first follow-up date chosen for an undated task."""

    ref: str
    seq: int
    lead: str
    lead_known: bool
    members: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    title: str
    text: str
    deadline: Deadline
    group: str = ""
    group_agencies: tuple[str, ...] = ()
    dropped: bool = False
    followup_on: date | None = None

    @property
    def group_name(self) -> str:
        """The group the task is given to ("" when its lead is a registry agency or group,
        or when it names no lead): its ``group`` as proposed, or its written unknown lead (a
        task from before groups, or one made outside the importer's proposal)."""
        if self.group:
            return self.group
        return self.lead if not self.lead_known else ""

    @property
    def unresolved(self) -> bool:
        """Kept, and its lead is not a registry agency or group."""
        return not self.dropped and not self.lead_known

    def led_by(self, lead: str, members: Sequence[str] = ()) -> ProposedTask:
        """The task led by the registry's ``lead`` (with ``members`` when a group)."""
        return replace(self, lead=lead, lead_known=True, members=tuple(members))

    def to_json(self) -> JsonObject:
        """This task's part of :meth:`ImportProposal.to_json`."""
        return {
            "ref": self.ref,
            "seq": self.seq,
            "lead": self.lead,
            "lead_known": self.lead_known,
            "members": list(self.members),
            "co": list(self.co),
            "title": self.title,
            "text": self.text,
            **self.deadline.to_json(),
            "group": self.group,
            "group_agencies": list(self.group_agencies),
            "dropped": self.dropped,
            "followup_on": self.followup_on.isoformat() if self.followup_on else None,
        }

    @classmethod
    def from_json(cls, value: object, *, legacy: bool = False) -> ProposedTask:
        """A task of :meth:`to_json`'s form; ``legacy``: of a payload without a version,
        where only what the first importer wrote is required."""
        data = _object(value, "a task")
        followup: date | None
        try:
            followup = _day(data, "followup_on", required=not legacy)
        except ProposalUnreadable:
            if not legacy:
                raise
            followup = None  # an unreadable chosen date was read as none
        return cls(
            ref=_str(data, "ref"),
            seq=_int(data, "seq"),
            lead=_str(data, "lead", "" if legacy else None),
            lead_known=_bool(data, "lead_known", True if legacy else None),
            members=_strs(data, "members", required=not legacy),
            co=_strs(data, "co", required=not legacy),
            title=_str(data, "title"),
            text=_str(data, "text"),
            deadline=_deadline(data, legacy=legacy),
            group=_str(data, "group", "" if legacy else None),
            group_agencies=_strs(data, "group_agencies", required=not legacy),
            dropped=_bool(data, "dropped", False if legacy else None),
            followup_on=followup,
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ImportProposal:
    """What the importer proposes for one notice: its key (the stored notice's), number,
    issue date and title, the names that looked like agencies but are not in the registry,
    the groups to map (in preview order, so a group's 👥 number never moves) and the tasks
    numbered from 1 in the preview."""

    VERSION: ClassVar[int] = PROPOSAL_VERSION

    key: str
    number: str
    issued: date | None
    title: str
    unknown_agencies: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    tasks: tuple[ProposedTask, ...]

    def group_names(self) -> list[str]:
        """The groups in preview order; the 👥 button of group ``n`` is the n-th."""
        if self.groups:
            return list(self.groups)
        return list(dict.fromkeys(g for t in self.tasks if (g := t.group_name)))

    def unresolved_groups(self) -> dict[str, list[int]]:
        """Each group still to map → the numbers of its (kept) tasks, in preview order."""
        found: dict[str, list[int]] = {name: [] for name in self.group_names()}
        for number, task in enumerate(self.tasks, start=1):
            group = task.group_name
            if group and task.unresolved:
                found.setdefault(group, []).append(number)
        return {name: numbers for name, numbers in found.items() if numbers}

    def with_tasks(self, tasks: Sequence[ProposedTask]) -> ImportProposal:
        """The proposal with ``tasks`` (as fixed), its groups numbered as before."""
        return replace(self, tasks=tuple(tasks), groups=tuple(self.group_names()))

    def held_to_window(self, today: date) -> tuple[ImportProposal, tuple[int, ...]]:
        """The proposal with every deadline outside the year window
        (:func:`domain.year_window.year_window`: last year … ten years ahead) left undated,
        its phrase kept for the admin to read and fix; and the numbers of those tasks. The
        reader takes any year it can spell; a notice's "31/12/2199" is no deadline to
        remind anyone of."""
        held: list[int] = []
        tasks: list[ProposedTask] = []
        for number, task in enumerate(self.tasks, start=1):
            due = task.deadline.due
            if due is not None and not in_year_window(due, today):
                held.append(number)
                task = replace(task, deadline=undated(task.deadline.phrase))
            tasks.append(task)
        if not held:
            return self, ()
        return self.with_tasks(tasks), tuple(held)

    def of_tasks(self, tasks: Sequence[ProposedTask]) -> ImportProposal:
        """A proposal of some of these tasks: its groups are theirs alone."""
        alone = replace(self, tasks=tuple(tasks), groups=())
        return replace(alone, groups=tuple(alone.group_names()))

    def to_json(self) -> JsonObject:
        """The one JSON form (stored in ``imports.payload``, printed by the import worker)."""
        return {
            "version": self.VERSION,
            "key": self.key,
            "number": self.number,
            "issued": self.issued.isoformat() if self.issued else None,
            "title": self.title,
            "unknown_agencies": list(self.unknown_agencies),
            "groups": list(self.groups),
            "tasks": [task.to_json() for task in self.tasks],
        }

    @classmethod
    def from_json(cls, value: object) -> ImportProposal:
        """The proposal :meth:`to_json` wrote, or a payload without a version (written
        before it had one). Raises :class:`ProposalUnreadable`."""
        data = _object(value, "a proposal")
        version = data.get("version")
        if version is not None and version != cls.VERSION:
            raise ProposalUnreadable(f"version {version!r}, this code reads {cls.VERSION}")
        legacy = version is None
        tasks = _field(data, "tasks")
        if not isinstance(tasks, list):
            raise ProposalUnreadable(f"'tasks' is not a list: {tasks!r}")
        return cls(
            key=_str(data, "key"),
            number=_str(data, "number", "" if legacy else None),
            issued=_day(data, "issued", required=not legacy),
            title=_str(data, "title", "" if legacy else None),
            unknown_agencies=_strs(data, "unknown_agencies", required=not legacy),
            groups=_strs(data, "groups", required=not legacy),
            tasks=tuple(ProposedTask.from_json(t, legacy=legacy) for t in tasks),
        )


def undated(phrase: str) -> Deadline:
    """No deadline read, the notice's wording kept."""
    return Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase=phrase)

"""The curated task list, ``seeds/tasks.toml``: loading and validation.

The file is written and reviewed by people (schema and curation rules: ``seeds/README.md``),
so the loader is strict. Every problem raises :class:`SeedError` naming the task
(``notice|ref|seq``) and the field. Besides types and references, two checks keep the
curation honest: a task's ``text`` must appear in the notice's source file, and its
``phrase`` must appear in the ``text`` (whitespace is normalised for both).

Pure: the file's text comes in and its notices' sources are read through a function the
caller passes (``storage.seed_files`` reads them from disk), so the rules are tested on
strings as well as on the shipped files.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from domain.agencies import AgencyGroup, AgencyRegistry
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.errors import SeedError
from domain.titles import NOTICE_TITLE_MAX

_NOTICE_FIELDS = frozenset({"key", "number", "issued", "title", "source"})
_TASK_FIELDS = frozenset(
    {
        *("notice", "ref", "seq", "title", "text", "lead", "members", "co"),
        *("due", "granularity", "kind", "phrase"),
    }
)
_DATED = frozenset(
    {Granularity.DAY, Granularity.MONTH, Granularity.QUARTER, Granularity.HALF, Granularity.YEAR}
)
_PERIODS = frozenset(
    {Granularity.WEEKLY, Granularity.MONTHLY, Granularity.QUARTERLY, Granularity.YEARLY}
)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, kw_only=True, slots=True)
class SeedNotice:
    """A conclusion notice the tasks come from. ``source`` is relative to the repository root."""

    key: str
    number: str
    issued: date
    title: str
    source: str


@dataclass(frozen=True, kw_only=True, slots=True)
class SeedTask:
    """One obligation of a notice, as curated.

    ``lead``, ``members`` and ``co`` are names as assigned (resolve them with the registry);
    ``members`` is empty unless the notice lists its addressees one by one.
    """

    notice: str
    ref: str
    seq: int
    title: str
    text: str
    lead: str
    members: tuple[str, ...]
    co: tuple[str, ...]
    deadline: Deadline

    @property
    def key(self) -> str:
        """The task's stable identity: ``notice|ref|seq``."""
        return f"{self.notice}|{self.ref}|{self.seq}"


@dataclass(frozen=True, kw_only=True, slots=True)
class SeedFile:
    """The notices and their tasks, in file order."""

    notices: tuple[SeedNotice, ...]
    tasks: tuple[SeedTask, ...]

    def tasks_of(self, notice: str) -> tuple[SeedTask, ...]:
        """The tasks of one notice (by key), in file order."""
        return tuple(task for task in self.tasks if task.notice == notice)


def _squash(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _string(table: dict[str, Any], key: str, where: str, *, empty: bool = False) -> str:
    value = table.get(key)
    if not isinstance(value, str) or (not empty and not value.strip()):
        wanted = "a string" if empty else "a non-empty string"
        raise SeedError(where, f"{key}: {wanted} is required")
    return value


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SeedError(where, f"{key}: a list of non-empty strings is required")
    return tuple(value)


def _date(table: dict[str, Any], key: str, where: str) -> date | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise SeedError(where, f"{key}: a date (YYYY-MM-DD, unquoted) is required")
    return value


def _check_fields(table: object, allowed: frozenset[str], where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise SeedError(where, "a table is required")
    unknown = set(table) - allowed
    if unknown:
        raise SeedError(where, f"unknown field(s): {', '.join(sorted(unknown))}")
    return table


#: A notice's source text by its ``source`` as written in the file; raises ``OSError`` when
#: it cannot be read.
ReadSource = Callable[[str], str]


def _parse_notice(table: object, where: str, read_source: ReadSource) -> tuple[SeedNotice, str]:
    """The notice and its source text (whitespace squashed)."""
    fields = _check_fields(table, _NOTICE_FIELDS, where)
    key = _string(fields, "key", where)
    where = f"notice {key}"
    issued = _date(fields, "issued", where)
    if issued is None:
        raise SeedError(where, "issued: a date (YYYY-MM-DD, unquoted) is required")
    notice = SeedNotice(
        key=key,
        number=_string(fields, "number", where, empty=True),
        issued=issued,
        title=_string(fields, "title", where),
        source=_string(fields, "source", where),
    )
    try:
        source_text = read_source(notice.source)
    except OSError as error:
        raise SeedError(where, f"source: cannot read {notice.source}: {error}") from None
    return notice, _squash(source_text)


def _deadline(fields: dict[str, Any], text: str, where: str) -> Deadline:
    try:
        kind = DeadlineKind(str(fields.get("kind")))
    except ValueError:
        allowed = ", ".join(k.value for k in DeadlineKind)
        raise SeedError(where, f"kind: {fields.get('kind')!r} is not one of {allowed}") from None
    granularity: Granularity | None = None
    if "granularity" in fields:
        try:
            granularity = Granularity(fields["granularity"])
        except ValueError:
            allowed = ", ".join(g.value for g in Granularity)
            raise SeedError(
                where, f"granularity: {fields['granularity']!r} is not one of {allowed}"
            ) from None
    due = _date(fields, "due", where)
    if kind is DeadlineKind.DEADLINE:
        if due is None or granularity not in _DATED:
            raise SeedError(where, "due: kind deadline needs due and a day..year granularity")
    elif kind is DeadlineKind.RECURRING:
        if due is not None or granularity not in _PERIODS:
            raise SeedError(where, "due: kind recurring needs no due and a period granularity")
    elif due is not None or granularity is not None:
        raise SeedError(where, f"due: kind {kind} takes neither due nor granularity")
    phrase = _string(fields, "phrase", where, empty=True)
    if kind is not DeadlineKind.NONE and not phrase.strip():
        raise SeedError(where, f"phrase: kind {kind} needs the wording it was read from")
    if _squash(phrase) not in _squash(text):
        raise SeedError(where, f"phrase: {phrase!r} is not in the task's text")
    return Deadline(due=due, granularity=granularity, kind=kind, phrase=phrase)


def _assignees(
    fields: dict[str, Any], registry: AgencyRegistry, where: str
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    lead = _string(fields, "lead", where)
    group: AgencyGroup | None = None
    if registry.find(lead) is None:
        group = registry.resolve_group(lead)
        if group is None:
            raise SeedError(where, f"lead: {lead!r} is neither an agency nor a group")
    members = _strings(fields, "members", where)
    if members and group is None:
        raise SeedError(where, f"members: the lead {lead!r} must be the members' group")
    for member in members:
        agency = registry.find(member)
        if agency is None:
            raise SeedError(where, f"members: unknown agency {member!r}")
        if group is not None and agency.kind not in group.kinds:
            raise SeedError(where, f"members: {member!r} is not of the kinds of {group.name!r}")
    co = _strings(fields, "co", where)
    for name in co:
        if registry.find(name) is None:
            raise SeedError(where, f"co: unknown agency {name!r}")
    return lead, members, co


def _parse_task(
    table: object,
    where: str,
    registry: AgencyRegistry,
    sources: dict[str, str],
) -> SeedTask:
    if not isinstance(table, dict):
        raise SeedError(where, "a table is required")
    # Name the task as early as possible, even when the very fields naming it are bad.
    where = f"task {table.get('notice', '?')}|{table.get('ref', '?')}|{table.get('seq', 1)}"
    fields = _check_fields(table, _TASK_FIELDS, where)
    notice = _string(fields, "notice", where)
    ref = _string(fields, "ref", where)
    seq = fields.get("seq", 1)
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise SeedError(where, "seq: a whole number from 1 is required")
    if notice not in sources:
        raise SeedError(where, f"notice: unknown notice {notice!r}")
    title = _string(fields, "title", where)
    if len(title) > NOTICE_TITLE_MAX:
        raise SeedError(
            where, f"title: {len(title)} characters, at most {NOTICE_TITLE_MAX} allowed"
        )
    text = _string(fields, "text", where)
    if _squash(text) not in sources[notice]:
        raise SeedError(where, "text: not found in the notice's source file")
    lead, members, co = _assignees(fields, registry, where)
    return SeedTask(
        notice=notice,
        ref=ref,
        seq=seq,
        title=title,
        text=text,
        lead=lead,
        members=members,
        co=co,
        deadline=_deadline(fields, text, where),
    )


def parse_seed_file(
    text: str, registry: AgencyRegistry, *, path: PurePath, read_source: ReadSource
) -> SeedFile:
    """Validate a task list given as ``text``; ``path`` names the file in errors, and
    ``read_source`` reads each notice's source (a missing one is a :class:`SeedError` too)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SeedError(str(path), f"cannot read: {error}") from error
    try:
        unknown = set(data) - {"notice", "task"}
        if unknown:
            raise SeedError("file", f"unknown table(s): {', '.join(sorted(unknown))}")
        notice_tables = data.get("notice", [])
        task_tables = data.get("task", [])
        if not isinstance(notice_tables, list) or not isinstance(task_tables, list):
            raise SeedError("file", "notice and task must be arrays of tables ([[task]])")
        notices: list[SeedNotice] = []
        sources: dict[str, str] = {}
        for number, table in enumerate(notice_tables, 1):
            notice, source_text = _parse_notice(table, f"notice #{number}", read_source)
            if notice.key in sources:
                raise SeedError(f"notice {notice.key}", "key: duplicate")
            notices.append(notice)
            sources[notice.key] = source_text
        tasks: list[SeedTask] = []
        seen: set[str] = set()
        for number, table in enumerate(task_tables, 1):
            task = _parse_task(table, f"task #{number}", registry, sources)
            if task.key in seen:
                raise SeedError(f"task {task.key}", "ref/seq: duplicate key")
            seen.add(task.key)
            tasks.append(task)
    except SeedError as error:
        raise SeedError(f"{path.name}: {error.where}", error.problem) from None
    return SeedFile(notices=tuple(notices), tasks=tuple(tasks))

"""The one wording of an import preview, for the chat (Telegram HTML) and the command line
(plain text): the notice, each proposed task numbered from 1 with its item, lead, members,
co-operating agencies and deadline next to the original wording, then what the admin can do.
The words are the catalogue's (``tracking.wording``); this module only puts them together.

Numbers never move: a task the admin dropped (``/fix <số> bỏ``) stays in the list, marked,
so "/fix 7" means the same task before and after. Tasks whose lead is not in the registry
are listed together at the end with the one command that fixes them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from domain.deadline import DeadlineKind, Granularity
from tracking import wording as say

__all__ = [
    "GROUP_CHOSEN",
    "GROUP_KEY",
    "PreviewText",
    "group_of",
    "is_dropped",
    "pending_groups",
    "render_preview",
]

GROUP_KEY = "group"
"""A task's written lead that the registry does not know: the group the admin maps."""
GROUP_CHOSEN = "group_agencies"
"""The registry agencies the admin chose for a task's group (👥), in the order chosen."""

Due = Callable[[date | None, Granularity | None, DeadlineKind], str]


@dataclass(frozen=True, kw_only=True, slots=True)
class PreviewText:
    """The preview as a head, one text per task, and a footer (the chat splits them into
    messages; the command line joins them)."""

    head: str
    items: tuple[str, ...]
    footer: str


def is_dropped(task: dict[str, Any]) -> bool:
    return bool(task.get("dropped"))


def group_of(task: dict[str, Any]) -> str:
    """The group a task is given to ("" when its lead is a registry agency or group, or
    when it names no lead): its ``group`` as proposed, or its written unknown lead (a
    payload from before groups, or the command line's tasks)."""
    if task.get(GROUP_KEY):
        return str(task[GROUP_KEY])
    return str(task.get("lead") or "") if not task.get("lead_known", True) else ""


def _unresolved(task: dict[str, Any]) -> bool:
    return not is_dropped(task) and not task.get("lead_known", True)


def pending_groups(tasks: Sequence[dict[str, Any]]) -> dict[str, list[int]]:
    """Each group not mapped yet → the numbers of its kept tasks, in preview order."""
    found: dict[str, list[int]] = {}
    for number, task in enumerate(tasks, start=1):
        group = group_of(task)
        if group and _unresolved(task):
            found.setdefault(group, []).append(number)
    return found


def _numbers(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:12])
    return shown + (", …" if len(numbers) > 12 else "")


def render_preview(
    *,
    number: str,
    issued: date | None,
    title: str,
    tasks: Sequence[dict[str, Any]],
    unknown: Sequence[str],
    fmt_due: Due,
    fmt_date: Callable[[date], str],
    html: bool,
    chat: bool = True,
    followups: Mapping[int, str] | None = None,
) -> PreviewText:
    """``html`` escapes and bolds for Telegram; ``chat`` adds what the admin can do in the
    chat (the command line prints the same preview without it). ``followups`` gives an
    undated task's follow-up line by its number (``tracking.followup_dates``)."""
    e: Callable[[str], str] = escape if html else str
    bold: Callable[[str], str] = (lambda t: f"<b>{t}</b>") if html else str
    kept = [t for t in tasks if not is_dropped(t)]
    dated = sum(1 for t in kept if t.get("due"))
    head = say.preview_heading(e(number), fmt_date(issued) if issued else None, bold)
    if title:
        head += f"\n{e(title[:200])}"
    head += "\n\n" + say.preview_counts(len(kept), dated, len(tasks) - len(kept), bold)
    if unknown:
        head += "\n" + say.preview_unknown(e(", ".join(unknown[:10])))
    items: list[str] = []
    for index, task in enumerate(tasks, start=1):
        if is_dropped(task):
            items.append(say.preview_dropped(index, e(str(task["ref"])), e(str(task["title"]))))
            continue
        due = task.get("due")
        deadline = fmt_due(
            date.fromisoformat(str(due)) if due else None,
            Granularity(str(task["granularity"])) if task.get("granularity") else None,
            DeadlineKind(str(task["kind"])),
        )
        phrase = str(task.get("phrase") or "")
        lead = str(task.get("lead") or "")
        if not lead:
            lead = say.PREVIEW_NO_LEAD
        elif not task.get("lead_known", True):
            lead = say.preview_group_lead(lead)
        line = say.preview_task(index, e(str(task["ref"])), e(str(task["title"])), e(lead))
        members = [str(m) for m in task.get("members") or []]
        if members:
            shown = ", ".join(members[:6]) + (", …" if len(members) > 6 else "")
            line += say.preview_members(len(members), e(shown))
        co = [str(c) for c in task.get("co") or []]
        if co:
            line += say.preview_co(e(", ".join(co[:8])))
        line += say.preview_deadline(e(deadline), e(phrase[:80]), not due)
        if followups and index in followups:
            line += f"\n    {e(followups[index])}"
        items.append(line)
    footer = ""
    groups = pending_groups(tasks)
    no_lead = [n for n, t in enumerate(tasks, start=1) if _unresolved(t) and not t.get("lead")]
    lines: list[str] = []
    if groups:
        # Apart from the mapped tasks: given to groups the registry does not know (a
        # collective, a person, a body outside it), stored only once mapped to agencies.
        lines.append(say.preview_groups_head(sum(len(n) for n in groups.values()), bold))
        for group, numbers in groups.items():
            lines.append(say.preview_pending_lead(e(group), _numbers(numbers)))
        if chat:
            lines.append(say.preview_groups_buttons())
        lines.append(say.preview_fix_all(e(next(iter(groups))[:60])))
    if no_lead:
        lines.append(say.preview_pending_head(len(no_lead), bold))
        lines.append(say.preview_pending_lead("", _numbers(no_lead)))
    if lines:
        if chat:
            lines.append(say.preview_pending_confirm())
        footer = "\n".join(lines) + ("\n\n" if chat else "")
    if not chat:
        return PreviewText(head=head, items=tuple(items), footer=footer)
    footer += say.preview_actions(bold)
    return PreviewText(head=head, items=tuple(items), footer=footer)

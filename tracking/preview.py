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

from domain.deadline import DeadlineKind, Granularity
from tracking import wording as say
from tracking.import_proposal import ProposedTask

__all__ = ["PreviewText", "pending_groups", "render_preview"]

Due = Callable[[date | None, Granularity | None, DeadlineKind], str]


@dataclass(frozen=True, kw_only=True, slots=True)
class PreviewText:
    """The preview as a head, one text per task, and a footer (the chat splits them into
    messages; the command line joins them)."""

    head: str
    items: tuple[str, ...]
    footer: str


def pending_groups(tasks: Sequence[ProposedTask]) -> dict[str, list[int]]:
    """Each group not mapped yet → the numbers of its kept tasks, in preview order."""
    found: dict[str, list[int]] = {}
    for number, task in enumerate(tasks, start=1):
        group = task.group_name
        if group and task.unresolved:
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
    tasks: Sequence[ProposedTask],
    unknown: Sequence[str],
    fmt_due: Due,
    fmt_date: Callable[[date], str],
    html: bool,
    chat: bool = True,
    followups: Mapping[int, str] | None = None,
    whole_groups: Mapping[str, int] | None = None,
) -> PreviewText:
    """``html`` escapes and bolds for Telegram; ``chat`` adds what the admin can do in the
    chat (the command line prints the same preview without it). ``followups`` gives an
    undated task's follow-up line by its number (``tracking.followup_dates``);
    ``whole_groups`` each registry group written bare ("Các bộ, ngành") among the groups to
    map, and how many agencies it has."""
    e: Callable[[str], str] = escape if html else str
    bold: Callable[[str], str] = (lambda t: f"<b>{t}</b>") if html else str
    kept = [t for t in tasks if not t.dropped]
    dated = sum(1 for t in kept if t.deadline.due)
    head = say.preview_heading(e(number), fmt_date(issued) if issued else None, bold)
    if title:
        head += f"\n{e(title[:200])}"
    head += "\n\n" + say.preview_counts(len(kept), dated, len(tasks) - len(kept), bold)
    if unknown:
        head += "\n" + say.preview_unknown(e(", ".join(unknown[:10])))
    items: list[str] = []
    for index, task in enumerate(tasks, start=1):
        if task.dropped:
            items.append(say.preview_dropped(index, e(task.ref), e(task.title)))
            continue
        due = task.deadline.due
        deadline = fmt_due(due, task.deadline.granularity, task.deadline.kind)
        lead = task.lead
        if not lead:
            lead = say.PREVIEW_NO_LEAD
        elif not task.lead_known:
            lead = say.preview_group_lead(lead)
        line = say.preview_task(index, e(task.ref), e(task.title), e(lead))
        members = task.members
        if members:
            shown = ", ".join(members[:6]) + (", …" if len(members) > 6 else "")
            line += say.preview_members(len(members), e(shown))
        if task.co:
            line += say.preview_co(e(", ".join(task.co[:8])))
        line += say.preview_deadline(e(deadline), e(task.deadline.phrase[:80]), not due)
        if followups and index in followups:
            line += f"\n    {e(followups[index])}"
        items.append(line)
    footer = ""
    groups = pending_groups(tasks)
    no_lead = [n for n, t in enumerate(tasks, start=1) if t.unresolved and not t.lead]
    lines: list[str] = []
    if groups:
        # Apart from the mapped tasks: given to groups the registry does not know (a
        # collective, a person, a body outside it), stored only once mapped to agencies.
        lines.append(say.preview_groups_head(sum(len(n) for n in groups.values()), bold))
        whole = whole_groups or {}
        for group, numbers in groups.items():
            line = say.preview_pending_lead(e(group), _numbers(numbers))
            if group in whole:
                line += say.preview_whole_group(whole[group])
            lines.append(line)
        if chat:
            lines.append(say.preview_groups_buttons())
            if any(group in whole for group in groups):
                lines.append(say.preview_whole_buttons())
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

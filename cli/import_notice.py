"""``bot.py import``: read a notice file, show what it assigns, and hand it to storage.

Preview in Vietnamese, nothing stored::

    python bot.py import seeds/tb-56-vpcp-2025-02-23.txt --dry-run

One JSON object per task (``ref``, ``seq``, ``lead``, ``members``, ``co``, ``title``,
``text``, ``due``, ``granularity``, ``kind``, ``phrase``), for scripts::

    python bot.py import notice.docx --issued 2025-12-22 --dry-run --json

Without ``--dry-run`` the parsed notice is stored through the tracker on the configured
database (or handed to the ``store`` callback given to :func:`run_import`), and its one-line
summary is printed. An undated task's or a standing duty's first follow-up date, as the
chat's 📅 button sets it: ``--accept-followups`` takes every proposed date, ``--followup 3=2026-12-15`` sets task
3's (numbered as in the preview); a refused date stores nothing::

    python bot.py import notice.docx --accept-followups --followup 3=2026-12-15

Exit status: 0 done; 2 usage error, a file that cannot be read or is not a supported type,
or a notice whose issue date is neither in its text nor given with ``--issued``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cli.import_preview import preview, task_json
from cli.support import (
    Commands,
    Streams,
    UsageExit,
    clock_of,
    iso_date,
    settings_of,
    usage_error,
)
from domain.agencies import AgencyRegistry
from domain.clock import Clock
from domain.errors import TrackerError
from notices.importer import IssueDateMissing, ParsedNotice, import_notice
from notices.sources import NoticeSource, NoticeUnreadable, UnsupportedFormat, read_notice
from settings import Settings
from storage.local_agency_files import registry_for

if TYPE_CHECKING:
    from tracking.import_proposal import ProposedTask

__all__ = ["Store", "preview", "register", "run_import", "task_json"]

Store = Callable[[ParsedNotice, str], Awaitable[str]]
"""Saves a parsed notice read from a file (path as given) and returns a one-line summary."""

PROG = "bot.py import"

_DESCRIPTION = """\
Read a conclusion notice (.txt, .docx or .pdf) into the tasks it assigns: who leads, who
co-operates, and the deadline read from the original wording. With --dry-run nothing is
stored: a Vietnamese preview is printed (or, with --json, one JSON object per task)."""

_EPILOG = """\
examples:
  bot.py import seeds/tb-56-vpcp-2025-02-23.txt --dry-run
  bot.py import thong-bao.docx --issued 2025-12-22 --notice 123/TB-VPCP --dry-run --json
  bot.py import seeds/tb-203-vpcp-2024-05-06.txt
  bot.py import thong-bao.docx --accept-followups --followup 3=2026-12-15

exit status: 0 done; 2 usage error, unreadable or unsupported file, or no issue date
(give it with --issued YYYY-MM-DD)."""

# --------------------------------------------------------------------------- messages

_MSG_NO_LEAD = "{prog}: warning: task {number} (item {ref}) names no lead agency\n"
_MSG_HINT_USED = "{prog}: the text gives no issue date; using {issued} from the file's header"
_MSG_NO_STORE = (
    "{prog}: storing is not available in this build; preview with --dry-run, or run it "
    "through bot.py"
)
_MSG_NO_ISSUED = "{prog}: error: {problem}"
_MSG_ERROR = "{prog}: error: {problem}"


# --------------------------------------------------------------------------- arguments


def register(commands: Commands) -> None:
    parser = commands.add(
        "import",
        handler=handle,
        help="read a notice file (.txt, .docx, .pdf) and store its tasks (--dry-run previews)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the notice: .txt, .docx or .pdf")
    parser.add_argument(
        "--issued",
        type=iso_date("2025-02-23"),
        metavar="YYYY-MM-DD",
        help="the issue date, when the text does not give it (overrides the text)",
    )
    parser.add_argument(
        "--notice", metavar="NUMBER", help="the notice's number, e.g. 56/TB-VPCP (overrides)"
    )
    parser.add_argument(
        "--followup",
        action="append",
        default=[],
        type=_followup_pick,
        metavar="N=YYYY-MM-DD",
        help="the first follow-up date of undated task or standing duty N (numbered as in the "
        "preview), instead "
        "of one FOLLOWUP_EVERY_DAYS interval after the issue date; repeatable",
    )
    parser.add_argument(
        "--accept-followups",
        action="store_true",
        help="give every undated task and standing duty the follow-up date the preview proposes",
    )
    parser.add_argument("--dry-run", action="store_true", help="show the tasks; store nothing")
    parser.add_argument(
        "--json", action="store_true", help="with --dry-run: one JSON object per task"
    )


def _followup_pick(text: str) -> tuple[int, date]:
    """ "3=2026-12-15" → (3, 15/12/2026)."""
    number, _, day = text.partition("=")
    try:
        return int(number), date.fromisoformat(day)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected N=YYYY-MM-DD, got {text!r}") from None


_MSG_FOLLOWUP = {
    "number": "{prog}: error: --followup {number}: the preview has no task {number}",
    "dated": "{prog}: error: --followup {number}: task {number} has a deadline (or a "
    "deadline each period); follow-up dates are for undated tasks and standing duties",
    "past": "{prog}: error: --followup {number}: the date is today or has passed",
    "too_far": "{prog}: error: --followup {number}: the date is more than a year ahead",
}


def _picks(args: argparse.Namespace, tasks: Sequence[ProposedTask]) -> dict[int, date | None]:
    """Task number → its chosen follow-up date (None: the proposed one)."""
    from tracking.followup_dates import takes_followup

    picks: dict[int, date | None] = {}
    if args.accept_followups:
        picks = {n: None for n, task in enumerate(tasks, start=1) if takes_followup(task)}
    picks.update(dict(args.followup))
    return picks


def _with_followups(
    args: argparse.Namespace, tasks: Sequence[ProposedTask], settings: Settings
) -> list[ProposedTask]:
    """The preview's tasks with ``--followup``/``--accept-followups`` applied. Raises
    FollowUpChoiceRefused."""
    from domain.calendar import WorkingCalendar
    from tracking.followup_dates import choose_followups

    return choose_followups(
        tasks,
        _picks(args, tasks),
        today=clock_of(args).now().astimezone(settings.timezone).date(),
        calendar=WorkingCalendar(),
        interval_days=settings.followup_every_days,
    )


# --------------------------------------------------------------------------- the command


def _parse(
    source: NoticeSource,
    registry: AgencyRegistry,
    issued: date | None,
    number: str | None,
    stderr: TextIO,
) -> ParsedNotice:
    """The notice as the text says, with ``--issued``/``--notice`` overriding; a corpus
    header's date is the fallback when neither the text nor the user gives one."""
    try:
        return import_notice(source.text, registry, issued=issued, number=number)
    except IssueDateMissing:
        if source.issued_hint is None:
            raise
    stderr.write(_MSG_HINT_USED.format(prog=PROG, issued=source.issued_hint) + "\n")
    return import_notice(source.text, registry, issued=source.issued_hint, number=number)


def run_import(
    argv: list[str],
    stdout: TextIO,
    stderr: TextIO,
    *,
    store: Store | None = None,
    registry: AgencyRegistry | None = None,
) -> int:
    """Run ``import`` with ``argv`` (the arguments after the subcommand's name).

    ``store`` saves the notice when ``--dry-run`` is not given (it is awaited on its own
    event loop); ``registry`` defaults to the shipped ``seeds/agencies.toml``. Returns the
    exit status: 0 done, 2 usage error, unreadable or unsupported file, or no issue date.
    """
    from cli.main import build_parser

    try:
        args = build_parser(Streams(sys.stdin, stdout, stderr)).parse_args(["import", *argv])
        _check(args)
    except UsageExit as stop:
        return stop.status
    return _run(args, stdout, stderr, store=store, registry=registry)


def _check(args: argparse.Namespace) -> None:
    if args.json and not args.dry_run:
        usage_error(args, "--json goes with --dry-run (storing prints a one-line summary)")


def handle(args: argparse.Namespace, streams: Streams) -> int:
    """The tree's ``import``: stores through the tracker, on the configured database."""
    _check(args)
    settings = settings_of(args, require_bot=False)
    return _run(
        args, streams.stdout, streams.stderr, store=_tracker_store(settings, clock_of(args), args)
    )


def _tracker_store(
    settings: Settings, clock: Clock, args: argparse.Namespace | None = None
) -> Store:
    async def store(parsed: ParsedNotice, source: str) -> str:
        from domain.year_window import year_window
        from tracking.import_proposal import proposal_of, whole_group_tasks
        from tracking.imports import store_proposal
        from tracking.service import Actor
        from tracking.wording import CLI_NAME
        from wiring import build_core

        core = build_core(settings, clock)
        try:
            await core.prepare()
            today = clock.now().astimezone(settings.timezone).date()
            proposal, held = proposal_of(parsed, read_notice(Path(source)).text).held_to_window(
                today
            )
            if args is not None and (args.followup or args.accept_followups):
                proposal = proposal.with_tasks(_with_followups(args, proposal.tasks, settings))
            report = await store_proposal(
                core.tracker, proposal, source, actor=Actor(name=CLI_NAME), now=clock.now()
            )
        finally:
            await core.close()
        line = (
            f"stored {report.notice_key}: {report.tasks_added} new tasks, "
            f"{report.tasks_existing} already there"
        )
        if report.skipped:
            line += "; not stored: " + "; ".join(report.skipped)
        for name, (count, numbers) in whole_group_tasks(proposal, core.registry).items():
            line += f"; given to the whole group {name} ({count} agencies): task " + ", ".join(
                str(n) for n in numbers
            )
        if held:
            low, high = year_window(today)
            line += f"; stored undated (deadline outside {low}-{high}): task " + ", ".join(
                str(n) for n in held
            )
        return line

    return store


def _run(
    args: argparse.Namespace,
    stdout: TextIO,
    stderr: TextIO,
    *,
    store: Store | None,
    registry: AgencyRegistry | None = None,
) -> int:
    path: Path = args.file
    try:
        source = read_notice(path)
        parsed = _parse(source, registry or registry_for(), args.issued, args.notice, stderr)
    except IssueDateMissing as error:
        stderr.write(_MSG_NO_ISSUED.format(prog=PROG, problem=error) + "\n")
        return 2
    except (UnsupportedFormat, NoticeUnreadable, TrackerError) as error:
        stderr.write(_MSG_ERROR.format(prog=PROG, problem=error) + "\n")
        return 2
    from tracking.followup_dates import FollowUpChoiceRefused
    from tracking.import_proposal import proposed_tasks

    tasks = proposed_tasks(parsed)
    chosen: list[ProposedTask] | None = None
    if args.followup or args.accept_followups:
        # Checked before anything is stored: a refused date stores nothing.
        try:
            chosen = _with_followups(args, tasks, settings_of(args, require_bot=False))
        except FollowUpChoiceRefused as refused:
            message = _MSG_FOLLOWUP[refused.reason]
            stderr.write(message.format(prog=PROG, number=refused.number) + "\n")
            return 2
    if args.dry_run:
        if args.json:
            for task in tasks:
                stdout.write(json.dumps(task_json(task), ensure_ascii=False) + "\n")
            for warning in parsed.warnings:
                stderr.write(f"{PROG}: warning: {warning}\n")
            for number, task in enumerate(tasks, start=1):
                if not task.lead:  # numbered as in the preview (1 = the first line)
                    stderr.write(_MSG_NO_LEAD.format(prog=PROG, number=number, ref=task.ref))
            for name in parsed.unknown_agencies:
                stderr.write(f"{PROG}: not in the agency registry: {name}\n")
        else:
            settings = settings_of(args, require_bot=False)
            today = clock_of(args).now().astimezone(settings.timezone).date()
            stdout.write(preview(parsed, today, settings.followup_every_days, chosen))
        return 0
    if store is None:
        stderr.write(_MSG_NO_STORE.format(prog=PROG) + "\n")
        return 2
    summary = asyncio.run(_stored(store, parsed, str(path)))
    stdout.write(summary.rstrip("\n") + "\n")
    return 0


async def _stored(store: Store, parsed: ParsedNotice, path: str) -> str:
    return await store(parsed, path)

"""``bot.py import``: read a notice file, show what it assigns, and hand it to storage.

Preview in Vietnamese, nothing stored::

    python bot.py import seeds/tb-56-vpcp-2025-02-23.txt --dry-run

One JSON object per task (``ref``, ``seq``, ``lead``, ``members``, ``co``, ``title``,
``text``, ``due``, ``granularity``, ``kind``, ``phrase``), for scripts::

    python bot.py import notice.docx --issued 2025-12-22 --dry-run --json

Without ``--dry-run`` the parsed notice goes to the ``store`` callback the composition root
passes in, and its one-line summary is printed.

Exit status: 0 done; 2 usage error, a file that cannot be read or is not a supported type,
or a notice whose issue date is neither in its text nor given with ``--issued``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from domain.agencies import AgencyRegistry
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.errors import TrackerError
from domain.local_agencies import registry_for
from notices.cli_support import StreamParser, UsageExit, iso_date
from notices.importer import IssueDateMissing, Layout, ParsedNotice, ParsedTask, import_notice
from notices.sources import NoticeSource, NoticeUnreadable, UnsupportedFormat, read_notice

__all__ = ["Store", "run_import", "task_json"]

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

exit status: 0 done; 2 usage error, unreadable or unsupported file, or no issue date
(give it with --issued YYYY-MM-DD)."""

# --------------------------------------------------------------------------- messages

_MSG_HEADER = "{kind} {number}, ngày {issued} — {title}"
_MSG_NO_NUMBER = "(không rõ số hiệu)"
_MSG_LAYOUTS = {
    Layout.FORMAL: "Bố cục: văn bản đánh số mục (mã mục như IV.1.a)",
    Layout.PROSE: "Bố cục: bài viết (mã mục P<n> là đoạn thứ n)",
}
_MSG_COUNT = "{total} nhiệm vụ: {dated} có thời hạn, {undated} không có hạn cụ thể"
_MSG_TASK = "{ref}  {lead}"
_MSG_TASK_SEQ = "{ref} ({seq})  {lead}"
_MSG_NO_LEAD = "⚠ chưa rõ cơ quan chủ trì"
_MSG_UNKNOWN_LEAD = "{lead} ⚠ chưa có trong danh mục"
_MSG_TITLE = "    {title}"
_MSG_DUE = "    Hạn: {due}{precision} ← «{phrase}»"
_MSG_ONGOING = "    Nhiệm vụ thường xuyên ← «{phrase}»"
_MSG_RECURRING = "    {period} ← «{phrase}»"
_MSG_UNDATED = "    ⚠ không có thời hạn"
_MSG_UNDATED_PHRASE = "    ⚠ không có thời hạn («{phrase}»)"
_MSG_MEMBERS = "    Gồm: {names}"
_MSG_CO = "    Phối hợp: {names}"
_MSG_UNKNOWN = "Cơ quan chưa có trong danh mục (giữ nguyên tên như văn bản): {names}"
_MSG_WARNING = "Lưu ý: {warning}"
_MSG_HINT_USED = "{prog}: the text gives no issue date; using {issued} from the file's header"
_MSG_NO_STORE = (
    "{prog}: storing is not available in this build; preview with --dry-run, or run it "
    "through bot.py"
)
_MSG_NO_ISSUED = "{prog}: error: {problem}"
_MSG_ERROR = "{prog}: error: {problem}"

_KINDS = (
    ("/TB-", "Thông báo"),
    ("/KH-", "Kế hoạch"),
    ("/NQ-", "Nghị quyết"),
    ("/CT-", "Chỉ thị"),
    ("/CĐ-", "Công điện"),
    ("/QĐ-", "Quyết định"),
)
_PRECISION = {
    Granularity.DAY: "",
    Granularity.MONTH: " (trong tháng)",
    Granularity.QUARTER: " (trong quý)",
    Granularity.HALF: " (trong nửa năm)",
    Granularity.YEAR: " (trong năm)",
}
_PERIODS = {
    Granularity.WEEKLY: "Hằng tuần",
    Granularity.MONTHLY: "Hằng tháng",
    Granularity.QUARTERLY: "Hằng quý",
    Granularity.YEARLY: "Hằng năm",
}


def _vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _document_kind(number: str | None) -> str:
    for marker, kind in _KINDS:
        if number and marker in number:
            return kind
    return "Văn bản"


def _deadline_lines(deadline: Deadline) -> list[str]:
    phrase = " ".join(deadline.phrase.split())
    if deadline.kind is DeadlineKind.DEADLINE and deadline.due is not None:
        precision = _PRECISION.get(deadline.granularity, "") if deadline.granularity else ""
        return [_MSG_DUE.format(due=_vn_date(deadline.due), precision=precision, phrase=phrase)]
    if deadline.kind is DeadlineKind.ONGOING:
        return [_MSG_ONGOING.format(phrase=phrase)]
    if deadline.kind is DeadlineKind.RECURRING and deadline.granularity in _PERIODS:
        return [_MSG_RECURRING.format(period=_PERIODS[deadline.granularity], phrase=phrase)]
    return [_MSG_UNDATED_PHRASE.format(phrase=phrase) if phrase else _MSG_UNDATED]


def _task_lines(task: ParsedTask, several: bool) -> list[str]:
    if not task.lead:
        lead = _MSG_NO_LEAD
    elif not task.lead_known:
        lead = _MSG_UNKNOWN_LEAD.format(lead=task.lead)
    else:
        lead = task.lead
    template = _MSG_TASK_SEQ if several else _MSG_TASK
    lines = [template.format(ref=task.ref, seq=task.seq, lead=lead)]
    lines.append(_MSG_TITLE.format(title=task.title))
    lines.extend(_deadline_lines(task.deadline))
    if task.members:
        lines.append(_MSG_MEMBERS.format(names=", ".join(task.members)))
    if task.co:
        lines.append(_MSG_CO.format(names=", ".join(task.co)))
    return lines


def preview(notice: ParsedNotice) -> str:
    """The Vietnamese preview printed by ``--dry-run``: the notice, then each task with its
    ref, lead, title and deadline beside the wording it was read from."""
    dated = sum(1 for task in notice.tasks if task.deadline.due is not None)
    lines = [
        _MSG_HEADER.format(
            kind=_document_kind(notice.number),
            number=notice.number or _MSG_NO_NUMBER,
            issued=_vn_date(notice.issued) if notice.issued else "?",
            title=notice.title,
        ),
        _MSG_LAYOUTS[notice.layout],
        _MSG_COUNT.format(total=len(notice.tasks), dated=dated, undated=len(notice.tasks) - dated),
    ]
    several = {task.ref for task in notice.tasks if task.seq > 1}
    for task in notice.tasks:
        lines.append("")
        lines.extend(_task_lines(task, task.ref in several))
    if notice.unknown_agencies or notice.warnings:
        lines.append("")
    if notice.unknown_agencies:
        lines.append(_MSG_UNKNOWN.format(names="; ".join(notice.unknown_agencies)))
    lines.extend(_MSG_WARNING.format(warning=warning) for warning in notice.warnings)
    return "\n".join(lines) + "\n"


def task_json(task: ParsedTask) -> dict[str, object]:
    """One task as the JSON object ``--json`` prints."""
    deadline = task.deadline.to_json()
    return {
        "ref": task.ref,
        "seq": task.seq,
        "lead": task.lead,
        "members": list(task.members),
        "co": list(task.co),
        "title": task.title,
        "text": task.text,
        "due": deadline["due"],
        "granularity": deadline["granularity"],
        "kind": deadline["kind"],
        "phrase": deadline["phrase"],
    }


# --------------------------------------------------------------------------- arguments


def _build_parser(stdout: TextIO, stderr: TextIO) -> StreamParser:
    parser = StreamParser(
        prog=PROG, description=_DESCRIPTION, epilog=_EPILOG, stdout=stdout, stderr=stderr
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
    parser.add_argument("--dry-run", action="store_true", help="show the tasks; store nothing")
    parser.add_argument(
        "--json", action="store_true", help="with --dry-run: one JSON object per task"
    )
    return parser


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
    parser = _build_parser(stdout, stderr)
    try:
        args = parser.parse_args(argv)
        if args.json and not args.dry_run:
            parser.error("--json goes with --dry-run (storing prints a one-line summary)")
    except UsageExit as stop:
        return stop.status
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
    if args.dry_run:
        if args.json:
            for task in parsed.tasks:
                stdout.write(json.dumps(task_json(task), ensure_ascii=False) + "\n")
            for warning in parsed.warnings:
                stderr.write(f"{PROG}: warning: {warning}\n")
            for name in parsed.unknown_agencies:
                stderr.write(f"{PROG}: not in the agency registry: {name}\n")
        else:
            stdout.write(preview(parsed))
        return 0
    if store is None:
        stderr.write(_MSG_NO_STORE.format(prog=PROG) + "\n")
        return 2
    summary = asyncio.run(_stored(store, parsed, str(path)))
    stdout.write(summary.rstrip("\n") + "\n")
    return 0


async def _stored(store: Store, parsed: ParsedNotice, path: str) -> str:
    return await store(parsed, path)

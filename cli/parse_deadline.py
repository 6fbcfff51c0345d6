"""``bot.py parse-deadline``: read deadline phrases from the command line or a TSV stream.

One phrase::

    python bot.py parse-deadline --issued 2025-12-22 "hoàn thành trong Quý I/2026"
    {"phrase": "hoàn thành trong Quý I/2026", "due": "2026-03-31", "granularity": "quarter", ...}

Many phrases, one ``issued<TAB>phrase`` per line on standard input, one JSON object per line
on standard output::

    printf '2025-02-06\\ttrước 15/2\\n' | python bot.py parse-deadline --tsv

Exit status: 0 when every phrase was read, 1 when some TSV line was malformed (each such
line is reported on standard error with its line number, and the others are still read),
2 for a usage error such as an ``--issued`` that is not a date.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TextIO

from cli.support import Commands, Streams, iso_date, usage_error
from notices.deadlines import parse_deadline

__all__ = ["register", "run_parse_deadline"]

_DESCRIPTION = """\
Read a Vietnamese deadline phrase the way the bot does and print it as JSON:
{"phrase", "due", "granularity", "kind"}. "due" is the inclusive last day (YYYY-MM-DD) or
null; "granularity" is day/month/quarter/half/year, or weekly/monthly/quarterly/yearly for
recurring duties; "kind" is deadline/ongoing/recurring/none. Phrases are read relative to
the document's issue date (--issued)."""

_EPILOG = """\
examples:
  bot.py parse-deadline --issued 2025-02-23 "Hoàn thành trước ngày 28 tháng 02 năm 2025"
  bot.py parse-deadline --issued 2025-12-22 "hoàn thành trong Quý I/2026"
  bot.py parse-deadline --issued 2024-05-06 "trong nửa đầu năm 2024 (trước 30 tháng 6 năm 2024)"
  bot.py parse-deadline --issued 2025-12-22 "nhiệm vụ thường xuyên"
  printf '2025-02-06\\ttrước 15/2\\n2025-12-22\\thằng tháng\\n' | bot.py parse-deadline --tsv

exit status: 0 all read; 1 some --tsv line was malformed (reported on stderr, others read);
2 usage error (e.g. --issued is not a date)."""


def register(commands: Commands) -> None:
    parser = commands.add(
        "parse-deadline",
        handler=handle,
        help="turn a Vietnamese deadline phrase into JSON (see 'bot.py parse-deadline --help')",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--issued",
        type=iso_date("2025-12-22"),
        metavar="YYYY-MM-DD",
        help="the document's issue date (required unless --tsv)",
    )
    parser.add_argument(
        "--tsv",
        action="store_true",
        help="read 'issued<TAB>phrase' lines from standard input, write one JSON object a line",
    )
    parser.add_argument("phrase", nargs="?", help="the deadline phrase, e.g. 'trong Quý I/2026'")


def _dump(phrase: str, issued: date) -> str:
    return json.dumps(parse_deadline(phrase, issued).to_json(), ensure_ascii=False)


def _run_tsv(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    status = 0
    for number, raw in enumerate(stdin, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        issued_text, tab, phrase = line.partition("\t")
        if not tab:
            stderr.write(f"line {number}: expected 'issued<TAB>phrase', found no tab\n")
            status = 1
            continue
        try:
            issued = date.fromisoformat(issued_text.strip())
        except ValueError:
            stderr.write(
                f"line {number}: {issued_text!r} is not an issue date; expected YYYY-MM-DD\n"
            )
            status = 1
            continue
        stdout.write(_dump(phrase, issued) + "\n")
    return status


def run_parse_deadline(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``parse-deadline`` with ``argv`` (the arguments after the subcommand's name).

    Returns the exit status: 0 success, 1 some ``--tsv`` line was malformed, 2 usage error.
    """
    from cli.main import main

    return main(["parse-deadline", *argv], stdin=stdin, stdout=stdout, stderr=stderr)


def handle(args: argparse.Namespace, streams: Streams) -> int:
    if args.tsv and args.phrase is not None:
        usage_error(args, "give either a phrase or --tsv, not both")
    if not args.tsv and args.phrase is None:
        usage_error(args, "a phrase is required (or --tsv to read lines from standard input)")
    if not args.tsv and args.issued is None:
        usage_error(args, "--issued YYYY-MM-DD is required with a phrase")
    if args.tsv:
        return _run_tsv(streams.stdin, streams.stdout, streams.stderr)
    streams.stdout.write(_dump(args.phrase, args.issued) + "\n")
    return 0

"""``bot.py report``: the figures on the command line, as a table, JSON lines, an ``.xlsx``
or a ``.png``. Reads only (the schema is upgraded, nothing is seeded)."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cli.support import Commands, Streams, clock_of, settings_of
from domain.agencies import AgencyRegistry
from domain.errors import ConfigError
from reports.figures import Report, UnknownScope, build_report, resolve_scope, weekly_overdue
from reports.states import Obligation

if TYPE_CHECKING:
    from wiring import Core

HELP = "per-agency figures as of a date (table, --json, --xlsx FILE or --png FILE)"


def register(commands: Commands) -> None:
    """Declare ``report`` and its options on the main parser."""
    report = commands.add(
        "report",
        handler=handle,
        help=HELP,
        description=(
            "The office's figures per agency as of a date: assigned, due (done on time, done "
            "late, overdue not done), in time, undated, standing, cancelled, on-time rate. "
            "A recurring duty counts once per period begun by that date. "
            "A date still to come gives the figures as planned."
        ),
    )
    report.add_argument("--as-of", metavar="YYYY-MM-DD", help="reporting day (default today)")
    scope = report.add_mutually_exclusive_group()
    scope.add_argument("--agency", metavar="NAME", help="one agency (name, short name or alias)")
    scope.add_argument("--notice", metavar="NUMBER", help="one notice, e.g. 56/TB-VPCP")
    output = report.add_mutually_exclusive_group()
    output.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per agency, then the totals with "agency": null',
    )
    output.add_argument("--xlsx", metavar="FILE", type=Path, help="write the Excel appendix")
    output.add_argument("--png", metavar="FILE", type=Path, help="write the chart")


def handle(args: argparse.Namespace, streams: Streams) -> int:
    from wiring import build_core

    clock = clock_of(args)
    settings = settings_of(args, require_bot=False)

    async def report() -> int:
        core = build_core(settings, clock)
        try:
            return await run_report(args, core, streams.stdout, streams.stderr)
        finally:
            await core.close()

    return asyncio.run(report())


def as_of_day(value: str | None, today: date) -> date:
    if value is None:
        return today
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError("--as-of", f"expected YYYY-MM-DD, got {value!r}") from None


def make_report(
    args: argparse.Namespace,
    obligations: list[Obligation],
    registry: AgencyRegistry,
    today: date,
) -> Report:
    as_of = as_of_day(args.as_of, today)
    scope = resolve_scope(None, registry, obligations, agency=args.agency, notice=args.notice)
    return build_report(obligations, registry, as_of=as_of, today=today, scope=scope)


def _table(report: Report, out: TextIO) -> None:
    from chat.report_messages import TABLE_COLUMNS, TABLE_TOTAL, fmt_rate
    from reports.wording import report_title

    width = max([len(r.agency) for r in report.rows] + [len(TABLE_TOTAL), 10])
    print(report_title(report), file=out)
    print(
        f"{TABLE_COLUMNS[0]:<{width}} " + " ".join(f"{h:>10}" for h in TABLE_COLUMNS[1:]), file=out
    )
    for name, f in [(r.agency, r.figures) for r in report.rows] + [(TABLE_TOTAL, report.totals)]:
        cells = (
            f.assigned,
            f.due,
            f.done_on_time,
            f.done_late,
            f.in_time,
            f.overdue,
            f.undated,
            f.standing,
            f.cancelled,
        )
        line = f"{name:<{width}} " + " ".join(f"{c:>10}" for c in cells)
        print(f"{line} {fmt_rate(f.on_time_rate):>10}", file=out)


async def run_report(args: argparse.Namespace, core: Core, out: TextIO, err: TextIO) -> int:
    """Print or write the report; 1 with a message (and no file) when there is nothing."""
    from reports.states import load_obligations

    await core.prepare(seed=False)
    timezone = core.settings.timezone
    today = core.clock.now().astimezone(timezone).date()
    obligations = await load_obligations(core.sessions, core.registry, timezone)
    if not obligations:
        print("bot.py report: the database holds no tasks yet; nothing to report", file=err)
        return 1
    try:
        report = make_report(args, obligations, core.registry, today)
    except UnknownScope as error:
        kind = "notice" if args.notice else "agency"
        print(f"bot.py report: unknown {kind} {error.text!r}", file=err)
        return 1
    if report.empty:
        print(
            f"bot.py report: nothing assigned by {report.as_of.isoformat()} in this scope",
            file=err,
        )
        return 1
    if report.planned:
        print(
            f"bot.py report: {report.as_of.isoformat()} is still to come; "
            "figures as planned if nothing is reported until then",
            file=err,
        )
    if args.json:
        for row in report.rows:
            print(json.dumps(row.figures.to_json(row.agency), ensure_ascii=False), file=out)
        print(json.dumps(report.totals.to_json(None), ensure_ascii=False), file=out)
        return 0
    if args.xlsx is not None:
        from reports.excel import write_xlsx

        data = write_xlsx(report)
        args.xlsx.write_bytes(data)
        print(
            f"wrote {args.xlsx} ({len(report.rows)} agencies, {len(report.items)} rows)", file=out
        )
        return 0
    if args.png is not None:
        from reports.chart import render_chart

        trend = weekly_overdue(obligations, as_of=report.as_of, scope=report.scope)
        png = render_chart(report, trend)
        if png is None:
            print("bot.py report: no dated obligation to draw; no chart written", file=err)
            return 1
        args.png.write_bytes(png)
        print(f"wrote {args.png}", file=out)
        return 0
    _table(report, out)
    return 0

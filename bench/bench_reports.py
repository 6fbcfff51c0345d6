"""How long a report, the Excel appendix and the chart take, on a real SQLite file.

    .venv/bin/python -m bench.bench_reports [--tasks 10000] [--runs 5]

The issue's shape: ``--tasks`` tasks (10,000) spread over the 51 agencies of "Các bộ, cơ
quan, địa phương", each agency leading every 51st task (one obligation per task, so 10,000
obligations, 196 or 197 per agency) with another agency co-operating, and a mix of
histories: done on time, done late, a proposal pending, overdue, in time, undated and
standing. Then, as of one day, measures each of ``--runs`` times (best and worst printed):

* report — read every obligation from the database and count the figures per agency;
* excel — the same, then write the two-sheet ``.xlsx`` (``/xuatexcel``);
* chart — the same, then the weekly trend (12 weeks) and the PNG (``/baocao``'s photo).

The shape is checked before anything is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from domain.clock import FakeClock
from domain.deadline import DeadlineKind, Granularity
from domain.status import EventKind, TaskStatus
from reports.chart import render_chart
from reports.excel import write_xlsx
from reports.figures import build_report, weekly_overdue
from reports.states import load_obligations
from settings import load_settings
from storage.models import AssignmentRow, EventRow, ExtensionRow, NoticeRow, TaskRow
from tracking.statuses import event_data
from wiring import Core, build_core

AS_OF = date(2026, 11, 30)


async def populate(core: Core, tasks: int) -> int:
    """Bulk-insert the tasks and their obligations; returns the number of agencies."""
    group = core.registry.resolve_group("Các bộ, cơ quan, địa phương")
    assert group is not None
    members = core.registry.members(group.id)
    created = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    async with core.sessions.begin() as session:
        notice = NoticeRow(
            key="bench",
            number="1/TB-VPCP",
            issued=date(2026, 1, 5),
            title="bench",
            created_at=created,
        )
        session.add(notice)
        await session.flush()
        task_rows = []
        for n in range(tasks):
            shape = n % 10
            due = date(2026, 3, 1) + timedelta(days=(n * 7) % 330)
            kind = DeadlineKind.DEADLINE
            if shape == 8:
                kind, due_value = DeadlineKind.NONE, None
            elif shape == 9:
                kind, due_value = DeadlineKind.ONGOING, None
            else:
                due_value = due
            task_rows.append(
                TaskRow(
                    notice_id=notice.id,
                    ref=str(n),
                    title=f"Nhiệm vụ số {n} về hoàn thiện thể chế và tháo gỡ vướng mắc",
                    text="",
                    lead=members[n % len(members)].name,
                    lead_agency_id=members[n % len(members)].id,
                    co=[members[(n + 1) % len(members)].id],
                    due=due_value,
                    granularity=Granularity.DAY if due_value else None,
                    kind=kind,
                    phrase="trước ngày …" if due_value else "khẩn trương",
                    created_at=created,
                    created_by="bench",
                )
            )
        session.add_all(task_rows)
        await session.flush()
        assignments = []
        for n, task in enumerate(task_rows):
            agency = members[n % len(members)]
            assignments.append(
                AssignmentRow(task_id=task.id, agency_id=agency.id, owner_id=agency.id, note="")
            )
        session.add_all(assignments)
        await session.flush()
        # Histories: 2 in 10 done on time, 1 in 10 done late, 1 in 10 with a proposal
        # waiting; the rest open (overdue or in time by their dates), undated or standing.
        events, proposals = [], []
        for n, (task, assignment) in enumerate(zip(task_rows, assignments, strict=True)):
            shape = n % 10
            if task.due is not None and shape in (0, 1, 2):
                day = task.due + timedelta(days=-3 if shape != 2 else 5)
                at = datetime.combine(day, datetime.min.time(), UTC)
                assignment.status, assignment.status_at = TaskStatus.DONE, at
                events.append(
                    EventRow(
                        task_id=task.id,
                        assignment_id=assignment.id,
                        at=at,
                        kind=EventKind.DONE,
                        detail="đã gửi báo cáo",
                    )
                )
            elif task.due is not None and shape == 3:
                at = datetime.combine(task.due - timedelta(days=2), datetime.min.time(), UTC)
                proposals.append(
                    ExtensionRow(
                        task_id=task.id,
                        assignment_id=assignment.id,
                        proposed_due=task.due + timedelta(days=60),
                        reason="chờ ý kiến",
                        proposed_at=at,
                    )
                )
        session.add_all(proposals)
        await session.flush()
        for proposal in proposals:
            events.append(
                EventRow(
                    task_id=proposal.task_id,
                    assignment_id=proposal.assignment_id,
                    at=proposal.proposed_at,
                    kind=EventKind.EXTENSION_PROPOSED,
                    detail=proposal.reason,
                    data=event_data(due=proposal.proposed_due, proposal=proposal.id),
                )
            )
        session.add_all(events)
    return len(members)


def spread(seconds: list[float]) -> str:
    """Best and worst of the runs."""
    return f"{min(seconds):5.2f} s (worst {max(seconds):4.2f} s)"


async def main(tasks: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            {"DATABASE_URL": f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"},
            require_bot=False,
        )
        core = build_core(settings, FakeClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC)))
        await core.prepare(seed=False)
        agencies = await populate(core, tasks)
        tz = settings.timezone
        # Warm-up: imports and first-use caches are not what an office waits for twice.
        obligations = await load_obligations(core.sessions, core.registry, tz)
        shape = Counter(o.owner_id for o in obligations)
        assert len({o.task_id for o in obligations}) == tasks, "one task per obligation"
        assert len(obligations) == tasks
        assert len(shape) == agencies, f"{len(shape)} agencies have obligations"
        render_chart(build_report(obligations, core.registry, as_of=AS_OF, today=AS_OF))

        timings: dict[str, list[float]] = {"report": [], "excel": [], "chart": []}
        size = {"excel": 0, "chart": 0}
        for _ in range(runs):
            t0 = time.perf_counter()
            obligations = await load_obligations(core.sessions, core.registry, tz)
            report = build_report(obligations, core.registry, as_of=AS_OF, today=AS_OF)
            timings["report"].append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            obligations = await load_obligations(core.sessions, core.registry, tz)
            report = build_report(obligations, core.registry, as_of=AS_OF, today=AS_OF)
            size["excel"] = len(write_xlsx(report))
            timings["excel"].append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            obligations = await load_obligations(core.sessions, core.registry, tz)
            report = build_report(obligations, core.registry, as_of=AS_OF, today=AS_OF)
            trend = weekly_overdue(obligations, as_of=AS_OF)
            png = render_chart(report, trend)
            assert png is not None
            size["chart"] = len(png)
            timings["chart"].append(time.perf_counter() - t0)
        await core.close()
    print(
        f"{tasks:,} tasks × {agencies} agencies ({len(report.items):,} obligations, "
        f"{min(shape.values())}–{max(shape.values())} per agency), as of {AS_OF:%d/%m/%Y}, "
        f"{runs} runs"
    )
    print(f"report   {spread(timings['report'])}   (read + count per agency)")
    print(f"excel    {spread(timings['excel'])}   (+ .xlsx, {size['excel'] / 1024:,.0f} KB)")
    print(
        f"chart    {spread(timings['chart'])}   "
        f"(+ 12-week trend and .png, {size['chart'] / 1024:,.0f} KB)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    asyncio.run(main(options.tasks, options.runs))

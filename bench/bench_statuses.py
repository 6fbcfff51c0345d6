"""How fast the office's statuses are computed for a whole database, on a real SQLite file.

    .venv/bin/python -m bench.bench_statuses [--tasks 10000]

Writes ``--tasks`` tasks for the 51 members of "Các bộ, cơ quan, địa phương" (tasks × 51
obligations) with a history like a working year's: a third of the obligations reported
done (half of those after the deadline), one in ten with a proposal (half of them
approved), one task in fifty withdrawn. Rows are bulk-inserted (the product's own write
path is measured by ``bench.bench_reminders``). Then times ``tracking.statuses.load_states``
— every obligation's status as of one day, in four queries and one pass of the pure
function — and the pure function alone on the loaded facts, and prints the counts per
status as a check.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, insert

from domain.clock import FakeClock
from domain.followup import HistoryEvent, ObligationFacts, obligation_states
from domain.status import EventKind, ProposalState, TaskStatus
from settings import load_settings
from storage.models import AssignmentRow, EventRow, ExtensionRow, TaskRow
from tracking.statuses import event_data, load_states
from wiring import build_core

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


async def main(tasks: int) -> None:
    start = datetime(2025, 1, 2, 1, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            {"DATABASE_URL": f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"},
            require_bot=False,
        )
        core = build_core(settings, FakeClock(start))
        await core.prepare(seed=False)
        group = core.registry.resolve_group("Các bộ, cơ quan, địa phương")
        assert group is not None
        members = core.registry.members(group.id)
        t0 = time.perf_counter()
        task_rows, assignment_rows, event_rows, extension_rows = [], [], [], []
        obligation = 0
        for n in range(1, tasks + 1):
            due = date(2025, 3, 31) + timedelta(days=n % 270)
            task_rows.append(
                {
                    "id": n,
                    "ref": "",
                    "title": f"Nhiệm vụ {n}",
                    "text": "",
                    "lead": group.name,
                    "co": [],
                    "due": due,
                    "granularity": "day",
                    "kind": "deadline",
                    "phrase": "x",
                    "created_at": start,
                    "created_by": "bench",
                }
            )
            if n % 50 == 0:
                event_rows.append(
                    {
                        "task_id": n,
                        "assignment_id": None,
                        "at": start + timedelta(days=100),
                        "kind": EventKind.CANCELLED,
                        "actor": "bench",
                        "detail": "",
                        "data": None,
                    }
                )
            for agency in members:
                obligation += 1
                status = TaskStatus.OPEN
                if obligation % 3 == 0:
                    late = obligation % 2 == 0
                    done_at = datetime.combine(
                        due + timedelta(days=9 if late else -9), datetime.min.time(), UTC
                    )
                    status = TaskStatus.DONE
                    event_rows.append(
                        {
                            "task_id": n,
                            "assignment_id": obligation,
                            "at": done_at,
                            "kind": EventKind.DONE,
                            "actor": "bench",
                            "detail": "",
                            "data": {"prev": "open"},
                        }
                    )
                elif obligation % 10 == 1:
                    proposed = datetime.combine(due - timedelta(days=5), datetime.min.time(), UTC)
                    approved = obligation % 20 == 1
                    extension_rows.append(
                        {
                            "id": len(extension_rows) + 1,
                            "task_id": n,
                            "assignment_id": obligation,
                            "proposed_due": due + timedelta(days=60),
                            "reason": "",
                            "proposed_at": proposed,
                            "proposed_by": "bench",
                            "state": ProposalState.APPROVED if approved else ProposalState.PENDING,
                            "decided_by": "",
                            "decision_note": "",
                        }
                    )
                    pid = len(extension_rows)
                    event_rows.append(
                        {
                            "task_id": n,
                            "assignment_id": obligation,
                            "at": proposed,
                            "kind": EventKind.EXTENSION_PROPOSED,
                            "actor": "bench",
                            "detail": "",
                            "data": event_data(due=due + timedelta(days=60), proposal=pid),
                        }
                    )
                    if approved:
                        event_rows.append(
                            {
                                "task_id": n,
                                "assignment_id": obligation,
                                "at": proposed + timedelta(days=2),
                                "kind": EventKind.EXTENSION_APPROVED,
                                "actor": "bench",
                                "detail": "",
                                "data": event_data(due=due + timedelta(days=60), proposal=pid),
                            }
                        )
                assignment_rows.append(
                    {
                        "id": obligation,
                        "task_id": n,
                        "agency_id": agency.id,
                        "owner_id": agency.id,
                        "status": status,
                        "note": "",
                    }
                )
        async with core.sessions.begin() as session:
            await session.execute(insert(_table(TaskRow)), task_rows)
            await session.execute(insert(_table(AssignmentRow)), assignment_rows)
            await session.execute(insert(_table(ExtensionRow)), extension_rows)
            await session.execute(insert(_table(EventRow)), event_rows)
        writing = time.perf_counter() - t0
        as_of = date(2025, 9, 30)
        async with core.sessions() as session:
            t0 = time.perf_counter()
            states = await load_states(session, as_of=as_of, timezone=VN)
            loading = time.perf_counter() - t0
        # The pure function alone, on the same facts and events.
        facts = [
            ObligationFacts(
                task_id=s.task_id,
                assignment_id=s.assignment_id,
                agency_id=s.agency_id,
                owner_id=s.owner_id,
                assigned_on=date(2025, 1, 2),
                kind=s.deadline_kind,
                due=s.deadline_assigned,
            )
            for s in states
        ]
        own: dict[int, list[HistoryEvent]] = {}
        for seq, row in enumerate(event_rows, start=1):
            if row["assignment_id"] is not None:
                own.setdefault(row["assignment_id"], []).append(
                    HistoryEvent(
                        seq=seq,
                        day=row["at"].astimezone(VN).date(),
                        kind=row["kind"],
                        due=date.fromisoformat(row["data"]["due"])
                        if row["data"] and "due" in row["data"]
                        else None,
                        ref=(row["data"] or {}).get("proposal"),
                    )
                )
        gc.disable()  # as load_states does while it builds the states
        t0 = time.perf_counter()
        obligation_states(facts, {}, own, as_of)
        pure = time.perf_counter() - t0
        gc.enable()
        await core.close()
    counts = Counter(s.status.value for s in states)
    pending = sum(1 for s in states if s.proposal_pending)
    print(
        f"{tasks} tasks × {len(members)} members = {len(states):,} obligations, "
        f"{len(event_rows):,} history events (bulk-written in {writing:.1f} s)"
    )
    print(
        f"load_states  {loading:6.2f} s   {len(states) / loading:9,.0f} obligations/s  "
        "(4 queries + the pure function, as of 30/9/2025)"
    )
    print(f"pure only    {pure:6.2f} s   {len(states) / pure:9,.0f} obligations/s")
    print("statuses     " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))
    print(f"proposals    {pending:,} waiting for the office")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10000)
    asyncio.run(main(parser.parse_args().tasks))

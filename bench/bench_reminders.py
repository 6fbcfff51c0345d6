"""How fast the reminder plan is written, fired and delivered, on a real SQLite file.

    .venv/bin/python -m bench.bench_reminders [--tasks 300]

Creates ``--tasks`` tasks for the group "Các bộ, cơ quan, địa phương" (51 members each, so
tasks × 51 obligations), binds one focal-point chat per member agency, then measures:
planning (reminder rows written per second), one sweep that fires every reminder due on one
morning and groups them into one message per chat, and delivering those messages through a
transport that only counts. Telegram itself is not involved.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from chat.dispatch_wording import ChatRenderer
from chat.transport import Keyboard, SendResult
from domain.clock import FakeClock
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.status import DeliveryOutcome
from scheduler.dispatch import Dispatcher
from settings import load_settings
from storage.models import ChatRow, ReminderRow
from tracking.service import Actor
from wiring import build_core


class CountingTransport:
    """Accepts every message instantly."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(
        self,
        chat_id: int,
        html: str,
        keyboard: Keyboard | None,
        reply_to: int | None = None,
        *,
        silent: bool = False,
    ) -> SendResult:
        self.sent += 1
        return SendResult(outcome=DeliveryOutcome.SENT, message_id=self.sent)

    def stop(self) -> None:
        return None


async def main(tasks: int) -> None:
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 08:00 in Hanoi
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
        async with core.sessions.begin() as session:
            for n, agency in enumerate(members, start=1):
                session.add(
                    ChatRow(
                        chat_id=-n,
                        agency_id=agency.id,
                        title=agency.short,
                        user_id=n,
                        active=True,
                        joined_at=start,
                        inactive_reason="",
                    )
                )
        due = date(2026, 12, 4)
        clock_start = time.perf_counter()
        for n in range(tasks):
            await core.tracker.add_task(
                agency=group.name,
                title=f"Nhiệm vụ {n}",
                deadline=Deadline(
                    due=due + timedelta(days=n % 3),
                    granularity=Granularity.DAY,
                    kind=DeadlineKind.DEADLINE,
                    phrase="x",
                ),
                actor=Actor(name="bench"),
                now=start,
            )
        planning = time.perf_counter() - clock_start
        async with core.sessions() as session:
            reminders = int(
                await session.scalar(select(func.count()).select_from(ReminderRow)) or 0
            )
        transport = CountingTransport()
        dispatcher = Dispatcher(
            sessions=core.sessions,
            registry=core.registry,
            planner=core.planner,
            transport=transport,
            admin_ids=frozenset(),
            render=ChatRenderer(),
        )
        morning = datetime(2026, 12, 3, 1, 30, tzinfo=UTC)  # Thursday 08:30 in Hanoi
        t0 = time.perf_counter()
        fired, queued = await dispatcher.fire_due(morning)
        firing = time.perf_counter() - t0
        t0 = time.perf_counter()
        sent, _, _ = await dispatcher.deliver_due(morning)
        delivering = time.perf_counter() - t0
        await core.close()
    obligations = tasks * len(members)
    print(
        f"{tasks} tasks × {len(members)} members = {obligations} obligations, {reminders} reminders planned"
    )
    print(f"planning   {planning:6.2f} s   {reminders / planning:8,.0f} reminders/s")
    print(
        f"firing     {firing:6.2f} s   {fired:,} reminders due → {queued} messages ({fired / firing:,.0f} reminders/s)"
    )
    print(
        f"delivering {delivering:6.2f} s   {sent} messages ({sent / delivering:,.0f} messages/s, transport excluded)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=300)
    asyncio.run(main(parser.parse_args().tasks))

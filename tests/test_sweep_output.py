"""What a due sweep writes, pinned byte for byte: over a varied national fixture (dozens of
agencies, tasks in every window and of every kind of deadline, agencies with several pages,
progress requests and check-ins, late reports, proposals, extensions, a predecessor's
tasks, titles to cut and to escape, chats of several and of none), a morning after another
of sweeps writes exactly the outbox rows and settles exactly the reminders recorded in
``tests/data/sweep_outbox.json`` — text, buttons, silent flag, the tasks each message lists,
the reminders it carries and the follow-ups planned after it.

The recorded file is what the sweep wrote before its Python was made faster; a change to
what a reminder says is made on purpose by writing it again::

    .venv/bin/python -m tests.test_sweep_output --write
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from demo.harness import TOKEN
from domain.clock import FakeClock
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.status import TaskStatus
from settings import load_settings
from storage.models import AssignmentRow, ChatRow, OutboxRow, ReminderRow
from tracking.service import Actor, NewTask
from wiring import Core, build_core, build_product

RECORDED = Path(__file__).parent / "data" / "sweep_outbox.json"
GROUP = "Các bộ, cơ quan, địa phương"
#: Monday 2/11/2026 08:00 in Hanoi: the tasks are stored.
START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
#: The mornings swept (08:30 in Hanoi), the last after a long downtime: the windows it
#: missed pile up into one message per chat.
MORNINGS = [
    datetime(2026, 11, 3, 1, 30, tzinfo=UTC),
    datetime(2026, 11, 9, 1, 30, tzinfo=UTC),
    datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
    datetime(2026, 11, 30, 1, 30, tzinfo=UTC),
    datetime(2027, 1, 11, 1, 30, tzinfo=UTC),
    datetime(2027, 3, 1, 1, 30, tzinfo=UTC),
]
ACTOR = Actor(name="Quản trị")
LONG = (
    "rà soát, hoàn thiện và báo cáo kết quả triển khai Đề án phát triển ứng dụng dữ liệu về "
    "dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia"
)


def _day(due: date, granularity: Granularity = Granularity.DAY) -> Deadline:
    return Deadline(due=due, granularity=granularity, kind=DeadlineKind.DEADLINE, phrase="")


#: Deadlines of every kind and window, by the day after START they fall due on.
def _deadlines() -> list[Deadline]:
    today = START.date()
    days = [-200, -20, -1, 0, 1, 2, 4, 6, 8, 13, 15, 17, 25, 29, 33, 45, 60, 95, 130]
    found = [_day(today + timedelta(days=n)) for n in days]
    found += [
        _day(date(2026, 11, 30), Granularity.MONTH),
        _day(date(2026, 12, 31), Granularity.QUARTER),
        _day(date(2026, 12, 31), Granularity.YEAR),
        _day(date(2026, 12, 31), Granularity.HALF),
        Deadline(
            due=None,
            granularity=Granularity.MONTHLY,
            kind=DeadlineKind.RECURRING,
            phrase="hằng tháng",
        ),
        Deadline(
            due=None,
            granularity=Granularity.WEEKLY,
            kind=DeadlineKind.RECURRING,
            phrase="hằng tuần",
        ),
        Deadline(due=None, granularity=None, kind=DeadlineKind.ONGOING, phrase="thường xuyên"),
        Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase="khẩn trương"),
        Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase=""),
    ]
    return found


def _tasks(names: list[str]) -> list[NewTask]:
    """Tasks over ``names``: the first agency gets one of every deadline (several pages),
    the next ones a few each, groups of members share tasks; titles long, short, with
    characters to escape."""
    deadlines = _deadlines()
    tasks: list[NewTask] = []

    def add(members: tuple[str, ...], deadline: Deadline, followup_on: date | None = None) -> None:
        n = len(tasks)
        title = [
            f"Báo cáo tình hình số {n}",
            f"{LONG} (đợt {n})",
            f'Xây dựng Nghị định <số {n}> & hướng dẫn "thi hành"',
        ][n % 3]
        tasks.append(
            NewTask(
                title=title,
                text=title,
                lead=members[0],
                members=members,
                deadline=deadline,
                ref=str(n),
                followup_on=followup_on,
            )
        )

    for deadline in deadlines:
        add((names[0],), deadline, START.date() + timedelta(days=6))
    for k, name in enumerate(names[1:], start=1):
        for j in range(k % 4 + 1):
            deadline = deadlines[(3 * k + 5 * j) % len(deadlines)]
            add((name,), deadline, START.date() + timedelta(days=7 * (j + 1)))
    for first in range(1, len(names), 7):
        add(tuple(names[first : first + 7]), deadlines[first % len(deadlines)])
    add(tuple(names[:12]), _day(START.date() + timedelta(days=3)))
    return tasks


async def build(path: Path) -> Core:
    """The fixture on a fresh SQLite file at ``path``."""
    settings = load_settings(
        {
            "DATABASE_URL": f"sqlite+aiosqlite:///{path}",
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9",  # a sweep sends nothing
            "ADMIN_IDS": "1001",
        },
        require_bot=True,
    )
    core = build_core(settings, FakeClock(START))
    await core.prepare(seed=False)
    tracker = core.tracker
    names = [a.name for a in tracker.members_of(GROUP, ())][:40]
    names.insert(3, "Bộ Thông tin và Truyền thông")  # answered for by its successor
    await tracker.store_notice(
        key="sweep-output",
        number="1/TB-VPCP",
        issued=START.date(),
        title="Thông báo kết luận",
        source="",
        tasks=_tasks(names),
        actor=ACTOR,
        now=START,
    )
    owners = list(
        dict.fromkeys(core.registry.owner_today(tracker.members_of(n, ())[0].id).id for n in names)
    )
    async with core.sessions.begin() as session:
        for n, owner in enumerate(owners):
            if n % 9 == 8:
                continue  # no focal point: its reminders have no recipient
            for k in range(1 + (n % 5 == 0)):
                group = (n + k) % 4 == 0
                session.add(
                    ChatRow(
                        chat_id=-(500_000 + 10 * n + k) if group else 500_000 + 10 * n + k,
                        agency_id=owner,
                        title=f"Đầu mối {n}.{k}",
                        user_id=None if group else 500_000 + 10 * n + k,
                        active=True,
                        joined_at=START,
                        inactive_reason="",
                    )
                )
        assignments = (
            (await session.execute(select(AssignmentRow.id).order_by(AssignmentRow.id)))
            .scalars()
            .all()
        )
        # Late, extended and finished ones (a finished one's reminders still pending: the
        # sweep cancels them).
        for a in assignments[5::11]:
            await session.execute(
                update(AssignmentRow).where(AssignmentRow.id == a).values(status=TaskStatus.LATE)
            )
        for a in assignments[7::13]:
            await session.execute(
                update(AssignmentRow)
                .where(AssignmentRow.id == a)
                .values(new_due=START.date() + timedelta(days=a % 40 - 10))
            )
        for a in assignments[2::17]:
            await session.execute(
                update(AssignmentRow).where(AssignmentRow.id == a).values(status=TaskStatus.DONE)
            )
    # Proposals waiting for the office.
    async with core.sessions() as session:
        proposing = (
            await session.execute(
                select(ChatRow.chat_id, AssignmentRow.task_id)
                .join(AssignmentRow, AssignmentRow.owner_id == ChatRow.agency_id)
                .where(AssignmentRow.status == TaskStatus.OPEN)
                .order_by(AssignmentRow.id)
            )
        ).all()[3::19]
    seen: set[int] = set()
    for chat_id, task_id in proposing:
        if task_id in seen:
            continue
        seen.add(task_id)
        await tracker.report_late(
            chat_id=chat_id,
            task_id=task_id,
            reason="chờ ý kiến các bộ",
            new_due=START.date() + timedelta(days=60 + task_id % 30),
            actor=ACTOR,
            now=START,
        )
    return core


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


async def sweep_output(path: Path) -> list[dict[str, Any]]:
    """Every morning's sweep over the fixture: what it returned, the rows it wrote to the
    outbox, and every reminder as it stands after it."""
    core = await build(path)
    dispatcher = build_product(core).runner.dispatcher
    out: list[dict[str, Any]] = []
    try:
        last = 0
        async with core.sessions() as session:
            planned = int(await session.scalar(select(func.max(ReminderRow.id))) or 0)
        for morning in MORNINGS:
            fired, queued = await dispatcher.fire_due(morning)
            async with core.sessions() as session:
                rows = (
                    await session.scalars(
                        select(OutboxRow).where(OutboxRow.id > last).order_by(OutboxRow.id)
                    )
                ).all()
                # Those it settled and those it planned.
                reminders = (
                    await session.execute(
                        select(
                            ReminderRow.id,
                            ReminderRow.assignment_id,
                            ReminderRow.kind,
                            ReminderRow.days_before,
                            ReminderRow.at,
                            ReminderRow.state,
                            ReminderRow.handled_at,
                            ReminderRow.outbox_id,
                            ReminderRow.claim,
                        )
                        .where((ReminderRow.handled_at == morning) | (ReminderRow.id > planned))
                        .order_by(ReminderRow.id)
                    )
                ).all()
                planned = max([planned, *(r.id for r in reminders)])
            last = max([last, *(r.id for r in rows)])
            out.append(
                {
                    "morning": morning.isoformat(),
                    "fired": fired,
                    "queued": queued,
                    "outbox": [
                        {
                            c.key: _jsonable(getattr(row, c.key))
                            for c in OutboxRow.__mapper__.column_attrs
                        }
                        for row in rows
                    ],
                    "reminders": [[_jsonable(v) for v in r] for r in reminders],
                }
            )
    finally:
        await core.close()
    return out


def _dumps(output: list[dict[str, Any]]) -> str:
    """The recorded file: one line per outbox row and per reminder (diffs stay readable)."""
    lines = ["["]
    for n, morning in enumerate(output):
        head = {k: morning[k] for k in ("morning", "fired", "queued")}
        lines.append(json.dumps(head, ensure_ascii=False)[:-1] + ', "outbox": [')
        rows = [json.dumps(r, ensure_ascii=False) for r in morning["outbox"]]
        lines += [f" {row}," for row in rows[:-1]] + [f" {row}" for row in rows[-1:]]
        lines.append('], "reminders": [')
        rows = [json.dumps(r, ensure_ascii=False) for r in morning["reminders"]]
        lines += [f" {row}," for row in rows[:-1]] + [f" {row}" for row in rows[-1:]]
        lines.append("]}" + ("," if n < len(output) - 1 else ""))
    lines.append("]")
    return "\n".join(lines) + "\n"


def _covered(output: list[dict[str, Any]]) -> set[str]:
    """What the fixture's messages show (so a rewritten record cannot lose its variety)."""
    rows = [row for morning in output for row in morning["outbox"]]
    states = {r[5] for morning in output for r in morning["reminders"]}
    data = [b["data"] for row in rows for line in row["keyboard"] or [] for b in line]
    found = {"silent" if row["silent"] else "ringing" for row in rows} | {
        f"reminder {state}" for state in states
    }
    checks = {
        "paged": any(d.startswith("pg:r:") for d in data),
        "progress buttons": any(d.startswith("prog:") for d in data),
        "progress request and pages": any(
            "Đề nghị cập nhật" in row["html"] and "Trang 1/" in row["html"] for row in rows
        ),
        "one task": any("trả lời tin này bằng /xong" in row["html"] for row in rows),
        "predecessor": any("giao cho" in row["html"] for row in rows),
        "proposal": any("đề xuất gia hạn" in row["html"] for row in rows),
        "late": any("đã báo cáo chậm" in row["html"] for row in rows),
        "escaped": any("&lt;" in row["html"] and "&amp;" in row["html"] for row in rows),
        "cut": any("…" in row["html"] for row in rows),
        "group chat": any(row["chat_id"] < 0 for row in rows),
        "two chats of one agency": any(
            len({row["chat_id"] for row in m["outbox"] if row["html"] == other["html"]}) > 1
            for m in output
            for other in m["outbox"]
        ),
        "follow-ups planned": any(
            r[6] is None and r[5] == "pending" for m in output for r in m["reminders"]
        ),
    }
    checks |= {
        f"{group}": any(f"<b>{group}" in row["html"] for row in rows)
        for group in ("⛔ Quá hạn", "⏰ Đến hạn", "🔔 Sắp đến hạn", "❔ Chưa xác định thời hạn")
    }
    checks |= {
        word: any(word in row["html"] for row in rows)
        for word in ("hạn tháng", "hạn Quý", "hạn năm", "thường xuyên", "kỳ tháng", "kỳ tuần")
    }
    return found | {name for name, shown in checks.items() if shown}


async def test_a_sweep_writes_exactly_what_was_recorded(tmp_path: Path) -> None:
    got = await sweep_output(tmp_path / "db.sqlite3")
    assert _covered(got) >= {
        "silent",
        "ringing",
        "reminder fired",
        "reminder cancelled",
        "reminder no_recipient",
        "paged",
        "progress buttons",
        "progress request and pages",
        "one task",
        "predecessor",
        "proposal",
        "late",
        "escaped",
        "cut",
        "group chat",
        "two chats of one agency",
        "follow-ups planned",
        "⛔ Quá hạn",
        "⏰ Đến hạn",
        "🔔 Sắp đến hạn",
        "❔ Chưa xác định thời hạn",
        "hạn tháng",
        "hạn Quý",
        "hạn năm",
        "thường xuyên",
        "kỳ tháng",
        "kỳ tuần",
    }
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert [m["morning"] for m in got] == [m["morning"] for m in recorded]
    for mine, theirs in zip(got, recorded, strict=True):
        assert (mine["fired"], mine["queued"]) == (theirs["fired"], theirs["queued"])
        assert len(mine["outbox"]) == len(theirs["outbox"]), mine["morning"]
        for row, expected in zip(mine["outbox"], theirs["outbox"], strict=True):
            assert row == expected
        assert mine["reminders"] == theirs["reminders"]


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        output = asyncio.run(sweep_output(Path(folder) / "db.sqlite3"))
    RECORDED.parent.mkdir(exist_ok=True)
    RECORDED.write_text(_dumps(output), encoding="utf-8")

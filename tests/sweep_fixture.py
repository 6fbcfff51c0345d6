"""A varied national fixture for a due sweep (``tests/test_sweep_output.py``): dozens of
agencies, tasks in every window and of every kind of deadline, an agency with several
pages, progress requests and check-ins, late reports, proposals waiting, extensions,
finished obligations whose reminders are still pending, a predecessor's tasks, titles to
cut and to escape, agencies with two chats, with a group, with none, and with a
leadership chat (escalations)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from demo.harness import TOKEN
from domain.clock import FakeClock
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.status import TaskStatus
from settings import load_settings
from storage.models import AssignmentRow, ChatRow, LeadershipChatRow
from tracking.service import Actor, NewTask
from wiring import Core, build_core

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
            if n % 6 == 1:  # escalations also go to its leadership chat
                session.add(
                    LeadershipChatRow(
                        chat_id=-(600_000 + n),
                        agency_id=owner,
                        title=f"Lãnh đạo {n}",
                        joined_at=START,
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

"""The dispatcher against a fake transport: what each way a send can end does to the outbox,
the chat and the admins (the outcome matrix), the order within a chat, and reminders turned
into messages. Real SQLite; only Telegram is replaced, by a transport that answers as told."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from chat.dispatch_wording import ChatRenderer
from chat.fitting import TEXT_LIMIT
from delivery.outbox import queue_admin_notice
from delivery.outcomes import BACKOFF
from delivery.transport import Keyboard, SendResult
from domain.clock import FakeClock
from domain.status import DeliveryOutcome, OutboxPurpose, OutboxState, ReminderState
from domain.task_line import TaskLine
from notices.deadlines import parse_admin_deadline
from scheduler.dispatch import Dispatcher
from scheduler.firing import Rendered
from settings import load_settings
from storage.models import ChatRow, OutboxRow, ReminderRow, SendAttemptRow
from tracking.service import Actor
from wiring import Core, build_core

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Hanoi
ADMIN = 1001
CHAT = 2001
NEW_CHAT = -1002001


@dataclass(frozen=True, kw_only=True, slots=True)
class Sent:
    chat_id: int
    html: str
    keyboard: Keyboard | None
    reply_to: int | None
    silent: bool = False


@dataclass(kw_only=True)
class FakeTransport:
    """Answers each send with the next scripted result (SENT once the script is used up)."""

    script: list[SendResult] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    raises: Exception | None = None
    stopped: bool = False

    async def send(
        self,
        chat_id: int,
        html: str,
        keyboard: Keyboard | None,
        reply_to: int | None = None,
        *,
        silent: bool = False,
    ) -> SendResult:
        self.sent.append(
            Sent(chat_id=chat_id, html=html, keyboard=keyboard, reply_to=reply_to, silent=silent)
        )
        if self.raises is not None:
            raise self.raises
        if self.script:
            return self.script.pop(0)
        return SendResult(outcome=DeliveryOutcome.SENT, message_id=100 + len(self.sent))

    def stop(self) -> None:
        self.stopped = True


@dataclass(kw_only=True)
class World:
    core: Core
    transport: FakeTransport
    dispatcher: Dispatcher
    agency_id: str


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    settings = load_settings(
        {
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "ADMIN_IDS": str(ADMIN),
        },
        require_bot=False,
    )
    core = build_core(settings, FakeClock(NOW))
    await core.prepare(seed=False)
    agency = core.registry.resolve("Bộ Công an")
    async with core.sessions.begin() as session:
        session.add(
            ChatRow(
                chat_id=CHAT,
                agency_id=agency.id,
                title="Lan",
                user_id=CHAT,
                active=True,
                joined_at=NOW,
                inactive_reason="",
            )
        )
    transport = FakeTransport()
    dispatcher = Dispatcher(
        sessions=core.sessions,
        registry=core.registry,
        planner=core.planner,
        transport=transport,
        admin_ids=frozenset({ADMIN}),
        render=ChatRenderer(),
    )
    try:
        yield World(core=core, transport=transport, dispatcher=dispatcher, agency_id=agency.id)
    finally:
        await core.close()


async def queue(world: World, html: str, *, chat_id: int = CHAT) -> int:
    async with world.core.sessions.begin() as session:
        row = OutboxRow.queued(purpose=OutboxPurpose.REMINDER, chat_id=chat_id, html=html, now=NOW)
        session.add(row)
        await session.flush()
        return row.id


async def outbox(world: World) -> list[OutboxRow]:
    async with world.core.sessions() as session:
        return list((await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).all())


async def chat(world: World, chat_id: int) -> ChatRow | None:
    async with world.core.sessions() as session:
        return await session.scalar(select(ChatRow).where(ChatRow.chat_id == chat_id))


async def attempts(world: World) -> list[SendAttemptRow]:
    async with world.core.sessions() as session:
        return list((await session.scalars(select(SendAttemptRow))).all())


async def test_a_sent_message_is_marked_sent_with_its_telegram_id(world: World) -> None:
    outbox_id = await queue(world, "<b>nhắc việc</b>")

    assert await world.dispatcher.deliver_due(NOW) == (1, 0, 0)

    [row] = await outbox(world)
    assert (row.id, row.state, row.message_id, row.attempts) == (
        outbox_id,
        OutboxState.SENT,
        101,
        1,
    )
    assert row.sent_at is not None
    assert world.transport.sent == [
        Sent(chat_id=CHAT, html="<b>nhắc việc</b>", keyboard=None, reply_to=None)
    ]
    [attempt] = await attempts(world)
    assert attempt.outcome is DeliveryOutcome.SENT


@pytest.mark.parametrize(
    ("result", "wait"),
    [
        pytest.param(
            SendResult(outcome=DeliveryOutcome.RETRY_AFTER, retry_after=7.0, detail="429"),
            timedelta(seconds=7),
            id="flood control waits retry_after",
        ),
        pytest.param(
            SendResult(outcome=DeliveryOutcome.RETRY_AFTER, retry_after=None, detail="429"),
            timedelta(seconds=1),
            id="flood control without a delay waits a second",
        ),
        pytest.param(
            SendResult(outcome=DeliveryOutcome.TRANSIENT, detail="timed out"),
            BACKOFF[0],
            id="a network error backs off",
        ),
    ],
)
async def test_a_retryable_failure_leaves_the_message_pending_for_later(
    world: World, result: SendResult, wait: timedelta
) -> None:
    await queue(world, "nhắc việc")
    world.transport.script = [result]

    assert await world.dispatcher.deliver_due(NOW) == (0, 0, 1)

    [row] = await outbox(world)
    assert (row.state, row.next_attempt_at, row.attempts) == (OutboxState.PENDING, NOW + wait, 1)
    assert row.last_error == result.detail
    # Not before its time; then it goes.
    assert await world.dispatcher.deliver_due(NOW + wait - timedelta(seconds=1)) == (0, 0, 0)
    assert await world.dispatcher.deliver_due(NOW + wait) == (1, 0, 0)
    assert [a.outcome for a in await attempts(world)] == [result.outcome, DeliveryOutcome.SENT]


async def test_network_errors_back_off_longer_each_time(world: World) -> None:
    await queue(world, "nhắc việc")
    transient = SendResult(outcome=DeliveryOutcome.TRANSIENT, detail="network")
    world.transport.script = [transient] * (len(BACKOFF) + 1)
    at = NOW
    waits = []
    for _ in range(len(BACKOFF) + 1):
        await world.dispatcher.deliver_due(at)
        [row] = await outbox(world)
        waits.append(row.next_attempt_at - at)
        at = row.next_attempt_at
    assert waits == [*BACKOFF, BACKOFF[-1]]


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        (DeliveryOutcome.BLOCKED, "cán bộ đầu mối đã chặn bot"),
        (DeliveryOutcome.CHAT_NOT_FOUND, "cuộc trò chuyện không còn tồn tại"),
    ],
)
async def test_an_unreachable_chat_is_disabled_its_queue_failed_and_the_admins_told(
    world: World, outcome: DeliveryOutcome, reason: str
) -> None:
    await queue(world, "một")
    await queue(world, "hai")
    world.transport.script = [SendResult(outcome=outcome, detail="Forbidden")]

    assert await world.dispatcher.deliver_due(NOW) == (0, 1, 0)

    first, second, notice = await outbox(world)
    assert (first.state, second.state) == (OutboxState.FAILED, OutboxState.FAILED)
    assert second.last_error == reason
    bound = await chat(world, CHAT)
    assert bound is not None
    assert (bound.active, bound.inactive_reason) == (False, reason)
    assert (notice.purpose, notice.chat_id, notice.state) == (
        OutboxPurpose.ADMIN,
        ADMIN,
        OutboxState.PENDING,
    )
    assert "Bộ Công an" in notice.html
    assert reason in notice.html
    assert len(world.transport.sent) == 1  # the second was never tried
    # The notice goes to the admin on the next pass; the dead chat gets nothing more.
    assert await world.dispatcher.deliver_due(NOW) == (1, 0, 0)
    assert world.transport.sent[-1].chat_id == ADMIN


async def test_an_unreachable_admin_is_logged_not_disabled(world: World) -> None:
    async with world.core.sessions.begin() as session:
        queue_admin_notice(session, [ADMIN], "báo cáo", NOW)
    world.transport.script = [SendResult(outcome=DeliveryOutcome.BLOCKED, detail="Forbidden")]

    assert await world.dispatcher.deliver_due(NOW) == (0, 1, 0)

    [row] = await outbox(world)
    assert row.state is OutboxState.FAILED
    bound = await chat(world, CHAT)
    assert bound is not None
    assert bound.active


async def test_a_migrated_group_is_followed_to_its_new_id(world: World) -> None:
    await queue(world, "một")
    await queue(world, "hai")
    world.transport.script = [SendResult(outcome=DeliveryOutcome.MIGRATED, new_chat_id=NEW_CHAT)]

    assert await world.dispatcher.deliver_due(NOW) == (0, 0, 1)

    assert await chat(world, CHAT) is None
    moved = await chat(world, NEW_CHAT)
    assert moved is not None
    assert moved.active
    assert [(r.chat_id, r.state) for r in await outbox(world)] == [
        (NEW_CHAT, OutboxState.PENDING),
        (NEW_CHAT, OutboxState.PENDING),
    ]
    assert await world.dispatcher.deliver_due(NOW) == (2, 0, 0)
    assert [(s.chat_id, s.html) for s in world.transport.sent[1:]] == [
        (NEW_CHAT, "một"),
        (NEW_CHAT, "hai"),
    ]


async def test_a_migration_without_a_new_id_fails_the_message(world: World) -> None:
    await queue(world, "một")
    world.transport.script = [SendResult(outcome=DeliveryOutcome.MIGRATED, new_chat_id=None)]

    await world.dispatcher.deliver_due(NOW)

    [row] = await outbox(world)
    assert (row.state, row.last_error) == (OutboxState.FAILED, "migrated without a new chat id")


async def test_a_rejected_message_fails_alone_and_the_chat_stays(world: World) -> None:
    await queue(world, "một")
    await queue(world, "hai")
    world.transport.script = [SendResult(outcome=DeliveryOutcome.REJECTED, detail="Bad Request")]

    assert await world.dispatcher.deliver_due(NOW) == (0, 1, 0)
    # The chat's order is kept within a pass; the next pass sends the second.
    assert await world.dispatcher.deliver_due(NOW) == (1, 0, 0)

    first, second = await outbox(world)
    assert (first.state, first.last_error) == (OutboxState.FAILED, "Bad Request")
    assert second.state is OutboxState.SENT
    bound = await chat(world, CHAT)
    assert bound is not None
    assert bound.active
    assert len(await outbox(world)) == 2  # no admin notice


async def test_a_send_that_never_started_is_no_attempt(world: World) -> None:
    await queue(world, "một")
    world.transport.script = [
        SendResult(outcome=DeliveryOutcome.TRANSIENT, detail="stopping", attempted=False)
    ]

    await world.dispatcher.deliver_due(NOW)

    [row] = await outbox(world)
    assert (row.state, row.attempts, row.next_attempt_at) == (OutboxState.PENDING, 0, NOW)
    assert await attempts(world) == []


async def test_a_failure_keeps_the_rest_of_that_chat_for_later_and_other_chats_go_on(
    world: World,
) -> None:
    await queue(world, "một")
    await queue(world, "hai")
    await queue(world, "cho quản trị", chat_id=ADMIN)
    world.transport.script = [SendResult(outcome=DeliveryOutcome.TRANSIENT, detail="network")]

    sent, failed, retried = await world.dispatcher.deliver_due(NOW)

    assert (sent, failed, retried) == (1, 0, 1)
    first, second, other = await outbox(world)
    assert (first.state, second.state, other.state) == (
        OutboxState.PENDING,
        OutboxState.PENDING,
        OutboxState.SENT,
    )
    assert second.attempts == 0
    assert "hai" not in [s.html for s in world.transport.sent]


async def test_admin_notices_to_one_chat_go_as_one_message(world: World) -> None:
    async with world.core.sessions.begin() as session:
        queue_admin_notice(session, [ADMIN], "thứ nhất", NOW)
        queue_admin_notice(session, [ADMIN], "thứ hai", NOW)

    assert await world.dispatcher.deliver_due(NOW) == (2, 0, 0)

    assert [(s.chat_id, s.html) for s in world.transport.sent] == [(ADMIN, "thứ nhất\n\nthứ hai")]
    assert {r.state for r in await outbox(world)} == {OutboxState.SENT}


async def test_a_transport_bug_puts_the_message_back_and_is_raised(world: World) -> None:
    outbox_id = await queue(world, "một")
    world.transport.raises = RuntimeError("bug")

    with pytest.raises(RuntimeError, match="bug"):
        await world.dispatcher.deliver_due(NOW)
    [row] = await outbox(world)
    assert (row.state, row.claim, row.attempts) == (OutboxState.PENDING, None, 0)

    await world.dispatcher.deliver_now([outbox_id], NOW)  # never raises
    [row] = await outbox(world)
    assert row.state is OutboxState.PENDING


async def test_stopping_stops_the_transport_and_claims_nothing_more(world: World) -> None:
    await queue(world, "một")

    world.dispatcher.request_stop()

    assert world.transport.stopped
    assert await world.dispatcher.deliver_due(NOW) == (0, 0, 0)
    assert world.transport.sent == []


async def test_due_reminders_become_one_message_per_chat_with_buttons(world: World) -> None:
    due = parse_admin_deadline("04/12/2026", date(2026, 12, 2))
    actor = Actor(name="Quản trị", user_id=ADMIN)
    first = await world.core.tracker.add_task(
        agency="Bộ Công an", title="Báo cáo quý", deadline=due, actor=actor, now=NOW
    )
    second = await world.core.tracker.add_task(
        agency="Bộ Công an", title="Đề án 06", deadline=due, actor=actor, now=NOW
    )
    friday = datetime(2026, 12, 4, 1, 30, tzinfo=UTC)  # 08:30 in Hanoi, the due day

    report = await world.dispatcher.run_once(friday)

    # Each task's day-before reminder (Thursday, no pass ran then) piled up with its due-day
    # one: four reminders, one message.
    assert (report.fired, report.messages_queued, report.sent) == (4, 1, 1)
    [message] = world.transport.sent
    assert message.chat_id == CHAT
    assert "Báo cáo quý" in message.html
    assert "Đề án 06" in message.html
    data = [button["data"] for row in message.keyboard or [] for button in row]
    assert any(str(first) in d for d in data)
    assert any(str(second) in d for d in data)
    async with world.core.sessions() as session:
        states = (await session.scalars(select(ReminderRow.state))).all()
    assert list(states).count(ReminderState.FIRED) == 4
    # Nothing is due again at the same instant: the claim was once.
    again = await world.dispatcher.run_once(friday)
    assert (again.fired, again.sent) == (0, 0)


async def test_no_reminder_goes_out_on_a_day_off_or_before_the_send_time(world: World) -> None:
    saturday = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    early = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)  # 07:00 in Hanoi
    assert not world.dispatcher.may_remind(saturday)
    assert not world.dispatcher.may_remind(early)
    assert world.dispatcher.may_remind(datetime(2026, 12, 4, 1, 30, tzinfo=UTC))
    assert world.dispatcher.next_sending_instant(saturday) == datetime(
        2026, 12, 7, 1, 30, tzinfo=UTC
    )


async def test_a_long_reminder_is_one_message_of_its_first_page_with_that_page_s_buttons(
    world: World,
) -> None:
    due = parse_admin_deadline("04/12/2026", date(2026, 12, 2))
    actor = Actor(name="Quản trị", user_id=ADMIN)
    ids = [
        await world.core.tracker.add_task(
            agency="Bộ Công an",
            title=f"Nhiệm vụ {n}: rà soát, hoàn thiện và báo cáo kết quả triển khai Đề án "
            "phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử",
            deadline=due,
            actor=actor,
            now=NOW,
        )
        for n in range(40)
    ]

    report = await world.dispatcher.run_once(datetime(2026, 12, 4, 1, 30, tzinfo=UTC))

    [message] = world.transport.sent
    assert report.messages_queued == report.sent == 1
    assert len(message.html) <= TEXT_LIMIT
    in_text = [int(found) for found in re.findall(r"#(\d+)", message.html)]
    assert len(set(in_text)) == 8, message.html
    buttons = [button["data"] for row in message.keyboard or [] for button in row]
    assert buttons[:16] == [f"{kind}:{i}" for i in in_text for kind in ("done", "late")]
    assert buttons[16:] == ["pg:r:0", "pg:r:1"]  # 1/5 and ▶: the other pages in place
    assert not message.silent  # due today: it rings
    async with world.core.sessions() as session:
        [row] = (await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).all()
    assert sorted(row.task_ids) == ids  # replies and paging know every task it lists


class PlainWords:
    """A renderer that is not the catalogue: everything the dispatcher writes must come
    from the renderer it is given."""

    message_budget = 20

    def reminder(
        self, agency: str, lines: Sequence[TaskLine], today: date, asked: Collection[int]
    ) -> list[Rendered]:
        listed = ", ".join(f"#{line.task_id}" for line in lines)
        return [
            Rendered(
                html=f"{agency}: {listed}",
                task_ids=[line.task_id for line in lines],
                keyboard=None,
                silent=True,
            )
        ]

    def chat_gone_reason(self, blocked: bool) -> str:
        return "blocked" if blocked else "gone"

    def chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        return f"disabled {chat_title} of {agency}: {reason}"

    def leadership_chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        return f"disabled leadership {chat_title} of {agency}: {reason}"


async def test_the_dispatcher_writes_only_with_the_renderer_it_is_given(world: World) -> None:
    dispatcher = Dispatcher(
        sessions=world.core.sessions,
        registry=world.core.registry,
        planner=world.core.planner,
        transport=world.transport,
        admin_ids=frozenset({ADMIN}),
        render=PlainWords(),
    )
    due = parse_admin_deadline("04/12/2026", date(2026, 12, 2))
    task = await world.core.tracker.add_task(
        agency="Bộ Công an",
        title="Báo cáo quý",
        deadline=due,
        actor=Actor(name="Quản trị", user_id=ADMIN),
        now=NOW,
    )
    friday = datetime(2026, 12, 4, 1, 30, tzinfo=UTC)

    assert (await dispatcher.run_once(friday)).sent == 1
    [reminder] = world.transport.sent
    assert (reminder.html, reminder.keyboard, reminder.silent) == (
        f"Bộ Công an: #{task}",
        None,
        True,
    )

    await queue(world, "một")
    world.transport.script = [SendResult(outcome=DeliveryOutcome.BLOCKED, detail="Forbidden")]
    assert await dispatcher.deliver_due(friday) == (0, 1, 0)
    bound = await chat(world, CHAT)
    assert bound is not None
    assert bound.inactive_reason == "blocked"
    assert (await outbox(world))[-1].html == "disabled Lan of Bộ Công an: blocked"

    # Admin notices are joined only within the renderer's budget (20 characters here).
    async with world.core.sessions.begin() as session:
        queue_admin_notice(session, [ADMIN], "thứ nhất", friday)
        queue_admin_notice(session, [ADMIN], "thứ hai", friday)
        queue_admin_notice(session, [ADMIN], "thứ ba", friday)
    world.transport.sent.clear()
    assert await dispatcher.deliver_due(friday) == (4, 0, 0)
    assert [s.html for s in world.transport.sent] == [
        "disabled Lan of Bộ Công an: blocked",
        "thứ nhất\n\nthứ hai",
        "thứ ba",
    ]


async def test_claims_waiting_at_one_turn_share_a_statement_and_a_message_goes_to_one(
    world: World,
) -> None:
    """Claims queued behind a busy turn are made together; a message both a reply's
    confirmation and another claim ask for is sent once, by the first."""
    first, second = await queue(world, "một"), await queue(world, "hai", chat_id=ADMIN)
    busy, release = asyncio.Event(), asyncio.Event()

    async def hold(session: object) -> None:
        busy.set()
        await release.wait()

    holder = asyncio.create_task(world.dispatcher.writer.run(hold))  # type: ignore[arg-type]
    await busy.wait()
    before = world.dispatcher.writer.commits
    sending = asyncio.gather(
        world.dispatcher.deliver_now([first], NOW),
        world.dispatcher.deliver_now([first], NOW),
        world.dispatcher.deliver_now([second], NOW),
    )
    await asyncio.sleep(0.05)
    release.set()
    await holder

    assert await sending == [True, False, True]
    assert sorted(s.html for s in world.transport.sent) == ["hai", "một"]
    assert {r.state for r in await outbox(world)} == {OutboxState.SENT}
    assert len(await attempts(world)) == 2
    # The hold's turn, then the three claims in one, then the two records in one.
    assert world.dispatcher.writer.commits - before == 3

"""The reminder runner of the running product: pokes from replies coalesce into passes."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from domain.status import TaskStatus
from notices.deadlines import parse_admin_deadline
from storage.db import reading
from storage.models import AssignmentRow
from tests.conftest import ADMIN, FOCAL
from tracking.service import Actor


async def test_pokes_while_a_pass_runs_make_one_more_pass_not_one_each(live: LiveBot) -> None:
    """A burst of replies each pokes the runner; the pokes that come while a pass runs are
    served by one more pass (none is lost, none costs a pass of its own)."""
    runner = live.product.runner
    entered: asyncio.Queue[int] = asyncio.Queue()
    release = asyncio.Event()

    async def held(_now: datetime) -> None:
        await entered.put(runner.passes)
        await release.wait()

    runner.dispatcher.add_pass_hook(held)
    runner.poke()
    first = await entered.get()  # a poked pass is under way, held in its hook
    for _ in range(50):
        runner.poke()
    assert runner.poke_pending
    release.set()
    second = await entered.get()  # the one more pass
    assert second == first + 1
    assert not runner.poke_pending  # the 49 later pokes queued nothing more
    report = await runner.tick()  # the next pass is the tick's own, not a leftover poke
    assert await entered.get() == second + 1
    assert report.sent == 0
    assert entered.empty()


async def _bound_focal_with_a_task(bot: LiveBot) -> int:
    tracker = bot.product.core.tracker
    now = bot.clock.now()
    agency = tracker.registry.resolve("Bộ Công an")
    task_id = await tracker.add_task(
        agency=agency.name,
        title="Báo cáo tình hình",
        deadline=parse_admin_deadline("31/12/2026", now.date()),
        actor=Actor(name="test"),
        now=now,
    )
    invite = await tracker.create_invite(agency=agency.name, actor=Actor(name="test"), now=now)
    await tracker.redeem_invite(
        token=invite.token, chat_id=FOCAL, title="Lan", actor=Actor(name="Lan"), now=now
    )
    return task_id


async def _status(bot: LiveBot, task_id: int) -> TaskStatus:
    async with reading(bot.product.core.sessions) as session:
        status = await session.scalar(
            select(AssignmentRow.status).where(AssignmentRow.task_id == task_id)
        )
    assert status is not None
    return status


async def test_a_done_whose_notice_waits_for_the_digest_costs_no_pass(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    """The confirmation goes out there and then, the office's note waits for its digest:
    nothing is left for the delivery loop, so the reply does not wake it."""
    bot = await start_live_bot(
        emulator,
        tmp_path / "bot.sqlite3",
        clock,
        admin_ids=(ADMIN,),
        extra_env={"ADMIN_NOTIFY": "digest"},
    )
    try:
        task_id = await _bound_focal_with_a_task(bot)
        runner = bot.product.runner
        passes = runner.passes
        sent = await emulator.send_text(FOCAL, FOCAL, f"/done {task_id} đã gửi báo cáo")
        reply = await emulator.wait_for_bot_message(FOCAL, after_message_id=sent["message_id"])
        assert reply.reply_to == sent["message_id"]
        # The chat's next update starts once the /done's handler has ended, poke or not.
        later = await emulator.send_text(FOCAL, FOCAL, "/help")
        await emulator.wait_for_bot_message(FOCAL, after_message_id=later["message_id"])
        assert await _status(bot, task_id) is TaskStatus.DONE
        assert runner.passes == passes
        assert not runner.poke_pending
    finally:
        await bot.stop()


async def test_a_done_with_a_notice_at_once_wakes_the_loop(live: LiveBot) -> None:
    """``ADMIN_NOTIFY=instant``: the admins' notice is the loop's to send, so the reply
    pokes it and a pass delivers the notice."""
    task_id = await _bound_focal_with_a_task(live)
    runner = live.product.runner
    passes = runner.passes
    emulator = live.emulator
    sent = await emulator.send_text(FOCAL, FOCAL, f"/done {task_id} đã gửi báo cáo")
    notice = await emulator.wait_for_bot_message(ADMIN, lambda m: f"#{task_id}" in m.text)
    assert "Bộ Công an" in notice.text
    assert runner.passes > passes
    assert await _status(live, task_id) is TaskStatus.DONE
    assert emulator.bot_messages(FOCAL)[-1].reply_to == sent["message_id"]

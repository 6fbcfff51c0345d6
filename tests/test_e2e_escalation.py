"""End to end: chases an agency leaves unanswered are escalated after ``ESCALATE_AFTER``
(3) — once, in the chase's own pass, flagged in /task and listed in the office's digest —
while an answer in between (a progress note) starts the count again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from storage.models import EscalationRow
from tests.conftest import ADMIN, FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join

DIGEST_HEADLINE = "Tổng hợp trong ngày"
SECTION = "Nhiệm vụ nhắc nhiều lần chưa được trả lời"


def reminders(emu: BotApiEmulator, chat_id: int) -> list[SentMessage]:
    return [m for m in emu.bot_messages(chat_id) if "Nhắc việc" in m.text]


async def escalations(live: LiveBot) -> list[tuple[int, int]]:
    """(task, chases) of every escalation recorded, in order."""
    async with live.product.core.sessions() as session:
        rows = (await session.scalars(select(EscalationRow).order_by(EscalationRow.id))).all()
    return [(row.task_id, row.chases) for row in rows]


async def start(emulator: BotApiEmulator, database: Path, clock: FakeClock, **env: str) -> LiveBot:
    return await start_live_bot(
        emulator, database, clock, admin_ids=(ADMIN,), extra_env={"ADMIN_NOTIFY": "digest", **env}
    )


async def test_three_unanswered_chases_escalate_once_and_an_answer_starts_the_count_again(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Wednesday 2/12/2026: two tasks of the Ministry of Public Security, both overdue.
    clock = FakeClock(local(2026, 12, 2, 10, 0))
    database = tmp_path / "bot.sqlite3"
    live = await start(emulator, database, clock)
    try:
        for title in ("Báo cáo rà soát thủ tục", "Báo cáo số liệu dân cư"):
            await ask(emulator, ADMIN, ADMIN, f"/addtask Bộ Công an | {title} | 30/11/2026")
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        # Thursday 3/12: the overdue reminder; then a chase every Thursday.
        await live.at(local(2026, 12, 3, 8, 30))
        await live.at(local(2026, 12, 10, 8, 30))
        await live.at(local(2026, 12, 17, 8, 30))
        assert len(reminders(emulator, FOCAL)) == 3
        # After the second chase the focal point writes a progress note on #2 only.
        clock.set(local(2026, 12, 17, 10, 0))
        noted = await ask(emulator, FOCAL, FOCAL, "/tiendo 2 đang tổng hợp số liệu")
        assert "#2" in noted.text
        assert await escalations(live) == []

        # The third chase: #1 is escalated in that pass; #2 has one chase unanswered.
        await live.at(local(2026, 12, 24, 8, 30))
        assert len(reminders(emulator, FOCAL)) == 4
        assert await escalations(live) == [(1, 3)]
        flagged = await ask(emulator, ADMIN, ADMIN, "/task 1")
        assert "⚠️ Bộ Công an: 3 lần đôn đốc chưa có phản hồi (từ 24/12/2026)" in flagged.text
        assert "chưa đăng ký nhóm lãnh đạo" in flagged.text
        seen_by_focal = await ask(emulator, FOCAL, FOCAL, "/task 1")
        assert "3 lần đôn đốc chưa có phản hồi" in seen_by_focal.text
        assert "⚠️" not in (await ask(emulator, ADMIN, ADMIN, "/task 2")).text
        # Nothing at once (ADMIN_NOTIFY=digest): it is in the day's digest at 16:30.
        assert not any(SECTION in m.text for m in emulator.bot_messages(ADMIN))
        await live.at(local(2026, 12, 24, 16, 30))
        digest = await emulator.wait_for_bot_message(
            ADMIN, lambda m: DIGEST_HEADLINE in m.text, after_message_id=0
        )
        assert f"{SECTION} (1)" in digest.text
        assert "#1 Báo cáo rà soát thủ tục — Bộ Công an: 3 lần đôn đốc chưa có phản hồi" in (
            digest.text
        )
        assert "#2 Báo cáo số liệu dân cư — Bộ Công an" not in digest.text

        # A restart, then the fourth chase: #1 is not escalated again.
        await live.stop()
        live = await start(emulator, database, clock)
        await live.at(local(2026, 12, 31, 8, 30))
        assert len(reminders(emulator, FOCAL)) == 5
        assert await escalations(live) == [(1, 3)]
        # The fifth: three chases since #2's progress note, so #2 is escalated now.
        await live.at(local(2027, 1, 7, 8, 30))
        assert await escalations(live) == [(1, 3), (2, 3)]
        # An answer on #1 clears its flag in /task (its history stays in the database).
        clock.set(local(2027, 1, 7, 9, 0))
        await ask(emulator, FOCAL, FOCAL, "/tiendo 1 đã trình lãnh đạo Bộ")
        assert "⚠️" not in (await ask(emulator, ADMIN, ADMIN, "/task 1")).text
    finally:
        await live.stop()


async def test_with_instant_notices_the_admins_hear_of_an_escalation_at_once(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # ESCALATE_AFTER=1: the first chase nobody answered is escalated.
    clock = FakeClock(local(2026, 12, 2, 10, 0))
    live = await start(
        emulator, tmp_path / "bot.sqlite3", clock, ADMIN_NOTIFY="instant", ESCALATE_AFTER="1"
    )
    try:
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo rà soát | 30/11/2026")
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        await live.at(local(2026, 12, 3, 8, 30))
        assert await escalations(live) == []
        await live.at(local(2026, 12, 10, 8, 30))
        notice = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "lần đôn đốc chưa có phản hồi" in m.text, after_message_id=0
        )
        assert "🚨 #1 Báo cáo rà soát — Bộ Công an: 1 lần đôn đốc chưa có phản hồi" in notice.text
        assert "quá hạn 10 ngày · hạn 30/11/2026" in notice.text
        assert await escalations(live) == [(1, 1)]
    finally:
        await live.stop()

"""End to end, with ``ADMIN_NOTIFY=digest``: a focal point's chat that can no longer be
reached is one line of the day's digest, not a message at once; a completion waiting for the
office's confirmation (``CONFIRM_DONE=true``) needs a decision, so it comes at once with its
buttons, as an extension proposal does — and neither is repeated in the digest."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from storage.models import ChatRow
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join

HEADLINE = "Tổng hợp trong ngày"
UNREACHABLE = "Không gửi được tin"


def digests(emu: BotApiEmulator) -> list[SentMessage]:
    return [m for m in emu.bot_messages(ADMIN) if HEADLINE in m.text]


async def start(emulator: BotApiEmulator, database: Path, clock: FakeClock, **env: str) -> LiveBot:
    return await start_live_bot(
        emulator, database, clock, admin_ids=(ADMIN,), extra_env={"ADMIN_NOTIFY": "digest", **env}
    )


async def test_a_chat_that_blocked_the_bot_is_in_the_days_digest_not_a_message_at_once(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Wednesday 2/12/2026: a task due on Friday 4/12 for each of two agencies.
    clock = FakeClock(local(2026, 12, 2, 10, 0))
    live = await start(emulator, tmp_path / "bot.sqlite3", clock)
    try:
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo rà soát | 4/12/2026")
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Y tế | Báo cáo hồ sơ sức khỏe | 4/12/2026")
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
        # The Ministry of Health's focal point blocks the bot; Thursday's reminder fails.
        emulator.block(OTHER_FOCAL)
        await live.at(local(2026, 12, 3, 8, 30))
        await live.at(local(2026, 12, 3, 8, 31))
        async with live.product.core.sessions() as session:
            health = await session.scalar(select(ChatRow).where(ChatRow.chat_id == OTHER_FOCAL))
        assert health is not None
        assert not health.active
        assert not any(UNREACHABLE in m.text for m in emulator.bot_messages(ADMIN))
        # 16:30: the day's digest names the chat and its agency, in its own section first.
        await live.at(local(2026, 12, 3, 16, 30))
        digest = await emulator.wait_for_bot_message(
            ADMIN, lambda m: HEADLINE in m.text, after_message_id=0
        )
        assert "1 cán bộ đầu mối không nhận được tin" in digest.text
        assert f"⚠️ {UNREACHABLE} (1)" in digest.text
        assert "Bộ Y tế" in digest.text
        # Once: the next day's digest has nothing to say of it, and the chat gets nothing.
        await live.at(local(2026, 12, 4, 8, 30))
        await live.at(local(2026, 12, 4, 16, 30))
        await live.product.runner.tick()
        assert len(digests(emulator)) == 1
        assert sum(UNREACHABLE in m.text for m in emulator.bot_messages(ADMIN)) == 1
    finally:
        await live.stop()


async def test_a_completion_to_confirm_comes_at_once_and_is_not_repeated_in_the_digest(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    clock = FakeClock(local(2026, 12, 2, 9, 0))
    live = await start(emulator, tmp_path / "bot.sqlite3", clock, CONFIRM_DONE="true")
    try:
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo rà soát | 31/12/2026")
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo số liệu | 31/12/2026")
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        clock.set(local(2026, 12, 2, 10, 0))
        done = await ask(emulator, FOCAL, FOCAL, "/done 1 đã gửi báo cáo")
        assert "chờ Văn phòng theo dõi xác nhận" in done.text
        notice = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "chờ xác nhận" in m.text, after_message_id=0
        )
        assert "#1" in notice.text
        assert notice.buttons, "a decision comes with its buttons"
        # A progress note on #2 needs no decision: it waits for the digest.
        await ask(emulator, FOCAL, FOCAL, "/tiendo 2 đang tổng hợp số liệu")
        await live.at(local(2026, 12, 2, 16, 29))
        assert not any("đang tổng hợp số liệu" in m.text for m in emulator.bot_messages(ADMIN))
        await live.at(local(2026, 12, 2, 16, 30))
        digest = await emulator.wait_for_bot_message(
            ADMIN, lambda m: HEADLINE in m.text, after_message_id=0
        )
        assert "đang tổng hợp số liệu" in digest.text
        assert "đã gửi báo cáo" not in digest.text
        assert "0 báo cáo" not in digest.text
        assert sum("chờ xác nhận" in m.text for m in emulator.bot_messages(ADMIN)) == 1
    finally:
        await live.stop()

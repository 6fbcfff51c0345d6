"""End to end: with ``ADMIN_NOTIFY=digest`` (the default) the office hears once a working
day, at ``ADMIN_DIGEST_TIME`` (16:30), of the day's reports, progress notes and new focal
points — one message per admin (a long day's paged with ◀ ▶ in place), never twice, not even across a restart — while extension
proposals still reach it at once; with ``instant`` every notice goes at once, as before."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from botapi_emulator import BotApiEmulator, SentMessage
from chat import office_messages
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from storage.models import OfficeDigestRow, OfficeNoteRow
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join

SECOND_ADMIN = 1002
DIGEST = {"ADMIN_NOTIFY": "digest"}
HEADLINE = "Tổng hợp trong ngày"
#: (agency, its focal point): four agencies, five tasks each.
AGENCIES = (
    ("Bộ Công an", FOCAL),
    ("Bộ Y tế", OTHER_FOCAL),
    ("Bộ Tài chính", 2003),
    ("Bộ Xây dựng", 2004),
)


def _now(emu: BotApiEmulator, chat_id: int, message: SentMessage) -> SentMessage:
    """``message`` as it stands now (edited by ◀ ▶)."""
    return next(m for m in emu.bot_messages(chat_id) if m.message_id == message.message_id)


async def _turn(emu: BotApiEmulator, chat_id: int, message: SentMessage, page: int) -> str:
    """Press ◀ or ▶ to ``page``; the text the message is edited to."""
    before = _now(emu, chat_id, message).text
    await emu.click(chat_id, chat_id, message.message_id, f"pg:o20261202:{page}")
    return await emu.wait_for(
        lambda: text if (text := _now(emu, chat_id, message).text) != before else None
    )


async def _pages(emu: BotApiEmulator, chat_id: int, message: SentMessage) -> list[str]:
    """Every page of a digest, turned with ▶ from the first."""
    pages = [message.text]
    while "▶" in [b["text"] for b in _now(emu, chat_id, message).buttons]:
        pages.append(await _turn(emu, chat_id, message, len(pages)))
        assert f"Trang {len(pages)}/" in pages[-1]
    return pages


def digests(emu: BotApiEmulator, chat_id: int) -> list[SentMessage]:
    return [m for m in emu.bot_messages(chat_id) if HEADLINE in m.text]


async def start(emulator: BotApiEmulator, database: Path, clock: FakeClock) -> LiveBot:
    return await start_live_bot(
        emulator, database, clock, admin_ids=(ADMIN, SECOND_ADMIN), extra_env=DIGEST
    )


async def twenty_tasks_with_focal_points(emulator: BotApiEmulator) -> None:
    emulator.add_user(SECOND_ADMIN, "Hà", "ha_vpcp")
    emulator.add_user(2003, "Hùng", "hung_btc")
    emulator.add_user(2004, "Mai", "mai_bxd")
    for agency, focal in AGENCIES:
        for n in range(5):
            await ask(
                emulator, ADMIN, ADMIN, f"/addtask {agency} | Báo cáo chuyên đề {n} | 31/12/2026"
            )
        await invite_and_join(emulator, agency, focal)


async def test_a_morning_of_twenty_replies_reaches_each_admin_as_one_digest_at_16_30(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Wednesday 2/12/2026, a working day.
    clock = FakeClock(local(2026, 12, 2, 8, 0))
    database = tmp_path / "bot.sqlite3"
    live = await start(emulator, database, clock)
    try:
        await twenty_tasks_with_focal_points(emulator)
        # The morning: the 20 tasks reported done (tasks #1–#5 by the first agency …),
        # one progress note, and one extension proposal, which needs a decision.
        clock.set(local(2026, 12, 2, 9, 0))
        await ask(emulator, FOCAL, FOCAL, "/tiendo 1 đã gửi dự thảo lấy ý kiến")
        proposal = await ask(emulator, FOCAL, FOCAL, "/late 1 chờ ý kiến Bộ Tư pháp 30/1/2027")
        assert "Đề xuất" in proposal.text
        decision = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "Đề xuất lùi thời hạn" in m.text, after_message_id=0
        )
        assert decision.buttons, "a proposal comes at once, with its buttons"
        await emulator.wait_for_bot_message(
            SECOND_ADMIN, lambda m: "Đề xuất lùi thời hạn" in m.text, after_message_id=0
        )
        for index, (_, focal) in enumerate(AGENCIES):
            for task_id in range(index * 5 + 1, index * 5 + 6):
                answer = await ask(emulator, focal, focal, f"/done {task_id}")
                assert "hoàn thành" in answer.text

        # 16:29: everything delivered that was meant to go; the admins got only the decision.
        await live.at(local(2026, 12, 2, 16, 29))
        for admin in (ADMIN, SECOND_ADMIN):
            texts = [m.text for m in emulator.bot_messages(admin)]
            assert not any("báo cáo hoàn thành nhiệm vụ" in t for t in texts), texts
            assert not any("đã đăng ký làm cán bộ đầu mối" in t for t in texts)
            assert digests(emulator, admin) == []
        async with live.product.core.sessions() as session:
            waiting = await session.scalar(select(func.count()).select_from(OfficeNoteRow))
        assert waiting == 20 + 1 + 4  # reports, the progress note, the four focal points

        # 16:30: one message per admin, all of it in, paged with ◀ ▶ in place.
        await live.at(local(2026, 12, 2, 16, 30))
        for admin in (ADMIN, SECOND_ADMIN):
            digest = await emulator.wait_for_bot_message(
                admin, lambda m: HEADLINE in m.text, after_message_id=0
            )
            sent = len(emulator.bot_messages(admin))
            pages = await _pages(emulator, admin, digest)
            assert len(pages) == 2, pages
            for page in pages:
                assert page.startswith(f"📋 {HEADLINE} 2/12/2026 (đến 16:30)\n")
                assert "20 báo cáo · 1 cập nhật tiến độ · 4 cán bộ đầu mối mới." in page
            whole = "\n".join(pages)
            assert whole.count("• ") == 25, "every note once, on one of the pages"
            for task_id in range(1, 21):
                assert f"#{task_id} " in whole
            assert "đã gửi dự thảo lấy ý kiến" in whole
            assert "Mai (@mai_bxd) đã đăng ký làm cán bộ đầu mối của Bộ Xây dựng" in whole
            # Back to the first page with ◀; nothing was sent, the message was edited.
            assert await _turn(emulator, admin, digest, 0) == digest.text
            assert len(emulator.bot_messages(admin)) == sent
        # Pressed by a focal point, or under a message that is not a digest: a clear answer.
        query = await emulator.click_forged(FOCAL, FOCAL, digest.message_id, "pg:o20261202:1")
        answer = await emulator.wait_for_callback_answer(query, timeout=10)
        assert "Văn phòng theo dõi" in (answer.text or "")
        help_text = await ask(emulator, ADMIN, ADMIN, "/help")
        for data in ("pg:o20261202:1", "pg:o20261203:0"):  # not a digest; a day without one
            message = help_text if data.endswith(":1") else digest
            query = await emulator.click_forged(ADMIN, ADMIN, message.message_id, data)
            answer = await emulator.wait_for_callback_answer(query, timeout=10)
            assert answer.text == office_messages.digest_missing()
        assert _now(emulator, ADMIN, help_text).text == help_text.text
        before = {admin: len(emulator.bot_messages(admin)) for admin in (ADMIN, SECOND_ADMIN)}

        # A second pass, and a restart the same evening: nothing more.
        await live.at(local(2026, 12, 2, 16, 31))
        await live.stop()
        live = await start(emulator, database, clock)
        await live.at(local(2026, 12, 2, 17, 0))
        # The next day had no notes: nothing at all.
        await live.at(local(2026, 12, 3, 16, 30))
        await live.product.runner.tick()
        for admin in (ADMIN, SECOND_ADMIN):
            assert len(emulator.bot_messages(admin)) == before[admin]
            assert len(digests(emulator, admin)) == 1
        async with live.product.core.sessions() as session:
            days = (
                await session.scalars(select(OfficeDigestRow).order_by(OfficeDigestRow.day))
            ).all()
        assert [(d.day.isoformat(), d.notes) for d in days] == [
            ("2026-12-02", 25),
            ("2026-12-03", 0),
        ]
    finally:
        await live.stop()


async def test_a_weekend_waits_for_the_next_working_days_digest(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Saturday 5/12/2026: a report; no digest that day nor on Sunday, Monday's has it.
    clock = FakeClock(local(2026, 12, 5, 9, 0))
    live = await start(emulator, tmp_path / "bot.sqlite3", clock)
    try:
        emulator.add_user(SECOND_ADMIN, "Hà", "ha_vpcp")
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo chuyên đề | 31/12/2026")
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        await ask(emulator, FOCAL, FOCAL, "/done 1 đã gửi văn bản")
        await live.at(local(2026, 12, 5, 16, 30))
        await live.at(local(2026, 12, 6, 16, 30))
        assert digests(emulator, ADMIN) == []
        await live.at(local(2026, 12, 7, 16, 30))
        digest = await emulator.wait_for_bot_message(
            ADMIN, lambda m: HEADLINE in m.text, after_message_id=0
        )
        assert "7/12/2026" in digest.text
        assert "#1" in digest.text
        assert "đã gửi văn bản" in digest.text
    finally:
        await live.stop()


async def test_instant_sends_each_report_at_once_and_no_digest(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    clock = FakeClock(local(2026, 12, 2, 9, 0))
    live = await start_live_bot(
        emulator,
        tmp_path / "bot.sqlite3",
        clock,
        admin_ids=(ADMIN,),
        extra_env={"ADMIN_NOTIFY": "instant"},
    )
    try:
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo chuyên đề | 31/12/2026")
        joined = emulator.mark()  # the office's note may come before the welcome
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        await emulator.wait_for_bot_message(
            ADMIN, lambda m: "đã đăng ký làm cán bộ đầu mối" in m.text, since=joined
        )
        await ask(emulator, FOCAL, FOCAL, "/done 1")
        notice = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "báo cáo hoàn thành nhiệm vụ #1" in m.text
        )
        assert "Bộ Công an" in notice.text
        await live.at(local(2026, 12, 2, 16, 30))
        await live.product.runner.tick()
        assert digests(emulator, ADMIN) == []
        async with live.product.core.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(OfficeNoteRow)) == 0
    finally:
        await live.stop()

"""End to end over the Bot API emulator: ↩️ Hoàn tác within and after its window, the
office's /reopen, /edit and /cancel, progress notes, and office confirmation of completions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from domain.status import FollowUpStatus, ProposalState, TaskStatus
from storage.models import AssignmentRow, ExtensionRow
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join, reminders
from tests.test_e2e_extensions import now_showing, reminder_days, states
from tracking.statuses import load_states


async def _task_for_bca(emulator: BotApiEmulator) -> None:
    """#1 for the Ministry of Public Security due Monday 7/12/2026; its focal point joined."""
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ Đề án 06 | 07/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)


async def status_of(bot: LiveBot) -> TaskStatus:
    async with bot.product.core.sessions() as session:
        [row] = (await session.scalars(select(AssignmentRow))).all()
    return row.status


async def test_undo_within_the_window_restores_the_obligation(
    live: LiveBot, emulator: BotApiEmulator, clock: FakeClock
) -> None:
    await _task_for_bca(emulator)
    plan = await reminder_days(live)
    done = await ask(emulator, FOCAL, FOCAL, "/done 1 đã gửi")
    assert "Hoàn tác trong 10 phút" in done.text
    assert [b["callback_data"] for b in done.buttons] == [done.buttons[0]["callback_data"]]
    undo = str(done.buttons[0]["callback_data"])
    assert undo.startswith("undo:")
    assert await reminder_days(live) == []
    # Another agency's chat cannot withdraw it (a forged press).
    joined = await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    forged = await emulator.click_forged(OTHER_FOCAL, OTHER_FOCAL, joined.message_id, undo)
    answer = await emulator.wait_for_callback_answer(forged)
    assert answer.text is not None
    assert "Chỉ cơ quan đã báo cáo" in answer.text
    assert await status_of(live) is TaskStatus.DONE
    clock.set(local(2026, 12, 2, 10, 9))
    await emulator.click(FOCAL, FOCAL, done.message_id, undo)
    back = await emulator.wait_for_bot_message(FOCAL, lambda m: m.text.startswith("↩️ Đã hoàn tác"))
    assert "báo cáo hoàn thành nhiệm vụ #1" in back.text
    await now_showing(emulator, FOCAL, done.message_id, "↩️ Đã hoàn tác.")
    told = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "đã rút lại báo cáo hoàn thành" in m.text, after_message_id=0
    )
    assert "#1" in told.text
    assert await status_of(live) is TaskStatus.OPEN
    assert await reminder_days(live) == plan
    assert (await states(live, date(2026, 12, 2)))[1] is FollowUpStatus.IN_TIME
    # The reminders resume: the due-day one goes out.
    await live.at(local(2026, 12, 7, 8, 30))
    assert reminders(emulator, FOCAL)
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Hoàn tác báo cáo (Lan" in detail.text


async def test_undo_after_the_window_is_refused_and_changes_nothing(
    live: LiveBot, emulator: BotApiEmulator, clock: FakeClock
) -> None:
    await _task_for_bca(emulator)
    done = await ask(emulator, FOCAL, FOCAL, "/done 1")
    clock.set(local(2026, 12, 2, 10, 11))
    query = await emulator.click(
        FOCAL, FOCAL, done.message_id, str(done.buttons[0]["callback_data"])
    )
    answer = await emulator.wait_for_callback_answer(query)
    assert answer.text is not None
    assert "Đã quá 10 phút" in answer.text
    assert await status_of(live) is TaskStatus.DONE
    assert await reminder_days(live) == []
    assert (await states(live, date(2026, 12, 8)))[1] is FollowUpStatus.DONE_ON_TIME


async def test_undo_of_a_proposal_withdraws_it(live: LiveBot, emulator: BotApiEmulator) -> None:
    await _task_for_bca(emulator)
    late = await ask(emulator, FOCAL, FOCAL, "/late 1 chờ ý kiến 20/12/2026")
    await emulator.click(FOCAL, FOCAL, late.message_id, str(late.buttons[0]["callback_data"]))
    await emulator.wait_for_bot_message(FOCAL, lambda m: "Đã hoàn tác báo cáo chậm" in m.text)
    async with live.product.core.sessions() as session:
        [row] = (await session.scalars(select(ExtensionRow))).all()
    assert row.state is ProposalState.WITHDRAWN
    proposal = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đề xuất lùi thời hạn" in m.text, after_message_id=0
    )
    query = await emulator.click(
        ADMIN, ADMIN, proposal.message_id, str(proposal.buttons[0]["callback_data"])
    )
    answer = await emulator.wait_for_callback_answer(query)
    assert answer.text is not None
    assert "rút lại" in answer.text
    assert (await states(live, date(2026, 12, 8)))[1] is FollowUpStatus.OVERDUE


async def test_reopen_edit_and_cancel_by_the_office(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_for_bca(emulator)
    await ask(emulator, FOCAL, FOCAL, "/done 1")
    # Only admins.
    refused = await ask(emulator, FOCAL, FOCAL, "/reopen 1")
    assert await status_of(live) is TaskStatus.DONE
    assert "chỉ dành cho Văn phòng theo dõi" in refused.text
    reopened = await ask(emulator, ADMIN, ADMIN, "/reopen 1 Bộ Công an")
    assert "Đã mở lại nhiệm vụ #1" in reopened.text
    await emulator.wait_for_bot_message(
        FOCAL, lambda m: "đã mở lại nhiệm vụ" in m.text, after_message_id=0
    )
    assert await status_of(live) is TaskStatus.OPEN
    assert await reminder_days(live) == [date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8)]
    again = await ask(emulator, ADMIN, ADMIN, "/reopen 1")
    assert "không cần mở lại" in again.text
    nobody = await ask(emulator, ADMIN, ADMIN, "/reopen 1 Bộ Y tế")
    assert "không có trong nhiệm vụ #1" in nobody.text
    # Edits: an unknown field changes nothing; the deadline re-plans; the lead moves it.
    unknown = await ask(emulator, ADMIN, ADMIN, "/edit 1 màu đỏ")
    assert "Có thể sửa: hạn, tên, chủ trì, phối hợp" in unknown.text
    bad = await ask(emulator, ADMIN, ADMIN, "/edit 1 hạn khi nào rảnh")
    assert "khi nào rảnh" in bad.text
    edited = await ask(emulator, ADMIN, ADMIN, "/edit 1 hạn 31/12/2026")
    assert "“7/12/2026” → “31/12/2026”" in edited.text
    await emulator.wait_for_bot_message(
        FOCAL, lambda m: "đã sửa thời hạn" in m.text, after_message_id=0
    )
    assert date(2026, 12, 31) in await reminder_days(live)
    assert date(2026, 12, 7) not in await reminder_days(live)
    assert (await states(live, date(2026, 12, 10)))[1] is FollowUpStatus.IN_TIME
    # Not assigned yet the day before it was stored: no status at all.
    assert 1 not in await states(live, date(2026, 12, 1))
    renamed = await ask(emulator, ADMIN, ADMIN, "/edit 1 tên Báo cáo Đề án 06 quý IV")
    assert "Báo cáo Đề án 06 quý IV" in renamed.text
    co = await ask(emulator, ADMIN, ADMIN, "/edit 1 phối hợp Bộ Tài chính, Bộ Tư pháp")
    assert "Bộ Tài chính, Bộ Tư pháp" in co.text
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    moved = await ask(emulator, ADMIN, ADMIN, "/edit 1 chủ trì Bộ Y tế")
    assert "“Bộ Công an” → “Bộ Y tế”" in moved.text
    theirs = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, "/tasks")
    assert "#1" in theirs.text
    mine = await ask(emulator, FOCAL, FOCAL, "/done 1")
    assert "#1" in mine.text
    assert await status_of(live) is TaskStatus.OPEN
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Chuyển cơ quan chủ trì" in detail.text
    assert "hạn: 7/12/2026 → 31/12/2026" in detail.text
    # Withdraw: a reason is required; then no reminders, counted apart, reports refused.
    usage = await ask(emulator, ADMIN, ADMIN, "/cancel 1")
    assert "cần ghi lý do" in usage.text
    cancelled = await ask(emulator, ADMIN, ADMIN, "/cancel 1 theo Công văn 123/VPCP-KSTT")
    assert "Đã rút nhiệm vụ #1" in cancelled.text
    # Delivery is concurrent: the notice may be there before the wait begins.
    await emulator.wait_for_bot_message(
        OTHER_FOCAL, lambda m: "đã rút nhiệm vụ" in m.text, after_message_id=0
    )
    assert await reminder_days(live) == []
    assert (await states(live, date(2026, 12, 10)))[1] is FollowUpStatus.CANCELLED
    late = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, "/done 1")
    assert "đã được Văn phòng theo dõi rút" in late.text
    twice = await ask(emulator, ADMIN, ADMIN, "/cancel 1 lại")
    assert "đã được rút trước đó" in twice.text
    missing = await ask(emulator, ADMIN, ADMIN, "/cancel 77 thử")
    assert "Không có nhiệm vụ số 77" in missing.text


async def test_progress_notes_leave_the_status_alone(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_for_bca(emulator)
    noted = await ask(emulator, FOCAL, FOCAL, "/tiendo 1 đã gửi dự thảo lấy ý kiến các bộ")
    assert "Đã ghi tiến độ" in noted.text
    alias = await ask(emulator, FOCAL, FOCAL, "/progress 1 đã tổng hợp ý kiến")
    assert "Đã ghi tiến độ" in alias.text
    usage = await ask(emulator, FOCAL, FOCAL, "/tiendo 1")
    assert "/tiendo 12" in usage.text
    assert await status_of(live) is TaskStatus.OPEN
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Tiến độ (Lan" in detail.text
    assert "đã gửi dự thảo lấy ý kiến các bộ" in detail.text


@pytest.fixture
async def confirming(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[LiveBot]:
    bot = await start_live_bot(
        emulator, tmp_path / "bot.sqlite3", clock, extra_env={"CONFIRM_DONE": "true"}
    )
    try:
        yield bot
    finally:
        await bot.stop()


async def test_the_office_confirms_or_returns_completions(
    confirming: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_for_bca(emulator)
    done = await ask(emulator, FOCAL, FOCAL, "/done 1 đã gửi báo cáo")
    assert "chờ Văn phòng theo dõi xác nhận" in done.text
    assert await status_of(confirming) is TaskStatus.AWAITING
    assert (await states(confirming, date(2026, 12, 2)))[1] is FollowUpStatus.AWAITING_CONFIRMATION
    notice = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "chờ xác nhận" in m.text, after_message_id=0
    )
    ok, no = (str(b["callback_data"]) for b in notice.buttons)
    await emulator.click(ADMIN, ADMIN, notice.message_id, no)
    prompt = await emulator.wait_for_bot_message(ADMIN, lambda m: "Lý do trả lại" in m.text)
    returned = await ask(emulator, ADMIN, ADMIN, "còn thiếu phụ lục", reply_to=prompt.message_id)
    assert "Đã trả lại" in returned.text
    told = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "trả lại báo cáo" in m.text, after_message_id=0
    )
    assert "còn thiếu phụ lục" in told.text
    assert await status_of(confirming) is TaskStatus.OPEN
    assert await reminder_days(confirming)
    again = await ask(emulator, ADMIN, ADMIN, "/xacnhan 1")
    assert "không có báo cáo hoàn thành nào đang chờ" in again.text
    await ask(emulator, FOCAL, FOCAL, "/done 1 đã bổ sung phụ lục")
    second = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "chờ xác nhận" in m.text and m.message_id > notice.message_id
    )
    await emulator.click(ADMIN, ADMIN, second.message_id, str(second.buttons[0]["callback_data"]))
    await emulator.wait_for_bot_message(
        FOCAL, lambda m: "đã xác nhận hoàn thành" in m.text, after_message_id=0
    )
    assert await status_of(confirming) is TaskStatus.DONE
    assert (await states(confirming, date(2026, 12, 8)))[1] is FollowUpStatus.DONE_ON_TIME
    assert ok.startswith("cf:ok:")


async def test_help_describes_the_follow_up_to_each_reader(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_for_bca(emulator)
    focal = await ask(emulator, FOCAL, FOCAL, "/help")
    assert "Báo chậm kèm ngày là đề xuất lùi thời hạn" in focal.text
    assert "Hoàn tác dưới tin xác nhận trong 10 phút" in focal.text
    assert "/tiendo 12" in focal.text
    assert "/giahan" not in focal.text
    admin = await ask(emulator, ADMIN, ADMIN, "/help")
    for command in (
        "/giahan 12 30/9/2027",
        "/dexuat",
        "/reopen 12",
        "/edit 12 hạn",
        "/cancel 12",
        "/xacnhan 12",
    ):
        assert command in admin.text, command


async def test_undoing_a_done_reopens_the_proposal_it_closed(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_for_bca(emulator)
    await ask(emulator, FOCAL, FOCAL, "/late 1 chờ ý kiến 20/12/2026")
    done = await ask(emulator, FOCAL, FOCAL, "/done 1")
    async with live.product.core.sessions() as session:
        [row] = (await session.scalars(select(ExtensionRow))).all()
    assert row.state is ProposalState.WITHDRAWN
    await emulator.click(FOCAL, FOCAL, done.message_id, str(done.buttons[0]["callback_data"]))
    await emulator.wait_for_bot_message(FOCAL, lambda m: m.text.startswith("↩️ Đã hoàn tác"))
    async with live.product.core.sessions() as session:
        [row] = (await session.scalars(select(ExtensionRow))).all()
    assert row.state is ProposalState.PENDING
    async with live.product.core.sessions() as session:
        [state] = await load_states(
            session, as_of=date(2026, 12, 2), timezone=live.settings.timezone
        )
    assert state.proposed_deadline == date(2026, 12, 20)
    assert state.proposal_id == row.id

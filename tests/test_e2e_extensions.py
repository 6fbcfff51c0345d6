"""End to end over the Bot API emulator: a focal point's /late with a date is a proposal
the office decides; only an approved extension moves the deadline and the reminders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from domain.status import FollowUpStatus, ProposalState, ReminderState
from storage.models import ExtensionRow, ReminderRow
from tests.conftest import ADMIN, FOCAL, VN, local
from tests.test_e2e_chat import ask, invite_and_join, reminders
from tracking.statuses import load_states

ADMIN2 = 1002


@pytest.fixture
async def office(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[LiveBot]:
    """The bot with two admins (two people of the monitoring office)."""
    emulator.add_user(ADMIN2, "Hà", "ha_vpcp")
    bot = await start_live_bot(emulator, tmp_path / "bot.sqlite3", clock, admin_ids=(ADMIN, ADMIN2))
    try:
        yield bot
    finally:
        await bot.stop()


async def now_showing(
    emulator: BotApiEmulator, chat_id: int, message_id: int, words: str
) -> SentMessage:
    """Wait until message ``message_id`` (maybe edited) shows ``words``."""

    def find() -> SentMessage | None:
        return next(
            (
                m
                for m in emulator.bot_messages(chat_id)
                if m.message_id == message_id and words in m.text
            ),
            None,
        )

    return await emulator.wait_for(find)


def buttons(message: SentMessage) -> list[str]:
    return [str(b["callback_data"]) for b in message.buttons]


async def pending_reminders(bot: LiveBot) -> list[ReminderRow]:
    async with bot.product.core.sessions() as session:
        return list(
            (
                await session.scalars(
                    select(ReminderRow)
                    .where(ReminderRow.state == ReminderState.PENDING)
                    .order_by(ReminderRow.at)
                )
            ).all()
        )


async def reminder_days(bot: LiveBot) -> list[date]:
    return [r.at.astimezone(VN).date() for r in await pending_reminders(bot)]


async def states(bot: LiveBot, as_of: date) -> dict[int, FollowUpStatus]:
    async with bot.product.core.sessions() as session:
        return {s.task_id: s.status for s in await load_states(session, as_of=as_of, timezone=VN)}


async def _setup(emulator: BotApiEmulator, bot: LiveBot) -> SentMessage:
    """#1 for the Ministry of Public Security due Monday 7/12/2026; its focal point joined
    and proposes 15/12. Returns admin 1's proposal message."""
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ Đề án 06 | 07/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    sent = await ask(emulator, FOCAL, FOCAL, "/late 1 chờ số liệu của địa phương 15/12/2026")
    assert "đề xuất lùi thời hạn đến 15/12/2026" in sent.text
    assert "Văn phòng theo dõi xem xét" in sent.text
    assert "thời hạn vẫn là 7/12/2026" in sent.text
    return await emulator.wait_for_bot_message(ADMIN, lambda m: "Đề xuất lùi thời hạn" in m.text)


async def test_propose_then_approve_by_button_replans_and_tells_the_focal_point(
    office: LiveBot, emulator: BotApiEmulator
) -> None:
    proposal = await _setup(emulator, office)
    assert "Thời hạn đang áp dụng: 7/12/2026 (còn 5 ngày)" in proposal.text
    assert "Đề xuất lùi đến: 15/12/2026" in proposal.text
    assert "chờ số liệu của địa phương" in proposal.text
    assert "Bộ Công an (Lan" in proposal.text
    [ok, no, info] = buttons(proposal)
    assert ok.startswith("ext:ok:")
    assert no.startswith("ext:no:")
    assert info.startswith("ext:info:")
    # Until decided, the deadline in force stands: the reminders still aim at 7/12.
    assert await reminder_days(office) == [date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8)]
    assert (await states(office, date(2026, 12, 8)))[1] is FollowUpStatus.OVERDUE
    # Details first, then approve.
    await emulator.click(ADMIN, ADMIN, proposal.message_id, info)
    detail = await emulator.wait_for_bot_message(ADMIN, lambda m: "📌" in m.text)
    assert "Lan" in detail.text
    assert "chưa quyết định" in detail.text
    await emulator.click(ADMIN, ADMIN, proposal.message_id, ok)
    told = await emulator.wait_for_bot_message(FOCAL, lambda m: "đồng ý gia hạn" in m.text)
    assert "thời hạn mới là 15/12/2026" in told.text
    closed = await now_showing(emulator, ADMIN, proposal.message_id, "đã đồng ý gia hạn")
    assert closed.buttons == []
    assert await reminder_days(office) == [
        date(2026, 12, 8),
        date(2026, 12, 11),
        date(2026, 12, 14),
        date(2026, 12, 15),
        date(2026, 12, 16),
    ]
    assert (await states(office, date(2026, 12, 8)))[1] is FollowUpStatus.IN_TIME
    # The second admin presses on their own copy: told who decided and when.
    copy = await emulator.wait_for_bot_message(
        ADMIN2, lambda m: "Đề xuất lùi thời hạn" in m.text, after_message_id=0
    )
    query = await emulator.click(ADMIN2, ADMIN2, copy.message_id, ok)
    answer = await emulator.wait_for_callback_answer(query)
    assert answer.text is not None
    assert "Quản trị" in answer.text
    assert "đồng ý gia hạn lúc 2/12/2026 10:00" in answer.text
    # Monday 7/12 nothing rings for #1 any more; 8/12 is 7 days before 15/12.
    await office.at(local(2026, 12, 7, 8, 30))
    assert reminders(emulator, FOCAL) == []
    await office.at(local(2026, 12, 8, 8, 30))
    [reminder] = reminders(emulator, FOCAL)
    assert "15/12/2026" in reminder.text
    # The history says who proposed and who approved.
    history = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Đề xuất lùi thời hạn (Lan" in history.text
    assert "Đồng ý gia hạn (Quản trị" in history.text
    assert "thời hạn 7/12/2026 → 15/12/2026" in history.text
    assert "chờ số liệu của địa phương (đề xuất lùi đến 15/12/2026)" in history.text


async def test_propose_then_reject_with_a_reason_keeps_the_deadline(
    office: LiveBot, emulator: BotApiEmulator
) -> None:
    proposal = await _setup(emulator, office)
    [_, no, _] = buttons(proposal)
    await emulator.click(ADMIN, ADMIN, proposal.message_id, no)
    told = await emulator.wait_for_bot_message(FOCAL, lambda m: "không đồng ý" in m.text)
    assert "Thời hạn vẫn là 7/12/2026" in told.text
    prompt = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Lý do không đồng ý" in m.text, after_message_id=proposal.message_id
    )
    done = await ask(emulator, ADMIN, ADMIN, "đã quá hạn nhiều lần", reply_to=prompt.message_id)
    assert "Đã ghi lý do" in done.text
    # The reason may reach the focal point before the wait begins (delivery is concurrent).
    reason = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "đã quá hạn nhiều lần" in m.text, after_message_id=0
    )
    assert "#1" in reason.text
    again = await ask(emulator, ADMIN, ADMIN, "một lý do khác", reply_to=prompt.message_id)
    assert "đã được ghi trước đó" in again.text
    assert await reminder_days(office) == [date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8)]
    async with office.product.core.sessions() as session:
        [row] = (await session.scalars(select(ExtensionRow))).all()
    assert row.state is ProposalState.REJECTED
    assert row.decision_note == "đã quá hạn nhiều lần"
    assert (await states(office, date(2026, 12, 8)))[1] is FollowUpStatus.OVERDUE
    # The reminder on the deadline day says nothing is pending any more.
    await office.at(local(2026, 12, 7, 8, 30))
    [reminder] = reminders(emulator, FOCAL)
    assert "chờ duyệt" not in reminder.text


async def test_two_admins_pressing_at_once_one_decision_wins(
    office: LiveBot, emulator: BotApiEmulator
) -> None:
    proposal = await _setup(emulator, office)
    copy = await emulator.wait_for_bot_message(
        ADMIN2, lambda m: "Đề xuất lùi thời hạn" in m.text, after_message_id=0
    )
    [ok, no, _] = buttons(proposal)
    first = await emulator.click(ADMIN, ADMIN, proposal.message_id, ok)
    second = await emulator.click(ADMIN2, ADMIN2, copy.message_id, no)
    answers = [
        await emulator.wait_for_callback_answer(first),
        await emulator.wait_for_callback_answer(second),
    ]
    refused = [a for a in answers if a.text and "Dữ liệu không thay đổi" in a.text]
    assert len(refused) == 1
    async with office.product.core.sessions() as session:
        [row] = (await session.scalars(select(ExtensionRow))).all()
    assert row.state in (ProposalState.APPROVED, ProposalState.REJECTED)
    # (Chats are served concurrently: the decision may have reached the focal point already.)
    told = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "đồng ý" in m.text, after_message_id=0
    )
    assert ("không đồng ý" in told.text) is (row.state is ProposalState.REJECTED)
    assert (
        len(
            [
                m
                for m in emulator.bot_messages(FOCAL)
                if "Văn phòng theo dõi" in m.text and "đồng ý" in m.text
            ]
        )
        == 1
    )


async def test_giahan_sets_the_deadline_and_bad_input_changes_nothing(
    office: LiveBot, emulator: BotApiEmulator
) -> None:
    await _setup(emulator, office)
    usage = await ask(emulator, ADMIN, ADMIN, "/giahan 1")
    assert "/giahan 12 30/9/2027" in usage.text
    past = await ask(emulator, ADMIN, ADMIN, "/giahan 1 30/11/2026")
    assert "đã qua" in past.text
    unknown = await ask(emulator, ADMIN, ADMIN, "/giahan 99 31/12/2026")
    assert "Không có nhiệm vụ số 99" in unknown.text
    gibberish = await ask(emulator, ADMIN, ADMIN, "/giahan 1 khi nào xong")
    assert "khi nào xong" in gibberish.text
    refused = await ask(emulator, FOCAL, FOCAL, "/giahan 1 31/12/2026")
    assert "chỉ dành cho Văn phòng theo dõi" in refused.text
    assert (await states(office, date(2026, 12, 8)))[1] is FollowUpStatus.OVERDUE
    done = await ask(
        emulator, ADMIN, ADMIN, "/giahan 1 trong Quý I/2027 theo Công văn 123/VPCP-KSTT"
    )
    assert "đến 31/3/2027" in done.text
    assert "1 đề xuất đang chờ đã được đóng" in done.text
    told = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "thời hạn mới là 31/3/2027" in m.text
    )
    assert "Công văn 123/VPCP-KSTT" in told.text
    assert (await states(office, date(2027, 3, 31)))[1] is FollowUpStatus.IN_TIME
    assert (await states(office, date(2027, 4, 1)))[1] is FollowUpStatus.OVERDUE
    # The earlier proposal can no longer be decided from its message.
    proposal = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đề xuất lùi thời hạn" in m.text, after_message_id=0
    )
    query = await emulator.click(ADMIN, ADMIN, proposal.message_id, buttons(proposal)[0])
    answer = await emulator.wait_for_callback_answer(query)
    assert answer.text is not None
    assert "không đồng ý gia hạn" in answer.text
    # A proposal on a finished task is refused; so is a past date.
    await ask(emulator, FOCAL, FOCAL, "/done 1")
    late = await ask(emulator, FOCAL, FOCAL, "/late 1 thêm thời gian 20/12/2026")
    assert "không thể báo cáo chậm" in late.text
    old = await ask(emulator, FOCAL, FOCAL, "/late 1 thêm thời gian 1/12/2026")
    assert "đã qua" in old.text


async def test_lists_reminders_and_agencies_show_the_pending_proposal(
    office: LiveBot, emulator: BotApiEmulator
) -> None:
    await _setup(emulator, office)
    mark = "đã đề xuất gia hạn (chờ duyệt): 15/12/2026"
    listed = await ask(emulator, FOCAL, FOCAL, "/tasks")
    assert mark in listed.text
    detail = await ask(emulator, FOCAL, FOCAL, "/task 1")
    assert f"Trạng thái: đang thực hiện trong hạn · {mark}" in detail.text
    agencies = await ask(emulator, ADMIN, ADMIN, "/agencies")
    assert "1 đề xuất gia hạn chờ duyệt" in agencies.text
    waiting = await ask(emulator, ADMIN, ADMIN, "/dexuat")
    assert "1 đề xuất gia hạn đang chờ quyết định" in waiting.text
    assert "hạn 7/12/2026 (còn 5 ngày) → đề xuất 15/12/2026" in waiting.text
    assert [b["text"] for b in waiting.buttons] == ["✅ Đồng ý gia hạn #1", "✖️ Không đồng ý #1"]
    # The chase on the deadline day says the proposal is pending; the day after, overdue.
    await office.at(local(2026, 12, 7, 8, 30))
    [due_day] = reminders(emulator, FOCAL)
    assert mark in due_day.text
    await office.at(local(2026, 12, 8, 8, 30))
    overdue = reminders(emulator, FOCAL)[-1]
    assert "quá hạn 1 ngày" in overdue.text
    assert mark in overdue.text
    office.clock.set(local(2026, 12, 8, 9, 0))
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert f"Trạng thái: quá hạn chưa hoàn thành (1 ngày) · {mark}" in detail.text
    under = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "đang chờ Văn phòng theo dõi quyết định" in m.text
    )
    await emulator.click(ADMIN, ADMIN, under.message_id, str(under.buttons[0]["callback_data"]))
    await emulator.wait_for_bot_message(FOCAL, lambda m: "đồng ý gia hạn" in m.text)
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Trạng thái: đang thực hiện trong hạn" in detail.text
    assert "Thời hạn đang áp dụng: 15/12/2026 (đã gia hạn)" in detail.text
    assert mark not in detail.text
    none = await ask(emulator, ADMIN, ADMIN, "/dexuat")
    assert "Không có đề xuất gia hạn nào" in none.text

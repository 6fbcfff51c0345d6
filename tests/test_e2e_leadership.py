"""End to end: an agency's leadership chat, registered with ``/invite <cơ quan> lãnh đạo``,
gets the agency's escalations and its weekly summary — never a reminder — and cannot report
on tasks (only the focal point reports)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import start_live_bot
from domain.clock import FakeClock
from domain.status import TaskStatus
from storage.models import AssignmentRow, EscalationRow, LeadershipChatRow, LeadershipSummaryRow
from tests.conftest import ADMIN, FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join

LEADER = 2101
LEADERSHIP = -5001
SUMMARY = "tổng hợp hằng tuần"
ESCALATION = "đã được đôn đốc nhiều lần nhưng chưa có phản hồi"


def received(emu: BotApiEmulator, words: str) -> list[SentMessage]:
    return [m for m in emu.bot_messages(LEADERSHIP) if words in m.text]


async def test_a_leadership_chat_gets_escalations_and_the_weekly_summary_but_no_reminders(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Wednesday 2/12/2026; the weekly digest and summary on Mondays at 08:30.
    clock = FakeClock(local(2026, 12, 2, 10, 0))
    database = tmp_path / "bot.sqlite3"
    live = await start_live_bot(
        emulator, database, clock, admin_ids=(ADMIN,), extra_env={"DIGEST_DAY": "mon"}
    )
    try:
        emulator.add_user(LEADER, "Hải", "hai_vp_bca")
        emulator.add_group(LEADERSHIP, "Lãnh đạo Bộ Công an", [LEADER])
        await ask(
            emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo rà soát thủ tục | 30/11/2026"
        )
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Đề án dữ liệu dân cư | 31/3/2027")
        invite = await ask(emulator, ADMIN, ADMIN, "/invite bo cong an lanh dao")
        assert "lãnh đạo Bộ Công an" in invite.text
        token = re.search(r"startgroup=([\w-]+)", invite.text)
        assert token, invite.text
        welcome = await ask(emulator, LEADERSHIP, LEADER, f"/start {token[1]}")
        assert "nhận báo cáo dành cho lãnh đạo <b>Bộ Công an</b>" in welcome.html
        assert "đôn đốc 3 lần" in welcome.text
        assert "thứ Hai lúc 08:30" in welcome.text
        await emulator.wait_for_bot_message(
            ADMIN,
            lambda m: "đã đăng ký nhận báo cáo dành cho lãnh đạo" in m.text,
            after_message_id=0,
        )
        await invite_and_join(emulator, "Bộ Công an", FOCAL)

        # The leadership chat does not report, and its /help says what it receives.
        refused = await ask(emulator, LEADERSHIP, LEADER, "/done 1")
        assert "do cán bộ đầu mối" in refused.text
        assert "Dữ liệu không thay đổi" in refused.text
        assert (
            "do cán bộ đầu mối" in (await ask(emulator, LEADERSHIP, LEADER, "/tiendo 1 xong")).text
        )
        # A link of the other kind is refused where a chat is registered, and stays usable.
        other = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an lãnh đạo")
        leadership_token = re.search(r"start=([\w-]+)", other.text)
        assert leadership_token, other.text
        wrong = await ask(emulator, FOCAL, FOCAL, f"/start {leadership_token[1]}")
        assert "đang nhận tin nhắc việc của cán bộ đầu mối" in wrong.text
        focal_invite = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
        focal_token = re.search(r"start=([\w-]+)", focal_invite.text)
        assert focal_token, focal_invite.text
        wrong = await ask(emulator, LEADERSHIP, LEADER, f"/start {focal_token[1]}")
        assert "đang nhận báo cáo dành cho lãnh đạo" in wrong.text
        emulator.add_user(2102, "Thu", "thu_vp_bca")
        again = await ask(emulator, 2102, 2102, f"/start {leadership_token[1]}")
        assert "nhận báo cáo dành cho lãnh đạo <b>Bộ Công an</b>" in again.html
        helped = await ask(emulator, LEADERSHIP, LEADER, "/help")
        assert "đôn đốc 3 lần" in helped.text
        assert "/xong" not in helped.text
        async with live.product.core.sessions() as session:
            statuses = (await session.scalars(select(AssignmentRow.status))).all()
            chats = (
                await session.scalars(select(LeadershipChatRow).order_by(LeadershipChatRow.id))
            ).all()
        assert statuses == [TaskStatus.OPEN, TaskStatus.OPEN]
        assert [(c.chat_id, c.agency_id) for c in chats] == [(LEADERSHIP, "bo-ca"), (2102, "bo-ca")]

        # Thursday 3/12: the focal point's overdue reminder; the leadership chat gets none.
        await live.at(local(2026, 12, 3, 8, 30))
        # Monday 7/12: the week's summary.
        await live.at(local(2026, 12, 7, 8, 30))
        summary = await emulator.wait_for_bot_message(
            LEADERSHIP, lambda m: SUMMARY in m.text, after_message_id=0
        )
        assert "Bộ Công an có 2 nhiệm vụ chưa hoàn thành: 1 quá hạn, 0 đã báo cáo lãnh đạo" in (
            summary.text
        )
        assert "#1" in summary.text
        assert "#2" in summary.text
        # Three chases nobody answers (Thursdays); the third is escalated to the leadership.
        for day in (10, 14, 17, 21):
            await live.at(local(2026, 12, day, 8, 30))
        assert received(emulator, ESCALATION) == []
        await live.at(local(2026, 12, 24, 8, 30))
        escalated = await emulator.wait_for_bot_message(
            LEADERSHIP, lambda m: ESCALATION in m.text, after_message_id=0
        )
        assert "báo cáo lãnh đạo Bộ Công an: 1 nhiệm vụ" in escalated.text
        assert "#1" in escalated.text
        assert "3 lần đôn đốc chưa có phản hồi" in escalated.text
        assert "#2" not in escalated.text
        notice = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "đã gửi báo cáo tới lãnh đạo Bộ Công an" in m.text, after_message_id=0
        )
        assert "#1" in notice.text
        flagged = await ask(emulator, ADMIN, ADMIN, "/task 1")
        assert "⚠️ Đã báo cáo lãnh đạo Bộ Công an ngày 24/12/2026: 3 lần đôn đốc" in flagged.text

        # Monday 28/12, then a restart the same morning: one summary, the escalated first.
        await live.at(local(2026, 12, 28, 8, 30))
        await live.stop()
        live = await start_live_bot(
            emulator, database, clock, admin_ids=(ADMIN,), extra_env={"DIGEST_DAY": "mon"}
        )
        await live.at(local(2026, 12, 28, 9, 0))
        summaries = received(emulator, SUMMARY)
        assert len(summaries) == 4  # 7, 14, 21 and 28 December
        last = summaries[-1].text
        assert "1 đã báo cáo lãnh đạo" in last
        assert last.index("Đã báo cáo lãnh đạo") < last.index("#1") < last.index("#2")
        # Never a reminder, in all these weeks; the focal point got each one.
        assert not any("Nhắc việc" in m.text for m in emulator.bot_messages(LEADERSHIP))
        assert len(received(emulator, ESCALATION)) == 1
    finally:
        await live.stop()


async def join_leadership(emulator: BotApiEmulator) -> None:
    emulator.add_user(LEADER, "Hải", "hai_vp_bca")
    emulator.add_group(LEADERSHIP, "Lãnh đạo Bộ Công an", [LEADER])
    invite = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an lãnh đạo")
    token = re.search(r"startgroup=([\w-]+)", invite.text)
    assert token, invite.text
    await ask(emulator, LEADERSHIP, LEADER, f"/start {token[1]}")


async def test_an_escalation_waits_for_sending_hours_and_a_gone_leadership_chat_is_disabled(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    clock = FakeClock(local(2026, 12, 2, 10, 0))
    live = await start_live_bot(
        emulator,
        tmp_path / "bot.sqlite3",
        clock,
        admin_ids=(ADMIN,),
        extra_env={"DIGEST_DAY": "mon", "ESCALATE_AFTER": "1"},
    )
    try:
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo rà soát | 30/11/2026")
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        await join_leadership(emulator)
        await live.at(local(2026, 12, 3, 8, 30))
        # The bot is down at Thursday's chase and comes back at 21:00, after LAST_SEND_TIME:
        # neither the chase nor its escalation goes out at night.
        await live.at(local(2026, 12, 10, 21, 0))
        await live.at(local(2026, 12, 11, 8, 29))
        assert received(emulator, ESCALATION) == []
        async with live.product.core.sessions() as session:
            assert (await session.scalars(select(EscalationRow))).all() == []
        await live.at(local(2026, 12, 11, 8, 30))
        await emulator.wait_for_bot_message(
            LEADERSHIP, lambda m: ESCALATION in m.text, after_message_id=0
        )
        async with live.product.core.sessions() as session:
            [escalation] = (await session.scalars(select(EscalationRow))).all()
        assert escalation.at == local(2026, 12, 11, 8, 30)

        # The bot is removed from the leadership group: Monday's summary fails, the chat is
        # disabled and the admins are told; the next Monday queues nothing for it.
        emulator.kick_bot(LEADERSHIP)
        await live.at(local(2026, 12, 14, 8, 30))
        await live.at(local(2026, 12, 14, 8, 31))
        told = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "Không gửi được tin cho nơi nhận báo cáo" in m.text, after_message_id=0
        )
        assert "Lãnh đạo Bộ Công an" in told.text
        await live.at(local(2026, 12, 21, 8, 30))
        async with live.product.core.sessions() as session:
            [chat] = (await session.scalars(select(LeadershipChatRow))).all()
            summaries = (
                await session.scalars(
                    select(LeadershipSummaryRow.messages).order_by(LeadershipSummaryRow.slot)
                )
            ).all()
        assert not chat.active
        assert summaries == [1, 0]  # 14/12 (it failed), 21/12 (nobody to send it to)
    finally:
        await live.stop()

"""End to end over the Bot API emulator (fake clock): a period of a recurring duty reported
done is withdrawn — by its focal point with ↩️ Hoàn tác within the undo window, by the
office with the ↩️ button under /task or /reopen — the period reopens, the next period's
reminders are withdrawn and the period's planned again, in one transaction with the
history event; the reports follow. Bad presses (twice, an older period, a forged or
someone else's button) get a clear answer and change nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from domain.clock import FakeClock
from domain.status import EventKind, FollowUpStatus
from storage.models import AssignmentRow, EventRow
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join
from tests.test_e2e_extensions import VN, now_showing, reminder_days
from tracking.statuses import load_states

S = FollowUpStatus
D = date


async def _monthly_duty(emulator: BotApiEmulator) -> None:
    """#1: "trước ngày 20 hằng tháng" for the Ministry of Public Security, whose focal
    point joined; December's period is due Sunday 20/12/2026."""
    await ask(
        emulator,
        ADMIN,
        ADMIN,
        "/addtask Bộ Công an | Báo cáo số liệu cấp căn cước | trước ngày 20 hằng tháng",
    )
    await invite_and_join(emulator, "Bộ Công an", FOCAL)


async def period_due(bot: LiveBot) -> date | None:
    async with bot.product.core.sessions() as session:
        [row] = (await session.scalars(select(AssignmentRow))).all()
    return row.period_due


async def periods(bot: LiveBot, as_of: date) -> list[tuple[date, S]]:
    """The duty's periods as the reports count them on ``as_of``."""
    async with bot.product.core.sessions() as session:
        [state] = await load_states(session, as_of=as_of, timezone=VN)
    return [(p.due, p.status) for p in state.periods]


async def history(bot: LiveBot) -> list[EventKind]:
    async with bot.product.core.sessions() as session:
        return list((await session.scalars(select(EventRow.kind).order_by(EventRow.id))).all())


async def answer_of(emulator: BotApiEmulator, query: str) -> str:
    answer = await emulator.wait_for_callback_answer(query)
    assert answer.text is not None
    return answer.text


async def test_the_focal_point_withdraws_a_period_reported_by_mistake(
    live: LiveBot, emulator: BotApiEmulator, clock: FakeClock
) -> None:
    await _monthly_duty(emulator)
    await live.at(local(2026, 12, 17, 10, 0))
    december_plan = await reminder_days(live)
    assert december_plan[0] == D(2026, 12, 18)

    done = await ask(emulator, FOCAL, FOCAL, "/done 1 đã gửi số liệu")
    assert "đã hoàn thành kỳ tháng 12/2026" in done.text
    assert "Hoàn tác trong 10 phút" in done.text
    [undo] = [str(b["callback_data"]) for b in done.buttons]
    assert undo.startswith("undo:")
    assert await period_due(live) == D(2027, 1, 20)
    assert min(await reminder_days(live)) > D(2026, 12, 31)
    assert await periods(live, D(2026, 12, 17)) == [(D(2026, 12, 20), S.DONE_ON_TIME)]

    # Another agency's chat cannot withdraw it; a forged id finds nothing.
    joined = await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    other = await emulator.click_forged(OTHER_FOCAL, OTHER_FOCAL, joined.message_id, undo)
    assert "Chỉ cơ quan đã báo cáo" in await answer_of(emulator, other)
    forged = await emulator.click_forged(FOCAL, FOCAL, done.message_id, "undo:999999")
    assert "Không tìm thấy báo cáo để hoàn tác" in await answer_of(emulator, forged)
    assert await period_due(live) == D(2027, 1, 20)

    clock.set(local(2026, 12, 17, 10, 6))
    await emulator.click(FOCAL, FOCAL, done.message_id, undo)
    back = await emulator.wait_for_bot_message(
        FOCAL, lambda m: m.text.startswith("↩️ Đã hoàn tác"), after_message_id=0
    )
    assert "báo cáo hoàn thành kỳ tháng 12/2026 của nhiệm vụ #1" in back.text
    assert "hạn 20/12/2026" in back.text
    await now_showing(emulator, FOCAL, done.message_id, "↩️ Đã hoàn tác.")
    told = await emulator.wait_for_bot_message(
        ADMIN,
        lambda m: "đã rút lại báo cáo hoàn thành kỳ tháng 12/2026" in m.text,
        after_message_id=0,
    )
    assert "#1" in told.text
    # December is current again with its own reminders; January's plan is gone.
    assert await period_due(live) == D(2026, 12, 20)
    assert await reminder_days(live) == december_plan
    assert await periods(live, D(2026, 12, 17)) == [(D(2026, 12, 20), S.IN_TIME)]
    assert (await history(live))[-2:] == [EventKind.PERIOD_DONE, EventKind.UNDONE]

    # Pressed twice: already withdrawn, nothing changes.
    again = await emulator.click_forged(FOCAL, FOCAL, done.message_id, undo)
    assert "đã được hoàn tác trước đó" in await answer_of(emulator, again)
    assert await period_due(live) == D(2026, 12, 20)
    assert (await history(live))[-1] is EventKind.UNDONE

    # The period is chased as any other once its due date passes.
    await live.at(local(2026, 12, 21, 8, 30))
    overdue = emulator.bot_messages(FOCAL)[-1]
    assert "kỳ tháng 12/2026" in overdue.text
    assert "quá hạn 1 ngày" in overdue.text
    # In the reports: December overdue, January (begun on 21/12) in time.
    assert await periods(live, D(2026, 12, 21)) == [
        (D(2026, 12, 20), S.OVERDUE),
        (D(2027, 1, 20), S.IN_TIME),
    ]


async def _admin_periods_message(emulator: BotApiEmulator) -> SentMessage:
    await ask(emulator, ADMIN, ADMIN, "/task 1")
    return await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Kỳ báo cáo hoàn thành gần nhất" in m.text, after_message_id=0
    )


async def test_the_office_reopens_the_last_period_closed_and_only_that(
    live: LiveBot, emulator: BotApiEmulator, clock: FakeClock
) -> None:
    await _monthly_duty(emulator)
    await live.at(local(2026, 12, 17, 10, 0))
    await ask(emulator, FOCAL, FOCAL, "/done 1 số liệu tháng 12")
    # January's period begins on 21/12; reported early on 22/12.
    await live.at(local(2026, 12, 22, 10, 0))
    await ask(emulator, FOCAL, FOCAL, "/done 1 số liệu tháng 1")
    assert await period_due(live) == D(2027, 2, 20)
    async with live.product.core.sessions() as session:
        december, january = (
            await session.scalars(
                select(EventRow.id)
                .where(EventRow.kind == EventKind.PERIOD_DONE)
                .order_by(EventRow.id)
            )
        ).all()
    report_day = D(2026, 12, 22)
    before = await periods(live, report_day)
    assert before == [(D(2026, 12, 20), S.DONE_ON_TIME), (D(2027, 1, 20), S.DONE_ON_TIME)]

    listed = await _admin_periods_message(emulator)
    assert "Bộ Công an: kỳ tháng 1/2027" in listed.text
    [button] = listed.buttons
    assert button["callback_data"] == f"rp:{january}"
    assert "Mở lại kỳ tháng 1/2027" in str(button["text"])

    # Not the last period closed, someone who is not the office, a forged id: refused.
    older = await emulator.click_forged(ADMIN, ADMIN, listed.message_id, f"rp:{december}")
    assert "chỉ mở lại được kỳ được báo cáo hoàn thành gần nhất" in await answer_of(emulator, older)
    focal_press = await emulator.click_forged(
        FOCAL, FOCAL, emulator.bot_messages(FOCAL)[-1].message_id, f"rp:{january}"
    )
    assert "Chỉ Văn phòng theo dõi mở lại được" in await answer_of(emulator, focal_press)
    for data, says in (
        ("rp:abc", "Nút này không còn hiệu lực"),
        ("rp:999999", "Không tìm thấy báo cáo để hoàn tác"),
    ):
        forged = await emulator.click_forged(ADMIN, ADMIN, listed.message_id, data)
        assert says in await answer_of(emulator, forged)
    assert await period_due(live) == D(2027, 2, 20)
    assert min(await reminder_days(live)) > D(2027, 1, 31)
    assert (await history(live))[-1] is EventKind.PERIOD_DONE

    clock.set(local(2026, 12, 23, 9, 0))  # after the focal point's undo window
    await emulator.click(ADMIN, ADMIN, listed.message_id, f"rp:{january}")
    reopened = await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.text.startswith("🔄 Đã mở lại kỳ tháng 1/2027"), after_message_id=0
    )
    assert "kế hoạch nhắc kỳ sau đã được rút" in reopened.text
    told = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "đã mở lại kỳ tháng 1/2027 của nhiệm vụ" in m.text, after_message_id=0
    )
    assert "hạn 20/1/2027" in told.text
    assert await period_due(live) == D(2027, 1, 20)
    # January's windows (Wednesday 20/1/2027: 14, 7, 3 → Friday 15/1, 1 day before, the
    # day, the day after) instead of February's.
    assert await reminder_days(live) == [
        D(2027, 1, 6),
        D(2027, 1, 13),
        D(2027, 1, 15),
        D(2027, 1, 19),
        D(2027, 1, 20),
        D(2027, 1, 21),
    ]

    # Twice: refused, nothing changed.
    twice = await emulator.click_forged(ADMIN, ADMIN, listed.message_id, f"rp:{january}")
    assert "đã được hoàn tác trước đó" in await answer_of(emulator, twice)

    # December is now the last closed: /reopen withdraws it too; then there is none left.
    answer = await ask(emulator, ADMIN, ADMIN, "/reopen 1")
    assert answer.text.startswith("🔄 Đã mở lại kỳ tháng 12/2026")
    assert await period_due(live) == D(2026, 12, 20)
    none_left = await ask(emulator, ADMIN, ADMIN, "/reopen 1")
    assert "chưa có kỳ nào được báo cáo hoàn thành" in none_left.text
    assert await period_due(live) == D(2026, 12, 20)

    # The reports follow: on 23/12 December is overdue again and January in time; the
    # figures of 22/12 stay what they were that day.
    assert await periods(live, D(2026, 12, 23)) == [
        (D(2026, 12, 20), S.OVERDUE),
        (D(2027, 1, 20), S.IN_TIME),
    ]
    assert await periods(live, report_day) == before
    summary = await ask(emulator, ADMIN, ADMIN, "/baocao")
    assert "trong đó 2 kỳ báo cáo của 1 nhiệm vụ định kỳ" in summary.text
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Kỳ hiện tại: kỳ tháng 12/2026, hạn 20/12/2026" in detail.text

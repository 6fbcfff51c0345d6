"""End to end: nobody is forgotten. After the seeds, an import, tasks added, edited,
moved, withdrawn, reopened and answered in every way a focal point or the office can, and
through months of reminders, chases, progress requests and check-ins (a restart among
them), every open obligation — dated or not — has its next contact planned in the
database, and every finished or withdrawn one has none. Real HTTP to the emulator, a real
SQLite file, the fake clock."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import and_, func, select

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot, start_live_bot
from domain.calendar import WorkingCalendar
from domain.clock import FakeClock
from domain.deadline import DeadlineKind
from domain.recurrence import PERIODS
from domain.status import ReminderKind, ReminderState, TaskStatus
from storage.models import AssignmentRow, ReminderRow, TaskRow
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join
from tests.test_e2e_telling import import_notice

NOTICE = (
    "Số: 15/TB-VPCP\nHà Nội, ngày 20 tháng 11 năm 2026\nTHÔNG BÁO\n"
    "I. NHIỆM VỤ, GIẢI PHÁP\n"
    "1. Bộ Công an chủ trì, phối hợp với Bộ Y tế rà soát dữ liệu dân cư, hoàn thành trước "
    "ngày 10 tháng 12 năm 2026.\n"
    "2. Bộ Công an khẩn trương hoàn thiện hồ sơ định danh điện tử.\n"
    "3. Bộ Y tế báo cáo tình hình khám chữa bệnh trước ngày 20 hằng tháng.\n"
    "4. Bộ Công an thường xuyên cập nhật dữ liệu dân cư.\n"
    "5. Các bộ, cơ quan ngang bộ báo cáo kết quả thực hiện Đề án 06 hằng quý.\n"
    "6. Bộ Y tế sớm tổng kết việc thí điểm hồ sơ sức khỏe điện tử.\n"
)
CALENDAR = WorkingCalendar()


def _interval_kind(kind: DeadlineKind, granularity: object) -> bool:
    """Followed up by the interval (a progress request or a check-in), not by a date."""
    return kind in (DeadlineKind.NONE, DeadlineKind.ONGOING) or (
        kind is DeadlineKind.RECURRING and granularity not in PERIODS
    )


async def check_every_open_obligation_has_a_next_contact(live: LiveBot, when: str) -> Counter[str]:
    """Asserts the rule over the whole database; returns how many open obligations of each
    kind it covered (so the caller can see the rule was not checked on nothing)."""
    async with live.product.core.sessions() as session:
        pending = and_(
            ReminderRow.assignment_id == AssignmentRow.id,
            ReminderRow.state == ReminderState.PENDING,
        )
        rows = (
            await session.execute(
                select(
                    AssignmentRow.id,
                    AssignmentRow.task_id,
                    AssignmentRow.status,
                    AssignmentRow.new_due,
                    TaskRow.kind,
                    TaskRow.granularity,
                    func.count(ReminderRow.id),
                    func.sum(ReminderRow.kind == ReminderKind.FOLLOWUP),
                )
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .outerjoin(ReminderRow, pending)
                .group_by(AssignmentRow.id, TaskRow.id)
            )
        ).all()
    forgotten, still_planned, doubled = [], [], []
    covered: Counter[str] = Counter()
    for assignment, task, status, new_due, kind, granularity, planned, followups in rows:
        if status.is_open:
            covered[kind.value] += 1
            if planned == 0:
                forgotten.append((task, assignment, kind.value, status.value))
            elif new_due is None and _interval_kind(kind, granularity) and followups != planned:
                doubled.append((task, assignment, "not a follow-up"))
            elif new_due is None and _interval_kind(kind, granularity) and planned != 1:
                doubled.append((task, assignment, planned))
        elif planned:
            still_planned.append((task, assignment, status.value, planned))
    assert forgotten == [], f"{when}: open obligations with no next contact"
    assert still_planned == [], f"{when}: closed obligations still planned"
    assert doubled == [], f"{when}: an undated obligation asked more than once at a time"
    return covered


async def task_id(live: LiveBot, title: str) -> int:
    async with live.product.core.sessions() as session:
        found = await session.scalar(select(TaskRow.id).where(TaskRow.title.startswith(title)))
    assert found is not None, title
    return found


async def statuses(live: LiveBot) -> Counter[TaskStatus]:
    async with live.product.core.sessions() as session:
        return Counter((await session.scalars(select(AssignmentRow.status))).all())


async def start(emulator: BotApiEmulator, database: Path, clock: FakeClock) -> LiveBot:
    return await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,), seed=True)


async def done_with_undo(emu: BotApiEmulator, chat: int, number: int) -> SentMessage:
    done = await ask(emu, chat, chat, f"/done {number} đã gửi báo cáo")
    assert str(done.buttons[0]["callback_data"]).startswith("undo:"), done.text
    return done


async def test_every_open_obligation_dated_or_not_has_its_next_contact_planned(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Wednesday 2/12/2026 10:00: a fresh install with the seeds.
    clock = FakeClock(local(2026, 12, 2, 10, 0))
    database = tmp_path / "bot.sqlite3"
    live = await start(emulator, database, clock)
    try:
        seeded = await check_every_open_obligation_has_a_next_contact(live, "seeded")
        assert {"deadline", "none", "ongoing", "recurring"} <= set(seeded), seeded

        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
        await import_notice(emulator, NOTICE)
        await check_every_open_obligation_has_a_next_contact(live, "imported")
        review = await task_id(live, "Rà soát dữ liệu dân cư")
        profile = await task_id(live, "Hoàn thiện hồ sơ định danh")
        monthly = await task_id(live, "Báo cáo tình hình khám chữa bệnh")
        standing = await task_id(live, "Cập nhật dữ liệu dân cư")
        quarterly = await task_id(live, "Báo cáo kết quả thực hiện Đề án 06")
        pilot = await task_id(live, "Tổng kết việc thí điểm")

        # The office adds tasks of every kind, one with a follow-up date of its choice.
        for line in (
            "Bộ Công an | Báo cáo an ninh mạng | 15/12/2026",
            "Bộ Công an | Rà soát thủ tục cư trú | khẩn trương | đôn đốc 9/12/2026",
            "Bộ Y tế | Báo cáo dịch bệnh | hằng tuần",
            "Bộ Y tế | Cập nhật danh mục thuốc | định kỳ theo quy định",
            "Bộ Tài chính | Báo cáo giải ngân | 31/12/2026",
            "Các bộ, cơ quan, địa phương | Báo cáo chuyển đổi số | 30/6/2027",
        ):
            added = await ask(emulator, ADMIN, ADMIN, f"/addtask {line}")
            assert "Đã thêm" in added.text or "#" in added.text, added.text
        security = await task_id(live, "Báo cáo an ninh mạng")
        residence = await task_id(live, "Rà soát thủ tục cư trú")
        weekly = await task_id(live, "Báo cáo dịch bệnh")
        medicines = await task_id(live, "Cập nhật danh mục thuốc")
        disbursement = await task_id(live, "Báo cáo giải ngân")
        await check_every_open_obligation_has_a_next_contact(live, "added")

        # Edits: a date becomes "khẩn trương" and back, a lead moves, co-operations change,
        # an undated task's follow-up date moves.
        for command in (
            f"/edit {security} hạn khẩn trương",
            f"/edit {pilot} hạn 31/1/2027",
            f"/edit {disbursement} chủ trì Bộ Công an",
            f"/edit {profile} chủ trì Bộ Y tế",
            f"/edit {review} phối hợp không",
            f"/edit {residence} đôn đốc 11/12/2026",
        ):
            edited = await ask(emulator, ADMIN, ADMIN, command)
            assert "→" in edited.text or "ngày đôn đốc" in edited.text, (command, edited.text)
        await check_every_open_obligation_has_a_next_contact(live, "edited")

        # Withdrawn, one reopened.
        await ask(emulator, ADMIN, ADMIN, f"/cancel {medicines} đã giao cơ quan khác")
        await ask(emulator, ADMIN, ADMIN, f"/cancel {security} không còn cần thiết")
        reopened = await ask(emulator, ADMIN, ADMIN, f"/reopen {security}")
        assert "Đã mở lại" in reopened.text
        await check_every_open_obligation_has_a_next_contact(live, "cancelled")

        # Answers: done (one withdrawn with ↩️), late without and with a date, progress
        # notes on undated, standing and dated tasks, a period of a recurring duty done.
        done = await done_with_undo(emulator, FOCAL, review)
        await emulator.click(FOCAL, FOCAL, done.message_id, str(done.buttons[0]["callback_data"]))
        await emulator.wait_for_bot_message(FOCAL, lambda m: "Đã hoàn tác" in m.text)
        await check_every_open_obligation_has_a_next_contact(live, "undone")
        await ask(emulator, FOCAL, FOCAL, f"/done {disbursement}")
        await ask(emulator, FOCAL, FOCAL, f"/late {review} chờ ý kiến Bộ Tư pháp")
        proposal = await ask(
            emulator, OTHER_FOCAL, OTHER_FOCAL, f"/cham {pilot} chờ ý kiến Bộ Tư pháp 26/2/2027"
        )
        assert "Đề xuất" in proposal.text, proposal.text
        decision = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "Đề xuất lùi thời hạn" in m.text, after_message_id=0
        )
        await emulator.click(
            ADMIN, ADMIN, decision.message_id, str(decision.buttons[0]["callback_data"])
        )
        await emulator.wait_for_bot_message(OTHER_FOCAL, lambda m: "đồng ý gia hạn" in m.text)
        await check_every_open_obligation_has_a_next_contact(live, "extension approved")
        await ask(emulator, FOCAL, FOCAL, f"/tiendo {residence} đã lấy ý kiến các bộ")
        await ask(emulator, FOCAL, FOCAL, f"/tiendo {standing} đã cập nhật dữ liệu tháng 11")
        await ask(emulator, FOCAL, FOCAL, f"/tiendo {review} đang tổng hợp ý kiến")
        await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, f"/tiendo {profile} đang hoàn thiện")
        await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, f"/tiendo {weekly} đã tổng hợp số liệu")
        await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, f"/late {pilot} chờ ý kiến Bộ Tài chính")
        await check_every_open_obligation_has_a_next_contact(live, "answered")
        # The office extends one deadline and reopens a finished task.
        await ask(emulator, ADMIN, ADMIN, f"/giahan {review} 31/1/2027 theo Công văn 12/VPCP")
        await ask(emulator, ADMIN, ADMIN, f"/reopen {disbursement}")
        await check_every_open_obligation_has_a_next_contact(live, "extended")

        # Months of working mornings: reminders, chases, progress requests and check-ins
        # fire and are followed by the next; the monthly and weekly duties' periods are
        # reported done as they come; the bot restarts once.
        day = date(2026, 12, 3)
        mornings = 0
        while day <= date(2027, 3, 31):
            if CALENDAR.is_working_day(day):
                await live.at(local(day.year, day.month, day.day, 8, 30))
                mornings += 1
                if day.day == 21:
                    await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, f"/done {monthly}")
                if day.weekday() == 4:
                    await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, f"/done {weekly}")
                if mornings % 10 == 0:
                    await check_every_open_obligation_has_a_next_contact(live, day.isoformat())
                if day == date(2027, 1, 15):
                    await live.stop()
                    live = await start(emulator, database, clock)
                    await check_every_open_obligation_has_a_next_contact(live, "restarted")
                    await ask(emulator, FOCAL, FOCAL, f"/done {quarterly}")
                if day == date(2027, 2, 1):
                    await ask(emulator, FOCAL, FOCAL, f"/done {residence} đã ban hành quy trình")
            day += timedelta(days=1)
        covered = await check_every_open_obligation_has_a_next_contact(live, "31/3/2027")
        assert {"deadline", "none", "ongoing", "recurring"} <= set(covered), covered
        # The walk went through them all: requests, check-ins and chases came round.
        for chat in (FOCAL, OTHER_FOCAL):
            texts = [m.text for m in emulator.bot_messages(chat)]
            assert sum("Đề nghị cập nhật tình hình thực hiện" in t for t in texts) >= 3
            assert sum("Nhắc việc" in t and "quá hạn" in t for t in texts) >= 10
        counted = await statuses(live)
        assert counted[TaskStatus.DONE], counted
        assert counted[TaskStatus.CANCELLED], counted
        assert counted[TaskStatus.OPEN] + counted[TaskStatus.LATE] > 100, counted
    finally:
        await live.stop()

"""A notice's deadline outside the year window (last year … ten years ahead) is never
stored as a deadline: the reader spells 1901 and 2199, the product takes neither. The
task stays in the preview undated (⚠️, the notice's wording beside it), the admin is told
which tasks and how to fix them, and ``/fix`` holds a typed deadline to the same window."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from domain.calendar import WorkingCalendar
from domain.deadline import DeadlineKind
from domain.year_window import in_year_window, year_window
from notices.importer import import_notice
from storage.local_agency_files import registry_for
from storage.models import NoticeRow, TaskRow
from tests.conftest import ADMIN
from tests.test_e2e_chat import ask
from tracking.fix_words import FixField, FixProblem, FixRejected
from tracking.import_edits import fix_task
from tracking.import_proposal import ImportProposal, proposal_of

NOTICE = """VĂN PHÒNG CHÍNH PHỦ
Số: 77/TB-VPCP
Hà Nội, ngày 1 tháng 12 năm 2026

THÔNG BÁO
Kết luận của Phó Thủ tướng tại cuộc họp về chuyển đổi số

1. Bộ Tài chính chủ trì, phối hợp với Bộ Công an xây dựng cơ sở dữ liệu về tài sản công, \
hoàn thành trước ngày 31 tháng 12 năm 2199.
2. Bộ Y tế hoàn thiện hồ sơ bệnh án điện tử, hoàn thành trước ngày 30 tháng 6 năm 2027.
3. Bộ Công an rà soát dữ liệu dân cư, hoàn thành trước ngày 15 tháng 3 năm 1901.
"""
TODAY = date(2026, 12, 3)
REGISTRY = registry_for()


def _proposal() -> ImportProposal:
    return proposal_of(import_notice(NOTICE, REGISTRY), NOTICE)


def test_the_window_runs_from_last_year_to_ten_years_ahead() -> None:
    assert year_window(TODAY) == (2025, 2036)
    assert in_year_window(date(2025, 1, 1), TODAY)
    assert in_year_window(date(2036, 12, 31), TODAY)
    assert not in_year_window(date(2024, 12, 31), TODAY)
    assert not in_year_window(date(2037, 1, 1), TODAY)


def test_deadlines_outside_the_window_are_left_undated_with_their_wording() -> None:
    proposal = _proposal()
    assert [t.deadline.due for t in proposal.tasks] == [
        date(2199, 12, 31),
        date(2027, 6, 30),
        date(1901, 3, 15),
    ]
    held, numbers = proposal.held_to_window(TODAY)
    assert numbers == (1, 3)
    first, second, third = held.tasks
    for task in (first, third):
        assert task.deadline.due is None
        assert task.deadline.kind is DeadlineKind.NONE
    assert first.deadline.phrase == "hoàn thành trước ngày 31 tháng 12 năm 2199"
    assert third.deadline.phrase == "hoàn thành trước ngày 15 tháng 3 năm 1901"
    assert second == proposal.tasks[1]
    assert [t.lead for t in held.tasks] == [t.lead for t in proposal.tasks]
    # Within the window nothing changes.
    again, none = held.held_to_window(TODAY)
    assert none == ()
    assert again is held


@pytest.mark.parametrize(("typed", "accepted"), [("31/12/2199", False), ("1/1/2024", False),
                                                 ("31/12/2036", True), ("1/1/2037", False)])  # fmt: skip
def test_fix_holds_a_typed_deadline_to_the_window(typed: str, accepted: bool) -> None:
    proposal, _ = _proposal().held_to_window(TODAY)
    if accepted:
        _, task = fix_task(
            proposal, number=1, field=FixField.DEADLINE, value=typed, today=TODAY,
            registry=REGISTRY, calendar=WorkingCalendar(),
        )  # fmt: skip
        assert task is not None
        assert task.deadline.due == date(2036, 12, 31)
        return
    with pytest.raises(FixRejected) as refused:
        fix_task(
            proposal, number=1, field=FixField.DEADLINE, value=typed, today=TODAY,
            registry=REGISTRY, calendar=WorkingCalendar(),
        )  # fmt: skip
    assert refused.value.reason is FixProblem.DEADLINE_RANGE
    assert refused.value.value == "2025-2036"


async def test_an_imported_deadline_of_2199_is_shown_undated_and_stored_without_a_date(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    sent = await emulator.send_document(
        ADMIN, ADMIN, "77-TB-VPCP.txt", NOTICE.encode(), "text/plain"
    )
    note = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "nằm ngoài khoảng năm" in m.text, after_message_id=sent["message_id"]
    )
    today = live.clock.now().date()
    low, high = year_window(today)
    assert f"nhiệm vụ 1, 3 nằm ngoài khoảng năm {low}–{high}" in note.text
    assert "/fix 1 hạn" in note.text
    preview = "\n".join(
        m.text for m in emulator.bot_messages(ADMIN) if m.message_id > sent["message_id"]
    )
    assert "“hoàn thành trước ngày 31 tháng 12 năm 2199” ⚠️" in preview
    assert "31/12/2199" not in preview.replace("31 tháng 12 năm 2199", "")
    refused = await ask(emulator, ADMIN, ADMIN, "/fix 3 hạn 15/3/2199")
    assert f"Thời hạn phải trong khoảng năm {low}–{high}" in refused.text
    assert "Dữ liệu không thay đổi" in refused.text
    fixed = await ask(emulator, ADMIN, ADMIN, f"/fix 3 hạn 15/3/{high}")
    assert f"Hạn: 15/3/{high}" in fixed.text
    end = await emulator.wait_for_bot_message(
        ADMIN,
        lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons),
        after_message_id=sent["message_id"],
    )
    data = next(b["callback_data"] for b in end.buttons if b["callback_data"].startswith("imp:ok"))
    await emulator.click(ADMIN, ADMIN, end.message_id, data)
    await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đã lưu" in m.text, after_message_id=end.message_id
    )
    async with live.product.core.sessions() as session:
        rows = (
            await session.execute(
                select(TaskRow.lead, TaskRow.due, TaskRow.kind)
                .join(NoticeRow, TaskRow.notice_id == NoticeRow.id)
                .where(NoticeRow.number == "77/TB-VPCP")
                .order_by(TaskRow.id)
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("Bộ Tài chính", None, DeadlineKind.NONE),
        ("Bộ Y tế", date(2027, 6, 30), DeadlineKind.DEADLINE),
        ("Bộ Công an", date(high, 3, 15), DeadlineKind.DEADLINE),
    ]

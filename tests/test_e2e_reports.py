"""/baocao and /xuatexcel over real HTTP: the figures, the chart as a photo, the appendix as
a document, the agency buttons, and every refusal."""

from __future__ import annotations

from pathlib import Path

from botapi_emulator import BotApiEmulator, Fault, SentMessage
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from tests.conftest import ADMIN, STRANGER, local
from tests.report_files import load_workbook, open_image
from tests.report_fixture import BTC, BYT, build_fixture
from tests.test_e2e_chat import ask


async def _file_after(emu: BotApiEmulator, chat_id: int, kind: str, after: int) -> SentMessage:
    return await emu.wait_for_bot_message(chat_id, lambda m: m.kind == kind, after_message_id=after)


async def test_an_empty_database_gets_an_answer_and_no_file(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    for command in ("/baocao", "/xuatexcel"):
        reply = await ask(emulator, ADMIN, ADMIN, command)
        assert "Chưa có nhiệm vụ nào" in reply.text
    assert all(m.kind == "text" for m in emulator.bot_messages(ADMIN))


async def test_the_office_gets_figures_chart_agency_list_and_the_appendix(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    live.clock.set(local(2026, 7, 20, 9, 0))
    await build_fixture(live.product.core)

    sent = await emulator.send_text(ADMIN, ADMIN, "/baocao 15/7/2026")
    summary = await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.reply_to == sent["message_id"], after_message_id=sent["message_id"]
    )
    assert "Tính đến ngày 15/7/2026" in summary.text
    assert "Được giao: 10 nhiệm vụ" in summary.text
    assert "Đến hạn: 7" in summary.text
    assert "Hoàn thành đúng hạn: 3" in summary.text
    assert "Hoàn thành quá hạn: 2" in summary.text
    assert "Quá hạn chưa hoàn thành: 2" in summary.text
    assert "Tỷ lệ hoàn thành đúng hạn: 42,9% (3/7)" in summary.text
    assert "Đề xuất gia hạn chờ cho ý kiến: 1" in summary.text
    assert len(summary.text) < 1500  # one phone screen
    buttons = {b["text"]: b["callback_data"] for b in summary.buttons}
    assert buttons == {"Bộ TC (1)": "bc:a:bo-tc:20260715", "Bộ YT (1)": "bc:a:bo-yt:20260715"}

    photo = await _file_after(emulator, ADMIN, "photo", summary.message_id)
    assert "15/7/2026" in photo.text
    assert photo.file_id is not None
    image = open_image(emulator.file(photo.file_id).data)
    assert image.format == "PNG"
    assert image.size[0] >= 600

    # The button opens that agency's list as of the same day, in the same message.
    sent_before = len(emulator.bot_messages(ADMIN))
    await emulator.click(ADMIN, ADMIN, summary.message_id, buttons["Bộ YT (1)"])
    listing = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Bộ Y tế" in m.text and "Chưa hoàn thành" in m.text
    )
    assert listing.message_id == summary.message_id
    assert listing.edited
    assert "Tính đến ngày 15/7/2026" in listing.text
    assert "quá hạn 15 ngày · hạn 30/6/2026" in listing.text
    assert "Hoàn thiện quy trình khám chữa bệnh" in listing.text
    [back] = listing.buttons
    assert back["text"].startswith("◀")
    assert back["callback_data"] == "bc:s:20260715"
    # ◀ brings the summary back, buttons and all.
    await emulator.click(ADMIN, ADMIN, summary.message_id, back["callback_data"])
    again = await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.message_id == summary.message_id and "Nhiều nhiệm vụ" in m.text
    )
    assert again.text == summary.text
    assert again.buttons == summary.buttons
    assert len(emulator.bot_messages(ADMIN)) == sent_before  # nothing new was sent

    # One notice, and one agency typed without diacritics.
    notice = await ask(emulator, ADMIN, ADMIN, "/baocao 20/TB-VPCP 15/7/2026")
    assert "Thông báo 20/TB-VPCP" in notice.text
    assert "Được giao: 2 nhiệm vụ" in notice.text
    # From a notice's summary the way back leads to that notice's summary.
    first = await ask(emulator, ADMIN, ADMIN, "/baocao 10/TB-VPCP 15/7/2026")
    opened = first.buttons[0]["callback_data"]
    assert opened == "bc:a:bo-yt:20260715:10/TB-VPCP"
    await emulator.click(ADMIN, ADMIN, first.message_id, opened)
    listed = await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.message_id == first.message_id and "Chưa hoàn thành" in m.text
    )
    assert BYT in listed.text
    assert listed.buttons[0]["callback_data"] == "bc:s:20260715:10/TB-VPCP"
    await emulator.click(ADMIN, ADMIN, first.message_id, listed.buttons[0]["callback_data"])
    restored = await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.message_id == first.message_id and "Nhiều nhiệm vụ" in m.text
    )
    assert restored.text == first.text
    assert restored.buttons == first.buttons
    agency = await ask(emulator, ADMIN, ADMIN, "/baocao bo tai chinh 31/5/2026")
    assert BTC in agency.text
    assert "đã đề xuất gia hạn đến 30/6/2026 (chờ duyệt)" in agency.text

    # The appendix as a document.
    sent = await emulator.send_text(ADMIN, ADMIN, "/xuatexcel 15/7/2026")
    document = await _file_after(emulator, ADMIN, "document", sent["message_id"])
    assert document.document_name == "bao-cao-2026-07-15.xlsx"
    assert "“Tổng hợp”: 3 cơ quan" in document.text
    assert document.file_id is not None
    book = load_workbook(emulator.file(document.file_id).data)
    rows = {r[1]: r for r in book["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert rows[BYT][2:9] == (3, 2, 0, 1, 1, 1, 0)
    assert rows["Tổng cộng"][2] == 10
    assert book["Chi tiết"].max_row == 12

    # A day still to come is allowed, and says so.
    future = await ask(emulator, ADMIN, ADMIN, "/baocao 31/12/2026")
    assert "chưa đến" in future.text


async def test_refusals_answer_clearly_and_send_no_file(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    live.clock.set(local(2026, 7, 20, 9, 0))
    await build_fixture(live.product.core)
    refusals = {
        "/baocao Bộ Không Tồn Tại": "Không tìm thấy cơ quan hay thông báo “Bộ Không Tồn Tại”",
        "/baocao 99/TB-VPCP": "Không tìm thấy cơ quan hay thông báo “99/TB-VPCP”",
        "/baocao 31/02/2026": "“31/02/2026” không phải là ngày hợp lệ",
        "/xuatexcel 20/TB-VPCP 1/6/2026": "chưa có nhiệm vụ nào được giao",
    }
    for command, expected in refusals.items():
        reply = await ask(emulator, ADMIN, ADMIN, command)
        assert expected in reply.text, (command, reply.text)
    # Part of a name: "Có phải …?" buttons, one pressed opens that agency's list.
    choices = await ask(emulator, ADMIN, ADMIN, "/baocao tài nguyên 15/7/2026")
    assert "Có phải anh/chị muốn xem báo cáo" in choices.text
    [button] = choices.buttons
    assert button["text"] == "Có phải Bộ Tài nguyên và Môi trường?"
    assert button["callback_data"].endswith(":20260715")
    await emulator.click(ADMIN, ADMIN, choices.message_id, button["callback_data"])
    opened = await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.message_id == choices.message_id and "Môi trường" in m.text
    )
    assert "Có phải" not in opened.text
    stranger = await ask(emulator, STRANGER, STRANGER, "/baocao")
    assert "Bộ Công an" not in stranger.text
    assert "Được giao" not in stranger.text
    # In a group, someone who is not an admin pressing an agency button is refused.
    group = -100777
    emulator.add_group(group, "Tổ theo dõi", [ADMIN, STRANGER])
    summary = await ask(emulator, group, ADMIN, "/baocao")
    query = await emulator.click(
        group, STRANGER, summary.message_id, summary.buttons[0]["callback_data"]
    )
    answer = await emulator.wait_for_callback_answer(query)
    assert answer.show_alert
    assert answer.text is not None
    await _file_after(emulator, group, "photo", summary.message_id)
    assert [m.kind for m in emulator.bot_messages(group)] == ["text", "photo"]
    assert all(m.kind == "text" for m in emulator.bot_messages(ADMIN))
    assert [m.kind for m in emulator.bot_messages(STRANGER)] == ["text"]


async def test_an_edited_report_command_is_not_run_again(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    live.clock.set(local(2026, 7, 20, 9, 0))
    await build_fixture(live.product.core)
    for command, kind in (("/baocao", "photo"), ("/xuatexcel", "document")):
        sent = await emulator.send_text(ADMIN, ADMIN, command)
        await _file_after(emulator, ADMIN, kind, sent["message_id"])
        before = len(emulator.bot_messages(ADMIN))
        await emulator.edit_user_message(ADMIN, ADMIN, sent["message_id"], command + " 1/7/2026")
        answer = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "đã sửa" in m.text, after_message_id=sent["message_id"]
        )
        await ask(emulator, ADMIN, ADMIN, "/help")
        assert len(emulator.bot_messages(ADMIN)) == before + 2, command  # the answer, /help
        assert answer.text.startswith("✏️")


LEADER = 4001


async def test_the_weekly_digest_goes_once_to_admins_and_leadership(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    emulator.add_user(LEADER, "Lãnh đạo")
    clock = FakeClock(local(2026, 7, 20, 7, 0))  # Monday
    database = tmp_path / "digest.sqlite3"
    env = {"LEADERSHIP_CHAT_IDS": str(LEADER), "DIGEST_DAY": "mon"}
    bot = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,), extra_env=env)
    try:
        await build_fixture(bot.product.core)
        await bot.at(local(2026, 7, 20, 8, 29))
        assert _digests(emulator, ADMIN) == []
        await bot.at(local(2026, 7, 20, 8, 30))
        for chat in (ADMIN, LEADER):
            [text] = _digests(emulator, chat)
            assert "tính đến ngày 20/7/2026" in text.text
            assert "Được giao: 10 nhiệm vụ" in text.text
            assert "So với ngày 13/7/2026" in text.text
            assert "#3 Bộ Tài chính: đề xuất đến 30/6/2026" in text.text
            photo = await _file_after(emulator, chat, "photo", text.message_id)
            assert photo.file_id is not None
            assert open_image(emulator.file(photo.file_id).data).format == "PNG"
        await bot.at(local(2026, 7, 20, 9, 0))
    finally:
        await bot.stop()
    # A restart the same morning sends nothing again: the claim is in the database.
    bot = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,), extra_env=env)
    try:
        await bot.at(local(2026, 7, 20, 10, 0))
        assert len(_digests(emulator, ADMIN)) == 1
        assert [m.kind for m in emulator.bot_messages(LEADER)].count("photo") == 1
        # The next Monday brings the next one, with what changed since.
        await bot.at(local(2026, 7, 27, 8, 30))
        assert len(_digests(emulator, ADMIN)) == 2
        assert "So với ngày 20/7/2026" in _digests(emulator, ADMIN)[-1].text
    finally:
        await bot.stop()


async def test_the_digest_can_be_switched_off_and_moved(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    clock = FakeClock(local(2026, 7, 20, 7, 0))
    bot = await start_live_bot(
        emulator, tmp_path / "off.sqlite3", clock, extra_env={"DIGEST_DAY": "off"}
    )
    try:
        await build_fixture(bot.product.core)
        await bot.at(local(2026, 7, 20, 9, 0))
        assert _digests(emulator, ADMIN) == []
    finally:
        await bot.stop()
    bot = await start_live_bot(
        emulator,
        tmp_path / "fri.sqlite3",
        clock,
        extra_env={"DIGEST_DAY": "fri", "DIGEST_TIME": "16:00"},
    )
    try:
        await build_fixture(bot.product.core)
        await bot.at(local(2026, 7, 20, 9, 0))
        await bot.at(local(2026, 7, 24, 15, 59))
        assert _digests(emulator, ADMIN) == []
        await bot.at(local(2026, 7, 24, 16, 0))
        [digest] = _digests(emulator, ADMIN)
        assert "tính đến ngày 24/7/2026" in digest.text
    finally:
        await bot.stop()


def _failure_notices(emu: BotApiEmulator) -> list[SentMessage]:
    return [m for m in emu.bot_messages(ADMIN) if "không gửi được" in m.text]


async def test_a_digest_that_cannot_reach_leadership_is_reported_to_the_admins_once(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    blocked, flaky = LEADER, LEADER + 1
    emulator.add_user(blocked, "Lãnh đạo")
    emulator.add_user(flaky, "Lãnh đạo Văn phòng")
    emulator.block(blocked)
    # Every message to the second leader fails with a network error (the digest retries).
    emulator.add_fault(
        Fault(method="sendMessage", chat_id=flaky, error_code=502, description="Bad Gateway")
    )
    clock = FakeClock(local(2026, 7, 20, 7, 0))  # Monday
    env = {"LEADERSHIP_CHAT_IDS": f"{blocked},{flaky}", "DIGEST_DAY": "mon"}
    bot = await start_live_bot(
        emulator, tmp_path / "d.sqlite3", clock, admin_ids=(ADMIN,), extra_env=env
    )
    try:
        await build_fixture(bot.product.core)
        await bot.at(local(2026, 7, 20, 8, 30))
        assert len(_digests(emulator, ADMIN)) == 1
        await bot.at(local(2026, 7, 20, 8, 31))  # the admins' notice goes out
        [refused] = _failure_notices(emulator)
        assert f"mã Telegram {blocked}" in refused.text
        assert "lãnh đạo" in refused.text
        assert "chặn" in refused.text
        assert "tính đến ngày 20/7/2026" in refused.text
        assert "/baocao 20/7/2026" in refused.text
        # The network errors are retried (every two minutes) before the admins hear of it.
        for minute in range(33, 60, 3):
            await bot.at(local(2026, 7, 20, 8, minute))
        notices = _failure_notices(emulator)
        assert len(notices) == 2, [m.text for m in notices]
        assert f"mã Telegram {flaky}" in notices[1].text
        assert "sau 5 lần thử" in notices[1].text
        # Once: later passes, and next morning, say nothing more.
        await bot.at(local(2026, 7, 20, 10, 0))
        await bot.at(local(2026, 7, 21, 8, 30))
        assert len(_failure_notices(emulator)) == 2
        assert _digests(emulator, blocked) == []
        assert _digests(emulator, flaky) == []
    finally:
        await bot.stop()


def _digests(emu: BotApiEmulator, chat_id: int) -> list[SentMessage]:
    return [m for m in emu.bot_messages(chat_id) if "Báo cáo tuần" in m.text]

"""Captions under hostile names: the chart's and the appendix's captions carry a report's
scope, and the longest agency name an admin may add, made of the characters HTML escaping
grows most, still reaches the admin whole, within Telegram's 1,024 characters (the
emulator refuses a longer caption, as Telegram does), as plain text, not as markup."""

from __future__ import annotations

from pathlib import Path

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from domain.local_agencies import MAX_NAME
from tests.conftest import ADMIN, local
from tests.test_e2e_chat import ask

# Every character here is escaped by HTML ("&" into five), or could open a tag or an entity.
HOSTILE = ("Sở <b>&amp;</b> & \"Nội\" 'vụ' <i>" * 10)[: MAX_NAME - 1].strip() + "&"
TITLE = ("<a href='x'>&lt;</a> & " * 20)[:240]


async def _file(emu: BotApiEmulator, kind: str, after: int) -> SentMessage:
    return await emu.wait_for_bot_message(ADMIN, lambda m: m.kind == kind, after_message_id=after)


async def test_a_hostile_agency_name_reaches_the_captions_whole_and_as_text(
    local_bot: tuple[LiveBot, Path], emulator: BotApiEmulator
) -> None:
    bot, _ = local_bot
    assert len(HOSTILE) == MAX_NAME
    bot.clock.set(local(2026, 7, 20, 9, 0))
    added = await ask(emulator, ADMIN, ADMIN, f"/coquan them {HOSTILE} | HX")
    assert "Đã thêm cơ quan" in added.text, added.text
    created = await ask(emulator, ADMIN, ADMIN, f"/addtask HX | {TITLE} | 15/7/2026")
    assert "Đã tạo nhiệm vụ" in created.text, created.text

    summary = await ask(emulator, ADMIN, ADMIN, "/baocao HX")
    assert HOSTILE in summary.text, summary.text
    photo = await _file(emulator, "photo", summary.message_id)
    assert HOSTILE in photo.text
    assert len(photo.text) <= 1024
    assert not photo.entities or all(e["type"] != "text_link" for e in photo.entities)

    sent = await emulator.send_text(ADMIN, ADMIN, "/xuatexcel HX")
    appendix = await _file(emulator, "document", sent["message_id"])
    assert HOSTILE in appendix.text
    assert appendix.text.startswith("📎 Phụ lục: ")
    assert len(appendix.text) <= 1024
    # Escaped, the caption is longer than what Telegram counts; the user sees the name as typed.
    assert appendix.html is not None
    assert len(appendix.html) > len(appendix.text)
    assert "&amp;amp;" in appendix.html

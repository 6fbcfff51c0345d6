"""Notice files are bounded before they are trusted, and never freeze the bot.

Oversized files (announced or not), a .docx that inflates to 100 MB, a Windows-1258 text
and a 4.9 MB notice, each sent by an admin while a focal point keeps talking to the bot
and reminders fall due: every file gets a clear answer, the other chat its answers, the
reminder goes out, and the process stays under 300 MB.
"""

from __future__ import annotations

import io
import resource
import unicodedata
import zipfile

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join, reminders
from wiring import SEEDS

NOTICE_56 = (SEEDS / "tb-56-vpcp-2025-02-23.txt").read_bytes()
MB = 1024 * 1024


async def answer_to(emu: BotApiEmulator, sent: dict[str, object]) -> SentMessage:
    message_id = int(str(sent["message_id"]))
    return await emu.wait_for_bot_message(
        ADMIN, lambda m: m.reply_to == message_id, after_message_id=message_id, timeout=60
    )


def docx_bomb(inflated: int) -> bytes:
    """A zip named like a .docx whose document part is ``inflated`` bytes of spaces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * inflated)
    return buffer.getvalue()


def windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: a precomposed vowel where the code page has
    one (â, ơ, ư …), the tone mark as a combining character after it."""
    out = b""
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        for split in range(len(decomposed), 0, -1):
            head = unicodedata.normalize("NFC", decomposed[:split])
            try:
                out += (head + decomposed[split:]).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def test_oversized_and_inflating_files_are_refused_while_other_chats_are_served(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    big = NOTICE_56 * (5 * MB // len(NOTICE_56) + 1)
    announced = await emulator.send_document(ADMIN, ADMIN, "to.txt", big, "text/plain")
    assert (await ask(emulator, FOCAL, FOCAL, "/help")).text
    assert "lớn hơn 5 MB" in (await answer_to(emulator, announced)).text

    # No file_size in the update nor in getFile: the download itself stops at the cap.
    unsized = await emulator.send_document_without_size(
        ADMIN, ADMIN, "khong-co-co.txt", big, "text/plain"
    )
    assert (await ask(emulator, FOCAL, FOCAL, "/tasks")).text
    assert "lớn hơn 5 MB" in (await answer_to(emulator, unsized)).text

    bomb = docx_bomb(100 * MB)
    assert len(bomb) < 400 * 1024
    inflating = await emulator.send_document_without_size(
        ADMIN,
        ADMIN,
        "bom.docx",
        bomb,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert (await ask(emulator, FOCAL, FOCAL, "/help")).text
    assert "khi giải nén lớn hơn 30 MB" in (await answer_to(emulator, inflating)).text

    legacy = windows_1258("Bộ Công an chủ trì, hoàn thành trong Quý I/2027.")
    assert legacy.decode("cp1258") != ""
    assert len(legacy) > 40
    encoded = await emulator.send_document(ADMIN, ADMIN, "cu.txt", legacy, "text/plain")
    answer = (await answer_to(emulator, encoded)).text
    assert "Windows-1258" in answer
    assert "UTF-8" in answer
    assert peak_mb() < 300, peak_mb()


async def test_a_large_import_runs_while_reminders_and_other_chats_are_served(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ | 4/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    # 4.9 MB of notice text: accepted by size, then read and imported in a child process.
    large = NOTICE_56 * (int(4.9 * MB) // len(NOTICE_56))
    assert 4.5 * MB < len(large) <= 5 * MB
    sent = await emulator.send_document(
        ADMIN, ADMIN, "tb-lon.txt", large, "text/plain", caption="23/02/2025"
    )
    await emulator.wait_for_call("getFile")
    # While it runs: another chat is answered and the reminder of Friday goes out.
    reply = await ask(emulator, FOCAL, FOCAL, "/tasks")
    assert "Báo cáo tiến độ" in reply.text
    await live.at(local(2026, 12, 4, 8, 30))
    assert len(reminders(emulator, FOCAL)) == 1
    import_answers = [m for m in emulator.bot_messages(ADMIN) if m.reply_to == sent["message_id"]]
    answer = await emulator.wait_for_bot_message(
        ADMIN,
        lambda m: m.reply_to == sent["message_id"] or m.buttons != [],
        after_message_id=sent["message_id"],
        timeout=90,
    )
    assert import_answers == [], "the import ended before the other chat was served"
    assert "Đọc được" in answer.text or "không đọc xong tệp" in answer.text, answer.text
    assert peak_mb() < 300, peak_mb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert children < 1024, children

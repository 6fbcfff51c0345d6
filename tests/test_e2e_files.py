"""Notice files are bounded before they are trusted, and never freeze the bot.

Oversized files (announced or not), a .docx that inflates to 100 MB, a Windows-1258 text
and a 4.9 MB notice, each sent by an admin while a focal point keeps talking to the bot
and reminders fall due: every file gets a clear answer, the other chat its answers, the
reminder goes out. The memory bound is measured on the real bot process (``bot.py``), whose
peak resident memory ``/proc`` reports, and on its import worker: what the rest of the
test run has loaded cannot count against it.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import unicodedata
import zipfile
from pathlib import Path

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from tests.bot_process import peak_rss_mb, spawn_bot, stop_bot
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


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


async def test_the_bot_process_stays_under_300_mb_through_every_hostile_file(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    bot = await spawn_bot(emulator, tmp_path)
    worker_peaks: dict[int, float] = {}

    async def watch_workers() -> None:
        # The import worker is the bot's child: read its peak while it lives.
        while True:
            # A thread or the worker may end between listing and reading: look again.
            with contextlib.suppress(FileNotFoundError, ProcessLookupError, AssertionError):
                for child in _children(bot.pid):
                    worker_peaks[child] = peak_rss_mb(child)
            await asyncio.sleep(0.02)

    watcher = asyncio.create_task(watch_workers())
    try:
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=60)
        started = peak_rss_mb(bot.pid)
        big = NOTICE_56 * (5 * MB // len(NOTICE_56) + 1)
        files = [
            (await emulator.send_document(ADMIN, ADMIN, "to.txt", big, "text/plain"), "lớn hơn"),
            (
                await emulator.send_document_without_size(
                    ADMIN, ADMIN, "khong-co-co.txt", big, "text/plain"
                ),
                "lớn hơn",
            ),
            (
                await emulator.send_document_without_size(
                    ADMIN,
                    ADMIN,
                    "bom.docx",
                    docx_bomb(100 * MB),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ),
                "khi giải nén",
            ),
        ]
        for sent, expected in files:
            assert expected in (await answer_to(emulator, sent)).text
        large = NOTICE_56 * (int(4.9 * MB) // len(NOTICE_56))
        sent = await emulator.send_document(
            ADMIN, ADMIN, "tb-lon.txt", large, "text/plain", caption="23/02/2025"
        )
        answer = await emulator.wait_for_bot_message(
            ADMIN,
            lambda m: m.reply_to == sent["message_id"] or m.buttons != [],
            after_message_id=sent["message_id"],
            timeout=90,
        )
        assert "Đọc được" in answer.text or "không đọc xong tệp" in answer.text, answer.text
        peak = peak_rss_mb(bot.pid)
    finally:
        watcher.cancel()
        logs, took = await stop_bot(bot)
    print(
        f"bot process: {started:.0f} MB after start, peak {peak:.0f} MB; import worker peak "
        f"{max(worker_peaks.values(), default=0):.0f} MB; stopped in {took:.1f} s"
    )
    assert bot.returncode == 0, logs[-3000:]
    assert peak < 300, peak
    assert worker_peaks, "the 4.9 MB notice was read in a worker process"
    assert max(worker_peaks.values()) < 1024, worker_peaks

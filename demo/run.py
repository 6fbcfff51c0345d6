"""``python bot.py demo``: the whole product offline, in under a minute.

A local Bot API emulator stands in for Telegram, a temporary SQLite database is seeded from
``seeds/``, and a fake clock walks from 24 February 2025 (the day after 56/TB-VPCP was
issued) through four months of deadlines, one working morning at a time. An admin invites
two focal points; one answers every reminder with /done, the other with /late. Everything
each chat saw is printed as a transcript.
"""

from __future__ import annotations

import re
import tempfile
import textwrap
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import TOKEN, LiveBot, start_live_bot
from domain.calendar import WorkingCalendar
from domain.clock import FakeClock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN, LAN, MINH = 1001, 2001, 2002
START = date(2025, 2, 24)
DAYS = 120
NAMES = {
    ADMIN: "Văn phòng theo dõi (admin)",
    LAN: "Chị Lan — Bộ Công an",
    MINH: "Anh Minh — Bộ KH&CN",
}


class Transcript:
    """Prints every message once, shortened, under the day it happened."""

    def __init__(self, out: TextIO, emulator: BotApiEmulator) -> None:
        self._out = out
        self._emulator = emulator
        self._seen: dict[int, int] = {}
        self._day: str = ""

    def heading(self, text: str) -> None:
        self._out.write(f"\n=== {text} ===\n")

    def flush(self, clock: FakeClock) -> None:
        day = clock.now().astimezone(VN).strftime("%a %d/%m/%Y %H:%M")
        for chat_id, name in NAMES.items():
            for message in self._emulator.messages(chat_id):
                if message.message_id <= self._seen.get(chat_id, 0):
                    continue
                self._seen[chat_id] = message.message_id
                if day != self._day:
                    self._out.write(f"\n--- {day} ---\n")
                    self._day = day
                self._write(name, message)

    def _write(self, name: str, message: SentMessage) -> None:
        who = "🤖 bot" if message.from_bot else "👤"
        lines = message.text.splitlines()
        shown = lines[:8] + ([f"… (+{len(lines) - 8} dòng)"] if len(lines) > 8 else [])
        body = textwrap.indent("\n".join(shown), "      ")
        self._out.write(f"[{name}] {who}:\n{body}\n")


def _first_task(message: SentMessage) -> int | None:
    match = re.search(r"#(\d+)", message.text)
    return int(match[1]) if match else None


async def _ask(emulator: BotApiEmulator, chat_id: int, text: str, **kw: int) -> SentMessage:
    sent = await emulator.send_text(chat_id, chat_id, text, **kw)
    return await emulator.wait_for_bot_message(
        chat_id, lambda m: m.reply_to == sent["message_id"], after_message_id=sent["message_id"]
    )


async def _join(emulator: BotApiEmulator, agency: str, user_id: int) -> None:
    reply = await _ask(emulator, ADMIN, f"/invite {agency}")
    match = re.search(r"start=([\w-]+)", reply.text)
    if not match:
        raise RuntimeError(f"no invite link in: {reply.text}")
    await _ask(emulator, user_id, f"/start {match[1]}")


async def run_demo(out: TextIO) -> int:
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    emulator.add_user(ADMIN, "Văn phòng", "vp_theodoi")
    emulator.add_user(LAN, "Lan", "lan_bca")
    emulator.add_user(MINH, "Minh", "minh_bkhcn")
    clock = FakeClock(datetime.combine(START, time(8, 0), VN))
    transcript = Transcript(out, emulator)
    out.write(
        "Demo: Telegram is replaced by a local Bot API emulator at "
        f"{emulator.base_url}; the database is a temporary SQLite file seeded from seeds/.\n"
    )
    with tempfile.TemporaryDirectory(prefix="hanchot-demo-") as folder:
        live: LiveBot = await start_live_bot(
            emulator, Path(folder) / "demo.sqlite3", clock, admin_ids=(ADMIN,), seed=True
        )
        try:
            transcript.heading("Quản trị viên mời hai cán bộ đầu mối")
            await _join(emulator, "Bộ Công an", LAN)
            await _join(emulator, "Bộ Thông tin và Truyền thông", MINH)
            await live.product.runner.tick()
            transcript.flush(clock)
            transcript.heading(f"Đồng hồ chạy nhanh qua {DAYS} ngày, mỗi sáng làm việc lúc 08:30")
            calendar = WorkingCalendar()
            answered: set[int] = set()
            for offset in range(DAYS):
                day = START + timedelta(days=offset)
                if not calendar.is_working_day(day):
                    continue
                await live.at(datetime.combine(day, time(8, 30), VN))
                await _answer(emulator, answered, LAN, "/done", "đã hoàn thành, đã gửi báo cáo")
                await _answer(emulator, answered, MINH, "/late", "chờ ý kiến các bộ 30/09/2025")
                await live.product.runner.tick()
                await _approve(emulator, answered)
                await live.product.runner.tick()
                transcript.flush(clock)
        finally:
            await live.stop()
            await emulator.stop()
    out.write("\nDemo finished: every message above went over real HTTP to the local emulator.\n")
    return 0


async def _approve(emulator: BotApiEmulator, seen: set[int]) -> None:
    """The office agrees to every new extension proposal, with its button."""
    for message in emulator.bot_messages(ADMIN):
        key = -(message.chat_id * 1_000_000 + message.message_id)
        if key in seen or not any(
            str(b.get("callback_data", "")).startswith("ext:ok:") for b in message.buttons
        ):
            continue
        seen.add(key)
        data = next(
            str(b["callback_data"])
            for b in message.buttons
            if str(b.get("callback_data", "")).startswith("ext:ok:")
        )
        await emulator.click(ADMIN, ADMIN, message.message_id, data)
        mid = message.message_id

        def decided(mid: int = mid) -> bool:
            return any(
                m.message_id == mid and "đã đồng ý" in m.text for m in emulator.bot_messages(ADMIN)
            )

        await emulator.wait_for(decided)


async def _answer(
    emulator: BotApiEmulator, answered: set[int], chat_id: int, command: str, words: str
) -> None:
    """The focal point answers each new reminder, for the first task it lists."""
    reminders = [m for m in emulator.bot_messages(chat_id) if "Nhắc việc" in m.text]
    for message in reminders:
        if message.chat_id * 1_000_000 + message.message_id in answered:
            continue
        answered.add(message.chat_id * 1_000_000 + message.message_id)
        task_id = _first_task(message)
        if task_id is not None:
            await _ask(emulator, chat_id, f"{command} {task_id} {words}")

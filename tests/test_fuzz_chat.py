"""Seeded fuzzing of the real bot: thousands of generated commands, buttons and odd
updates from admins, focal points and strangers, in private chats and groups.

After a valid set-up (tasks, invitations, focal points and a group bound), only input that
must change nothing is generated: malformed and out-of-range numbers (superscripts,
Arabic-Indic and full-width digits, ids past 2⁶³), dates out of range, other agencies'
tasks, strangers, forged button data, edits of earlier messages into valid commands,
unknown commands, markup and entities, long text, files from non-admins. Asserted: no
handler error or internal-error apology, every button answered, every text within
Telegram's limits, and every table of the database unchanged.
"""

from __future__ import annotations

import logging
import random
import re
from typing import Any

import pytest
from sqlalchemy import inspect, text

from botapi_emulator import BotApiEmulator
from chat import messages
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, STRANGER
from tests.test_e2e_chat import ask, invite_and_join

SEED = 20261202
CASES = 2000
GROUP = -5001
STRANGERS_GROUP = -5002
GROUP_MEMBER = 3002
#: Tables the replies themselves may touch (the outbox of confirmations, its attempts).
DELIVERY_TABLES = {"outbox", "send_attempts", "senders"}  # senders: heartbeats

BAD_IDS = ["²", "١٣", "١", "１２", "0", "-1", "#", "##3", "1e3", "3.0", "٣", "abc", "", "x1",
           str(2**63), str(2**64), "9" * 30, "⁴", "𝟏", "߁", "১", "三"]  # fmt: skip
BAD_DATES = ["31/12/9999", "28/12/9999", "32/13/2026", "29/02/2027", "15/01/1900",
             "99/99/99", "2026-13-45", "1/1/2040", "9999-12-31"]  # fmt: skip
NOISE = ["<b>", "</i>", "&amp;", "&", "<a href='x'>", "🙂", "\u200b", "\u202e", "ﷺ", "\\",
         "%s", "{0}", "'; DROP TABLE tasks; --", "\n", "null", "undefined", "ñ", "Ω"]  # fmt: skip
COMMANDS = ["/done", "/late", "/task", "/tasks", "/help", "/start", "/addtask", "/invite",
            "/agencies", "/import", "/fix", "/xong", "/DONE", "/done@hanchot_bot",
            "/done@other_bot", "/", "/start@hanchot_bot"]  # fmt: skip
FORGED = ["done:²", "done:١٣", f"done:{2**63}", f"late:{2**64}", "done:", "late:", "done:-1",
          "done:abc", "imp:", "imp:ok", "imp:ok:", "imp:ok:x", f"imp:ok:{2**63}", "imp:no:1",
          "imp:fix:1", "imp:zz:1", "zz", "x" * 64, ":", "done:1:2", "late:1.5", "🙂",
          # Every other button's prefix, its data unreadable or not the sender's to press.
          "prog:²", "prog:2", "pg:zz:0", "pg:t:x", "pg:a:0", "tk:m:x", "tk:m:2", "dm:rm:x",
          "dm:rm:-999", "menu:zz", "menu:agencies", "ag:zz:bo-ca", "ag:inv:khong-co", "ext:ok:²",
          "ext:ok:1", "ext:info:1", "undo:x", "undo:1", "rp:x", "rp:1", "cf:zz:1", "cf:ok:1",
          "fu:1:x", "fu:1:20261220", "bc:zz", "bc:s:20261202", "imp:map:x:0",
          "imp:set:1:0:bo-ca"]  # fmt: skip


class Fuzzer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.own = 1  # the task of the sending chat's agency (when it has one)
        self.others = 2  # a task of another agency

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def noise(self, max_words: int = 6) -> str:
        words = [
            self.rng.choice([*NOISE, "chờ", "ý kiến", "Bộ", "xong", "đã gửi", "Quý I/2027"])
            for _ in range(self.rng.randint(0, max_words))
        ]
        if self.rng.random() < 0.05:
            words.append("&" * self.rng.randint(100, 1200))
        return " ".join(words)

    def id_word(self) -> str:
        roll = self.rng.random()
        if roll < 0.6:
            return self.pick(BAD_IDS)
        if roll < 0.8:
            return str(self.others)
        return str(self.rng.randint(10_000, 10**12))

    def command(self, *, admin: bool, bound_to_own: bool, own: int, foreign: int) -> str:
        self.own, self.others = own, foreign
        name = self.pick(COMMANDS)
        base = name.split("@")[0].lower()
        if base in ("/done", "/late") and bound_to_own and self.rng.random() < 0.3:
            # The chat's own task, but always invalid: a bad date or no reason.
            if base == "/late":
                tail = self.rng.choice(["", f"chờ {self.pick(BAD_DATES)}"])
                return f"{name} {self.own} {tail}".strip()
            return f"/done {self.own} {'&' * 1001}"  # one character too long
        if base in ("/done", "/late", "/task", "/fix"):
            return f"{name} {self.id_word()} {self.noise()} {self.pick(BAD_DATES)}".strip()
        if base == "/addtask":
            if admin:
                return self.pick(
                    [
                        "/addtask Bộ Không Tồn Tại | Việc gì đó | 31/12/2026",
                        "/addtask Bộ Công an | Không hạn | một ngày nào đó",
                        "/addtask Bộ Công an | thiếu phần",
                        f"/addtask | | {self.noise()}",
                        f"/addtask Bộ Công an | {'x' * 300} | 31/12/2026",
                    ]
                )
            return f"/addtask Bộ Công an | {self.noise()} | 31/12/2026"
        if base == "/invite":
            return f"/invite {self.pick(['Bộ Không Tồn Tại', '', self.noise(2) or 'x'])}"
        if base == "/start":
            return f"{name} {self.pick(['', 'abc', 'x' * 80, self.noise(1) or 'y'])}".strip()
        return f"{name} {self.noise()}".strip()


async def snapshot(live: LiveBot) -> dict[str, list[tuple[Any, ...]]]:
    async with live.product.core.engine.connect() as connection:
        return await connection.run_sync(_dump)


def _dump(connection: Any) -> dict[str, list[tuple[Any, ...]]]:
    tables = [t for t in inspect(connection).get_table_names() if t not in DELIVERY_TABLES]
    return {
        table: sorted(
            (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{table}"'))), key=repr
        )
        for table in tables
    }


async def test_thousands_of_generated_updates_change_nothing_and_break_nothing(
    live: LiveBot, emulator: BotApiEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(SEED)
    emulator.add_user(GROUP_MEMBER, "Hùng")
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu dân cư | 31/12/2026")
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Y tế | Báo cáo y tế | 31/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    emulator.add_group(GROUP, "Tổ Đề án 06 - BCA", [FOCAL, GROUP_MEMBER, STRANGER])
    emulator.add_group(STRANGERS_GROUP, "Nhóm khác", [STRANGER, GROUP_MEMBER, ADMIN])
    link = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
    token = re.search(r"start=([\w-]+)", link.text)
    assert token
    await ask(emulator, GROUP, FOCAL, f"/start {token[1]}")
    fuzz = Fuzzer(rng)

    # Who writes where: (chat, user, is admin, its agency's task or 0, another's task).
    senders = [
        (ADMIN, ADMIN, True, 0, 1),
        (FOCAL, FOCAL, False, 1, 2),
        (OTHER_FOCAL, OTHER_FOCAL, False, 2, 1),
        (STRANGER, STRANGER, False, 0, 2),
        (GROUP, GROUP_MEMBER, False, 1, 2),
        (GROUP, STRANGER, False, 1, 2),
        (STRANGERS_GROUP, STRANGER, False, 0, 1),
        (STRANGERS_GROUP, ADMIN, True, 0, 2),
    ]
    before = await snapshot(live)
    caplog.set_level(logging.WARNING)
    caplog.clear()
    calls_before = len(emulator.calls)
    queries: list[str] = []
    user_messages: dict[tuple[int, int], list[int]] = {}
    for _ in range(CASES):
        chat, user, admin, own_task, foreign = rng.choice(senders)
        own = own_task != 0
        fuzz.own, fuzz.others = own_task or 1, foreign
        roll = rng.random()
        anchors = emulator.bot_messages(chat)
        mine = user_messages.get((chat, user), [])
        if roll < 0.55:
            body = fuzz.command(admin=admin, bound_to_own=own, own=fuzz.own, foreign=foreign)[:4096]
            sent = await emulator.send_text(chat, user, body if body.strip() else "/")
            user_messages.setdefault((chat, user), []).append(sent["message_id"])
        elif roll < 0.70 and anchors:
            data = rng.choice([*FORGED, f"done:{fuzz.others}", f"late:{fuzz.others}"])
            if own and rng.random() < 0.2:
                data = f"late:{fuzz.own}"  # only asks for the reason
            queries.append(
                await emulator.click_forged(chat, user, rng.choice(anchors).message_id, data)
            )
        elif roll < 0.80 and mine:
            # An edit into a valid, harmful command: never executed.
            edit = rng.choice([f"/done {fuzz.own} sửa", "/addtask Bộ Công an | Sửa | 31/12/2026",
                               "/invite Bộ Công an", f"/late {fuzz.own} sửa 31/12/2026"])  # fmt: skip
            await emulator.edit_user_message(chat, user, rng.choice(mine), edit)
        elif roll < 0.90:
            reply_to = rng.choice(anchors).message_id if anchors and rng.random() < 0.5 else None
            body = fuzz.noise()[:4096]
            body = body if body.strip() else "ừ"
            sent = await emulator.send_text(chat, user, body, reply_to=reply_to)
            user_messages.setdefault((chat, user), []).append(sent["message_id"])
        elif roll < 0.93 and not admin:
            await emulator.send_document(chat, user, "tb.txt", b"Bo Cong an", "text/plain")
        else:
            await emulator.send_text(
                chat, user, rng.choice(["/help", "/tasks", f"/task {fuzz.own}"])
            )
    # Each chat's updates are handled in order: a last /help answered means all were.
    for chat, user, *_ in senders:
        last = await emulator.send_text(chat, user, "/help")
        await emulator.wait_for_bot_message(
            chat,
            lambda m, sent=last: m.reply_to == sent["message_id"],
            after_message_id=last["message_id"],
            timeout=120,
        )
    for query in queries:
        await emulator.wait_for_callback_answer(query, timeout=30)

    after = await snapshot(live)
    assert after == before
    problems = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert problems == [], [r.getMessage()[:300] for r in problems[:5]]
    sent_texts = [
        str(c.params.get("text", ""))
        for c in emulator.calls[calls_before:]
        if c.method in ("sendMessage", "editMessageText")
    ]
    assert sent_texts
    assert all(len(t) <= 4096 for t in sent_texts)
    apology = messages.internal_error()
    assert not any(apology in t for t in sent_texts)
    answers = [c for c in emulator.calls[calls_before:] if c.method == "answerCallbackQuery"]
    assert all(len(str(c.params.get("text") or "")) <= 200 for c in answers)
    assert len(queries) > 150

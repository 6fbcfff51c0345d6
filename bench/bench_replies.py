"""Reply latency under a burst: many focal points write at the same moment.

    .venv/bin/python -m bench.bench_replies [--chats 200] [--per-chat 10] [--rate 0] [--sequential]

The real product (PTB polling over real HTTP, real SQLite file) runs against the local Bot
API emulator. Each of ``--chats`` private chats is bound to an agency and has one task;
then every chat sends ``--per-chat`` commands (a mix of /tasks, /task, /help and one
/done): with ``--rate 0`` all at once, queued before the bot reads any; with ``--rate R``
at R messages a second in all, round-robin over the chats. Latency is from the moment a message is
queued to the moment the bot's reply to it arrives at the emulator; every message must be
answered (nothing lost) or the run fails. ``--sequential`` handles one update at a time
(PTB's default, as before chats were served concurrently), for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import wiring
from botapi_emulator import BotApiEmulator, SentMessage
from chat.ordering import PerChatOrder
from demo.harness import TOKEN, start_live_bot
from domain.clock import FakeClock
from notices.deadlines import parse_admin_deadline
from tracking.service import Actor

ADMIN = 1001
FIRST_USER = 50_000


def _script(task_id: int, per_chat: int) -> list[str]:
    base = ["/tasks", f"/task {task_id}", "/help", f"/done {task_id} đã gửi báo cáo"]
    base += [f"/task {task_id}", "/tasks"]
    return [base[i % len(base)] for i in range(per_chat)]


async def run(chats: int, per_chat: int, rate: float, *, sequential: bool = False) -> int:
    if sequential:
        wiring.PerChatOrder = lambda: PerChatOrder(1)  # type: ignore[assignment,misc]
    clock = FakeClock(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    emulator.add_user(ADMIN, "Quản trị")
    with tempfile.TemporaryDirectory() as folder:
        live = await start_live_bot(emulator, Path(folder) / "bench.sqlite3", clock)
        try:
            tracker = live.product.core.tracker
            agencies = tracker.registry.active()
            now = clock.now()
            deadline = parse_admin_deadline("31/12/2026", now.date())
            tasks: dict[int, int] = {}
            for index in range(chats):
                user = FIRST_USER + index
                emulator.add_user(user, f"Đầu mối {index}")
                agency = agencies[index % len(agencies)]
                tasks[user] = await tracker.add_task(
                    agency=agency.name,
                    title=f"Nhiệm vụ thử {index}",
                    deadline=deadline,
                    actor=Actor(name="bench"),
                    now=now,
                )
                invite = await tracker.create_invite(
                    agency=agency.name, actor=Actor(name="bench"), now=now
                )
                await tracker.redeem_invite(
                    token=invite.token,
                    chat_id=user,
                    title=str(user),
                    actor=Actor(name="x"),
                    now=now,
                )
            answered: dict[tuple[int, int], float] = {}

            sent: dict[tuple[int, int], float] = {}
            done = [0]

            def record(message: SentMessage) -> None:
                key = (message.chat_id, message.reply_to or 0)
                if key in sent and key not in answered and not message.edited:
                    answered[key] = time.perf_counter()
                    done[0] += 1

            emulator.on_bot_message(record)
            scripts = {user: _script(task, per_chat) for user, task in tasks.items()}
            started = time.perf_counter()
            for step in range(per_chat):
                for user, script in scripts.items():
                    if rate > 0:
                        due = started + len(sent) / rate
                        await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    message = await emulator.send_text(user, user, script[step])
                    sent[(user, message["message_id"])] = time.perf_counter()
            total = len(sent)
            with contextlib.suppress(TimeoutError):
                await emulator.wait_for(lambda: done[0] >= total or None, timeout=600)
            elapsed = time.perf_counter() - started
        finally:
            await live.stop()
            await emulator.stop()
    latencies = sorted(answered[key] - at for key, at in sent.items() if key in answered)
    lost = total - len(latencies)
    p50 = statistics.median(latencies) if latencies else float("nan")
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] if latencies else float("nan")
    print(
        f"{total} messages from {chats} chats "
        + (f"at {rate:g}/s" if rate > 0 else "all at once")
        + (", one update at a time" if sequential else "")
        + f": {len(latencies)} answered, {lost} lost; "
        f"{len(latencies) / elapsed:,.0f} replies/s; latency p50 {p50:.2f} s, p99 {p99:.2f} s"
    )
    return 1 if lost else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_replies", description=__doc__)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--per-chat", type=int, default=10)
    parser.add_argument("--rate", type=float, default=0.0, help="messages/s (0: all at once)")
    parser.add_argument("--sequential", action="store_true", help="one update at a time")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.chats, args.per_chat, args.rate, sequential=args.sequential))


if __name__ == "__main__":
    sys.exit(main())

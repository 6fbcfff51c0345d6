"""Reply latency under a burst: many focal points write at the same moment.

    .venv/bin/python -m bench.bench_replies [--chats 200] [--per-chat 10] [--mix mixed|done]
        [--rate 0] [--limits fast|telegram] [--sequential] [--postgres [--port P]]

The real product (PTB polling over real HTTP, real SQLite file, ``ADMIN_NOTIFY`` at its
default ``digest``) runs against the local Bot API emulator. Each of ``--chats`` private
chats is bound to an agency. ``--mix mixed``: each chat has one task and sends
``--per-chat`` commands (a mix of /tasks, /task, /help and one /done); ``--mix done``: each
chat has ``--per-chat`` tasks and closes every one with /done. With ``--rate 0`` all
messages are queued before the bot reads any; with ``--rate R`` they come at R a second in
all, round-robin over the chats.

Latency is from the moment a message is queued to the moment the bot's reply to it arrives
at the emulator. The run fails unless every message was answered and, read back from the
database, every task a /done named is closed.

``--limits fast`` (the default) paces the bot at Telegram's limits 50 times faster, as the
tests do, so what is measured is the product's own cost. ``--limits telegram`` paces it at
Telegram's real limits and has the emulator enforce them (answering 429 past them): 30
messages a second overall and one a second per chat bound the latency from below whatever
the bot does; the floor (the best schedule those limits allow for this burst) is printed
beside the figures. ``--sequential`` handles one update at a time (PTB's default, as before
chats were served concurrently), for comparison.

``--postgres`` runs the same on a fresh database of a PostgreSQL server instead of the
SQLite file: a throwaway server started as the tests start theirs (installed from Debian's
packages first when missing), or the one on ``127.0.0.1:--port``. In polling mode one
worker answers the updates however many run, so one product is measured; the server shares
the machine's cores with it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

import wiring.product
from bench.pg_processes import admin, server, url_of
from botapi_emulator import BotApiEmulator, FloodLimits, SentMessage
from chat.ordering import PerChatOrder
from chat.pacing import FloodRules
from demo.harness import FAST_FLOOD_RULES, TOKEN, LiveBot, start_live_bot
from domain.clock import FakeClock
from domain.status import TaskStatus
from notices.deadlines import parse_admin_deadline
from storage.db import reading
from storage.models import AssignmentRow
from tracking.service import Actor

ADMIN = 1001
FIRST_USER = 50_000


def _mixed(tasks: list[int], per_chat: int) -> list[str]:
    """/tasks, /task, /help and one /done of the chat's one task."""
    task_id = tasks[0]
    base = ["/tasks", f"/task {task_id}", "/help", f"/done {task_id} đã gửi báo cáo"]
    base += [f"/task {task_id}", "/tasks"]
    return [base[i % len(base)] for i in range(per_chat)]


def _all_done(tasks: list[int], per_chat: int) -> list[str]:
    """A /done of each of the chat's tasks."""
    return [f"/done {task_id} đã gửi báo cáo" for task_id in tasks[:per_chat]]


def _closed_by(script: list[str]) -> set[int]:
    return {int(line.split()[1]) for line in script if line.startswith("/done ")}


def floor_latencies(arrivals: int, chat_of: list[int], rules: FloodRules) -> list[float]:
    """The earliest each reply can arrive under ``rules`` when every message is queued at
    once (in the order of ``chat_of``) and answering costs nothing: one reply per chat per
    period, ``overall`` replies in any overall period."""
    per_chat = rules.per_chat_period * rules.scale
    overall = rules.overall_period * rules.scale
    last: dict[int, list[float]] = {}
    times: list[float] = []
    for index in range(arrivals):
        chat = chat_of[index]
        mine = last.setdefault(chat, [])
        at = mine[-rules.per_chat] + per_chat if len(mine) >= rules.per_chat else 0.0
        if len(times) >= rules.overall:
            at = max(at, sorted(times)[-rules.overall] + overall)
        mine.append(at)
        times.append(at)
    return sorted(times)


async def _verify_closed(live: LiveBot, task_ids: set[int]) -> int:
    """How many of these tasks are not closed in the database."""
    sessions = live.product.core.sessions
    async with reading(sessions) as session:
        open_ = await session.scalars(
            select(AssignmentRow.task_id).where(
                AssignmentRow.task_id.in_(task_ids), AssignmentRow.status != TaskStatus.DONE
            )
        )
        return len(set(open_.all()))


async def run(
    chats: int,
    per_chat: int,
    rate: float,
    *,
    mix: str = "mixed",
    limits: str = "fast",
    sequential: bool = False,
    database_url: str | None = None,
) -> int:
    if sequential:
        wiring.product.PerChatOrder = lambda: PerChatOrder(1)  # type: ignore[assignment,misc]
    clock = FakeClock(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    emulator = BotApiEmulator(TOKEN)
    rules = FloodRules() if limits == "telegram" else FAST_FLOOD_RULES
    emulator.flood_control(FloodLimits(scale=rules.scale))
    await emulator.start()
    emulator.add_user(ADMIN, "Quản trị")
    tasks_each = per_chat if mix == "done" else 1
    with tempfile.TemporaryDirectory() as folder:
        live = await start_live_bot(
            emulator,
            database_url or Path(folder) / "bench.sqlite3",
            clock,
            flood_rules=rules,
            extra_env={"ADMIN_NOTIFY": "digest"},
        )
        try:
            tracker = live.product.core.tracker
            agencies = tracker.registry.active()
            now = clock.now()
            deadline = parse_admin_deadline("31/12/2026", now.date())
            tasks: dict[int, list[int]] = {}
            for index in range(chats):
                user = FIRST_USER + index
                emulator.add_user(user, f"Đầu mối {index}")
                agency = agencies[index % len(agencies)]
                tasks[user] = [
                    await tracker.add_task(
                        agency=agency.name,
                        title=f"Nhiệm vụ thử {index}.{n}",
                        deadline=deadline,
                        actor=Actor(name="bench"),
                        now=now,
                    )
                    for n in range(tasks_each)
                ]
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
            script_of = _all_done if mix == "done" else _mixed
            scripts = {user: script_of(ids, per_chat) for user, ids in tasks.items()}
            closing = set().union(*(_closed_by(script) for script in scripts.values()))
            started = time.perf_counter()
            cpu_started = time.process_time()
            passes_before = live.product.runner.passes
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
            cpu = time.process_time() - cpu_started
            still_open = await _verify_closed(live, closing)
            passes = live.product.runner.passes - passes_before
        finally:
            await live.stop()
            await emulator.stop()
    latencies = sorted(answered[key] - at for key, at in sent.items() if key in answered)
    lost = total - len(latencies)
    floods = emulator.flood.rejected if emulator.flood is not None else 0
    print(
        f"{total} messages ({mix}) from {chats} chats "
        + (f"at {rate:g}/s" if rate > 0 else "all at once")
        + f", limits {limits}"
        + (", one update at a time" if sequential else "")
        + (", on PostgreSQL" if database_url else "")
        + f": {len(latencies)} answered, {lost} lost; {len(closing) - still_open} of "
        f"{len(closing)} tasks closed in the database; 429s {floods}; {passes} delivery passes; "
        f"{len(latencies) / elapsed:,.0f} replies/s; latency p50 {_p(latencies, 50):.2f} s, "
        f"p99 {_p(latencies, 99):.2f} s; CPU {cpu / max(1, total) * 1000:.1f} ms per message "
        "(bot and emulator)"
    )
    if rate == 0:
        chat_of = [user for step in range(per_chat) for user in scripts]
        floor = floor_latencies(total, chat_of, rules)
        print(
            f"  floor under these limits (answering at no cost): p50 {_p(floor, 50):.2f} s, "
            f"p99 {_p(floor, 99):.2f} s"
        )
    return 1 if lost or still_open else 0


def _p(values: list[float], percent: int) -> float:
    """The ``percent``-th percentile of sorted ``values`` (nearest rank)."""
    if not values:
        return float("nan")
    return values[max(0, -(-len(values) * percent // 100) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_replies", description=__doc__)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--per-chat", type=int, default=10)
    parser.add_argument("--rate", type=float, default=0.0, help="messages/s (0: all at once)")
    parser.add_argument("--mix", choices=["mixed", "done"], default="mixed")
    parser.add_argument("--limits", choices=["fast", "telegram"], default="fast")
    parser.add_argument("--sequential", action="store_true", help="one update at a time")
    parser.add_argument("--postgres", action="store_true", help="on a PostgreSQL database")
    parser.add_argument(
        "--port",
        type=int,
        help="with --postgres: the server on 127.0.0.1:PORT (default: start one)",
    )
    args = parser.parse_args(argv)

    def measure(database_url: str | None) -> int:
        return asyncio.run(
            run(
                args.chats,
                args.per_chat,
                args.rate,
                mix=args.mix,
                limits=args.limits,
                sequential=args.sequential,
                database_url=database_url,
            )
        )

    if not args.postgres:
        return measure(None)
    with server(args.port) as port:
        name = f"bench_replies_{os.getpid()}"
        asyncio.run(admin(port, f"CREATE DATABASE {name}"))
        try:
            return measure(url_of(port, name))
        finally:
            asyncio.run(admin(port, f"DROP DATABASE {name} WITH (FORCE)"))


if __name__ == "__main__":
    sys.exit(main())

"""A reminder wave to thousands of chats through the Bot API emulator, over real HTTP.

    .venv/bin/python -m bench.bench_delivery [--chats 5000] [--waves on,off] [--client aiohttp|httpx]

One task for "Các bộ, cơ quan, địa phương" and ``--chats`` focal-point chats spread over its
agencies (every tenth a group), so the 08:30 pass queues one message per chat. The wave is
delivered twice, each time on a fresh SQLite file:

* limiter on: the bot's ``FloodLimiter`` at Telegram's limits, the emulator enforcing the
  same limits (30 a second, 1 a second per chat, 20 a minute per group, answering 429 past
  them) — the sustained rate and the 429s provoked (goal: ≥ 28 msg/s, 0);
* limiter off: no pacing on either side — what the delivery loop does unpaced (goal:
  ≥ 250 msg/s; a bare PTB client's own ceiling against the emulator is about 300 with
  PTB's httpx client, which ``--client httpx`` uses instead of the bot's own, aiohttp).

Each line also gives the commits per message (claims and records share transactions) and
the CPU time per message of the whole process, bot and emulator together (the emulator
runs in the same process): on a busy machine the rate follows the CPU it gets, the CPU
per message does not.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from telegram.ext import ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from botapi_emulator import BotApiEmulator, FloodLimits
from chat.bot_http import AiohttpRequest
from chat.dispatch_wording import ChatRenderer
from chat.pacing import FloodLimiter
from chat.transport import TelegramTransport
from demo.harness import TOKEN
from domain.clock import FakeClock
from notices.deadlines import parse_admin_deadline
from scheduler.dispatch import Dispatcher
from settings import load_settings
from storage.models import ChatRow
from tracking.service import Actor
from wiring import Core, build_core

GROUP = "Các bộ, cơ quan, địa phương"


@dataclass(frozen=True, kw_only=True, slots=True)
class Result:
    sent: int
    seconds: float
    floods: int
    commits: int
    cpu_seconds: float

    @property
    def rate(self) -> float:
        return self.sent / self.seconds

    @property
    def line(self) -> str:
        return (
            f"{self.sent:5d} sent in {self.seconds:7.1f} s   {self.rate:6.1f} msg/s   "
            f"{self.commits / self.sent:.3f} commits/msg   "
            f"{1000 * self.cpu_seconds / self.sent:.2f} ms CPU/msg"
        )


async def add_wave_task(core: Core, due: date, now: datetime, actor: Actor) -> None:
    """The task for ``GROUP`` due on ``due``: one obligation per agency of the group."""
    await core.tracker.add_task(
        agency=GROUP,
        title="Báo cáo tình hình thực hiện",
        deadline=parse_admin_deadline(due.strftime("%d/%m/%Y"), now.date()),
        actor=actor,
        now=now,
    )


async def bind_wave(
    core: Core, emulator: BotApiEmulator, chats: int, *, first_user: int, at: datetime, groups: bool
) -> list[int]:
    """``chats`` focal-point chats bound to the owners of ``GROUP``'s agencies in turn, as
    /start binds them, their users added to the emulator (with ``groups``, every tenth a
    group of its user); their chat ids."""
    owners = sorted(
        {core.registry.owner_today(a.id).id for a in core.tracker.members_of(GROUP, ())}
    )
    bound = []
    async with core.sessions.begin() as session:
        for n in range(chats):
            user_id = first_user + n
            emulator.add_user(user_id, f"Đầu mối {n}")
            chat_id = user_id
            if groups and n % 10 == 0:
                chat_id = -user_id
                emulator.add_group(chat_id, f"Tổ {n}", [user_id])
            session.add(
                ChatRow(
                    chat_id=chat_id,
                    agency_id=owners[n % len(owners)],
                    title=f"Đầu mối {n}",
                    user_id=user_id,
                    active=True,
                    joined_at=at,
                    inactive_reason="",
                )
            )
            bound.append(chat_id)
    return bound


async def wave(chats: int, *, limited: bool, client: str = "aiohttp") -> Result:
    start = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    emulator = BotApiEmulator(TOKEN)
    if limited:
        emulator.flood_control(FloodLimits())
    await emulator.start()
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            {"DATABASE_URL": f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"},
            require_bot=False,
        )
        core = build_core(settings, FakeClock(start))
        await core.prepare(seed=False)
        await add_wave_task(core, date(2026, 12, 4), start, Actor(name="bench"))
        await bind_wave(core, emulator, chats, first_user=800_000, at=start, groups=True)
        limiter = FloodLimiter() if limited else None
        bot: ExtBot[None] = ExtBot(
            TOKEN,
            base_url=emulator.api_base_url,
            request=_request(client),
            rate_limiter=limiter,
        )
        await bot.initialize()
        dispatcher = Dispatcher(
            sessions=core.sessions,
            registry=core.registry,
            planner=core.planner,
            transport=TelegramTransport(bot),
            admin_ids=frozenset(),
            render=ChatRenderer(),
        )
        morning = datetime(2026, 12, 4, 1, 30, tzinfo=UTC)  # Friday 08:30 in Hanoi
        _, queued = await dispatcher.fire_due(morning)
        assert queued == chats, (queued, chats)
        commits = dispatcher.writer.commits
        t0, cpu0 = time.perf_counter(), time.process_time()
        sent, _, _ = await dispatcher.deliver_due(morning)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        commits = dispatcher.writer.commits - commits
        await bot.shutdown()
        await core.close()
    floods = emulator.flood.rejected if emulator.flood else 0
    await emulator.stop()
    return Result(sent=sent, seconds=seconds, floods=floods, commits=commits, cpu_seconds=cpu)


def _request(client: str) -> BaseRequest:
    if client == "httpx":
        return HTTPXRequest(connection_pool_size=128, read_timeout=30, pool_timeout=30)
    return AiohttpRequest(connection_pool_size=128, read_timeout=30, pool_timeout=30)


async def main(chats: int, waves: list[str], client: str = "aiohttp") -> None:
    print(f"wave of {chats} chats, one message each, through the emulator over HTTP")
    if "on" in waves:
        on = await wave(chats, limited=True, client=client)
        print(f"limiter on    {on.line}   429s provoked: {on.floods}")
    if "off" in waves:
        off = await wave(chats, limited=False, client=client)
        print(f"limiter off   {off.line}   (no flood limits enforced)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=5000)
    parser.add_argument(
        "--waves", default="on,off", help="which waves to run: on, off or on,off (default)"
    )
    parser.add_argument(
        "--client",
        choices=("aiohttp", "httpx"),
        default="aiohttp",
        help="the bot's own HTTP client (default) or PTB's",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(args.chats, [w.strip() for w in args.waves.split(",")], args.client))

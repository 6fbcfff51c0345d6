"""Shared fixtures: a local Bot API emulator and the running product on a fake clock."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN, LiveBot, start_live_bot
from domain.clock import FakeClock
from tests import postgres
from tests.leftovers import no_task_left_behind, within
from tests.postgres import PostgresServer

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = 1001
FOCAL = 2001
OTHER_FOCAL = 2002
STRANGER = 3001


def local(*args: int) -> datetime:
    """A Vietnam-local instant (aware)."""
    return datetime(*args, tzinfo=VN)  # type: ignore[misc]


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    before = asyncio.all_tasks()
    emu = BotApiEmulator(TOKEN)
    await emu.start()
    emu.add_user(ADMIN, "Quản trị", "admin_vpcp")
    emu.add_user(FOCAL, "Lan", "lan_bca")
    emu.add_user(OTHER_FOCAL, "Minh", "minh_byt")
    emu.add_user(STRANGER, "Khách")
    try:
        yield emu
    finally:
        await emu.stop()
        await no_task_left_behind(before)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local(2026, 12, 2, 10, 0))


@pytest.fixture
async def live(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[LiveBot]:
    bot = await start_live_bot(emulator, tmp_path / "bot.sqlite3", clock, admin_ids=(ADMIN,))
    try:
        yield bot
    finally:
        await within(bot.stop(), 60, "stopping the bot")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if not postgres.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; `python3 dev.py test` installs it")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    yield from postgres.run_server()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty database on the test server."""
    return postgres_server.url(postgres_server.create_database())

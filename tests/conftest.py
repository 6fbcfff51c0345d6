"""Shared fixtures: a local Bot API emulator and the running product on a fake clock."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN, LiveBot, start_live_bot
from domain.clock import FakeClock
from storage.db import create_engine, migrate
from storage.local_agency_files import ENV_VARIABLE
from tests import postgres
from tests.leftovers import no_task_left_behind, within
from tests.postgres import PostgresServer
from tests.slow_first import slowest_first

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = 1001
FOCAL = 2001
OTHER_FOCAL = 2002
STRANGER = 3001


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest modules first, spread over the test processes, so that they end
    together (``tests/slow_first.py``)."""
    items[:] = slowest_first(items, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))


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


async def _migrate(path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the schema's head, migrated once per test process (the
    whole chain, as a new deployment's first start does) and left as one file to copy."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    with ThreadPoolExecutor(max_workers=1) as thread:  # outside any running event loop
        thread.submit(asyncio.run, _migrate(path)).result()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture
def database(migrated: Path, tmp_path: Path) -> Path:
    """This test's own copy of the migrated empty database (the product's start-up still
    runs the migrations, which find it at head)."""
    path = tmp_path / "bot.sqlite3"
    shutil.copyfile(migrated, path)
    return path


@pytest.fixture
async def live(
    emulator: BotApiEmulator, clock: FakeClock, database: Path
) -> AsyncIterator[LiveBot]:
    bot = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
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


@pytest.fixture
async def local_bot(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[LiveBot, Path]]:
    """A bot whose deployment's own agencies file (``/coquan them``) is in the test's
    folder; yields the bot and that file."""
    path = tmp_path / "local_agencies.toml"
    monkeypatch.setenv(ENV_VARIABLE, str(path))  # restored after the test
    bot = await start_live_bot(
        emulator,
        tmp_path / "bot.sqlite3",
        clock,
        admin_ids=(ADMIN,),
        extra_env={ENV_VARIABLE: str(path)},
    )
    try:
        yield bot, path
    finally:
        await bot.stop()

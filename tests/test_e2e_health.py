"""Health: ``/health`` for admins and ``GET /healthz`` for a supervisor, over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from scheduler.health import HealthMonitor, HealthServer
from tests.conftest import ADMIN, FOCAL, STRANGER, local
from tests.test_e2e_chat import ask
from tests.test_e2e_delivery import _task_due_friday


@pytest.fixture
async def served(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[LiveBot]:
    live = await start_live_bot(
        emulator, tmp_path / "bot.sqlite3", clock, extra_env={"HEALTH_PORT": "127.0.0.1:0"}
    )
    try:
        yield live
    finally:
        await live.stop()


async def _get(port: int) -> tuple[int, dict[str, object]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        return response.status, await response.json()


async def test_healthz_answers_200_with_the_report_while_passes_succeed(
    served: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_due_friday(emulator)
    emulator.block(FOCAL)
    await served.at(local(2026, 12, 4, 8, 30))
    server = served.product.health_server
    assert server is not None
    assert server.port is not None
    status, body = await _get(server.port)
    assert status == 200
    assert body["healthy"] is True
    assert body["last_pass"] == "2026-12-04T01:30:00+00:00"
    assert body["unreachable_chats"] == 1
    assert body["failed_today"] == 1
    # The admins' warning may be on its way right now (a wake-up right after the pass).
    assert {type(body["pending"]), type(body["sending"])} == {int}
    assert isinstance(body["database_bytes"], int)
    assert body["database_bytes"] > 0


async def test_healthz_answers_503_when_the_last_pass_is_older_than_three_sweeps(
    live: LiveBot,
) -> None:
    await live.product.runner.tick()
    runner = live.product.runner
    last = runner.last_success_monotonic
    assert last is not None
    later = [last + 3 * runner.sweep_seconds - 1]
    monitor = HealthMonitor(
        runner=runner,
        engine=live.product.core.engine,
        sessions=live.product.core.sessions,
        clock=live.clock,
        timezone=live.settings.timezone,
        monotonic=lambda: later[0],
    )
    server = HealthServer(monitor, ("127.0.0.1", 0))
    await server.start()
    try:
        assert server.port is not None
        status, body = await _get(server.port)
        assert (status, body["healthy"]) == (200, True)
        later[0] = last + 3 * runner.sweep_seconds + 1
        status, body = await _get(server.port)
        assert (status, body["healthy"]) == (503, False)
    finally:
        await server.stop()


async def test_health_command_is_for_admins(live: LiveBot, emulator: BotApiEmulator) -> None:
    await live.product.runner.tick()
    report = await ask(emulator, ADMIN, ADMIN, "/health")
    assert "Tình trạng gửi tin" in report.text
    assert "Hoạt động bình thường" in report.text
    assert "Tin chờ gửi: " in report.text
    refused = await ask(emulator, STRANGER, STRANGER, "/health")
    assert "chỉ dành cho Văn phòng theo dõi" in refused.text

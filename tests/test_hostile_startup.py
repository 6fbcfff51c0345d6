"""The bot token never reaches the console, even when the Bot API refuses it at start-up."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from botapi_emulator import BotApiEmulator
from tests.conftest import ADMIN
from wiring import ROOT

WRONG_TOKEN = "987654321:WRONG-token-secret-part-zyxwvutsrqpo"


async def _run_bot(tmp_path: Path, token: str, base_url: str) -> tuple[int, str]:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_"))
        },
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": base_url,
        "ADMIN_IDS": str(ADMIN),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "bot.py"),
        "--env-file",
        str(tmp_path / "none.env"),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode() + err.decode()


def _assert_no_token(output: str, token: str, database: Path) -> None:
    secret = token.split(":")[1]
    assert token not in output
    assert secret not in output
    if database.exists():
        assert secret.encode() not in database.read_bytes()


@pytest.mark.parametrize("case", ["unauthorized", "wrong base url"])
async def test_a_refused_token_stops_the_bot_with_a_message_and_without_the_token(
    emulator: BotApiEmulator, tmp_path: Path, case: str
) -> None:
    if case == "unauthorized":
        # The emulator answers 401 Unauthorized to any other token, like Telegram.
        code, output = await _run_bot(tmp_path, WRONG_TOKEN, emulator.base_url)
    else:
        # A base URL that is no Bot API server answers 404 (plain text, not JSON).
        code, output = await _run_bot(tmp_path, WRONG_TOKEN, emulator.base_url + "/nothing")
    assert code == 2, output[-3000:]
    assert "configuration error: TELEGRAM_BOT_TOKEN" in output
    assert "rejected the token" in output
    if case == "unauthorized":
        assert "Traceback" not in output  # (PTB logs its JSON error for the 404 page)
    _assert_no_token(output, WRONG_TOKEN, tmp_path / "bot.sqlite3")


async def test_an_unreachable_bot_api_is_reported_without_the_token(tmp_path: Path) -> None:
    # Nothing listens on port 9 of the loopback: a network error at start-up.
    code, output = await _run_bot(tmp_path, WRONG_TOKEN, "http://127.0.0.1:9")
    assert code == 1, output[-3000:]
    assert "could not be reached" in output
    _assert_no_token(output, WRONG_TOKEN, tmp_path / "bot.sqlite3")

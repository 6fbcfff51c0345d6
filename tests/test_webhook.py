"""Webhook mode: settings, the emulator posting updates with the secret header, and the
product's webhook server refusing requests without it."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp
import pytest

from botapi_emulator import BotApiEmulator
from botapi_emulator.webhook import SECRET_HEADER
from demo.harness import TOKEN, start_live_bot
from domain.clock import FakeClock
from domain.errors import ConfigError
from settings import load_settings
from tests.conftest import ADMIN
from tests.test_e2e_chat import ask

GOOD = {"TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": str(ADMIN)}
SECRET = "s3cret_webhook-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_webhook_mode_reads_its_url_secret_and_listen_address() -> None:
    assert load_settings(GOOD, require_bot=True).webhook is None
    settings = load_settings(
        {
            **GOOD,
            "WEBHOOK_URL": "https://bot.example.gov.vn/telegram/hook",
            "WEBHOOK_SECRET": SECRET,
        },
        require_bot=True,
    )
    hook = settings.webhook
    assert hook is not None
    assert (hook.path, hook.listen, hook.port) == ("/telegram/hook", "127.0.0.1", 8443)
    assert SECRET not in repr(settings) + repr(hook)
    listening = load_settings(
        {
            **GOOD,
            "WEBHOOK_URL": "https://bot.example.gov.vn",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "0.0.0.0:9000",
        },
        require_bot=True,
    ).webhook
    assert listening is not None
    assert (listening.path, listening.listen, listening.port) == ("/", "0.0.0.0", 9000)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"WEBHOOK_URL": "https://bot.example.gov.vn/hook"}, "WEBHOOK_SECRET"),
        (
            {"WEBHOOK_URL": "https://bot.example.gov.vn/hook", "WEBHOOK_SECRET": "a b"},
            "WEBHOOK_SECRET",
        ),
        ({"WEBHOOK_URL": "https://x/h", "WEBHOOK_SECRET": "x" * 257}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_URL": "bot.example.gov.vn/hook", "WEBHOOK_SECRET": SECRET}, "WEBHOOK_URL"),
        ({"WEBHOOK_SECRET": SECRET}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_LISTEN": "8443"}, "WEBHOOK_LISTEN"),
        (
            {"WEBHOOK_URL": "https://x/h", "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": "h:99999"},
            "WEBHOOK_LISTEN",
        ),
    ],
)
def test_a_bad_webhook_setting_names_its_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**GOOD, **env}, require_bot=True)
    assert caught.value.variable == variable


async def test_the_bot_in_webhook_mode_takes_posted_updates_and_refuses_them_without_the_secret(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    live = await start_live_bot(
        emulator,
        tmp_path / "bot.sqlite3",
        clock,
        extra_env={
            "WEBHOOK_URL": url,
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
        },
    )
    try:
        assert live.product.intake is not None
        assert live.product.intake.mode == "webhook"
        assert emulator.webhook.url == url
        assert emulator.webhook.secret == SECRET
        answer = await ask(emulator, ADMIN, ADMIN, "/help")
        assert answer.text
        accepted = [p for p in emulator.webhook.posts if p.status == 200]
        assert accepted
        assert {p.secret for p in accepted} == {SECRET}
        assert not [c for c in emulator.calls if c.method == "getUpdates"]
        # Polling is refused while the webhook is set, as Telegram does.
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{emulator.api_base_url}{TOKEN}/getUpdates") as reply:
                assert reply.status == 409
            forged = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/help"}}
            for headers in ({}, {SECRET_HEADER: "wrong"}):
                async with http.post(url, json=forged, headers=headers) as reply:
                    assert reply.status == 403
            info = await (await http.post(f"{emulator.api_base_url}{TOKEN}/getWebhookInfo")).json()
        assert info["result"]["url"] == url
        assert info["result"]["pending_update_count"] == 0
    finally:
        await live.stop()
    # A stopping worker leaves the webhook to the others behind the proxy.
    assert emulator.webhook.url == url

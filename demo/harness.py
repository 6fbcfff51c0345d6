"""The product wired to a local Bot API emulator, a fake clock and a temporary database.

Used by the offline demo and by the end-to-end tests: the real ``Product`` (PTB polling
over real HTTP, the real dispatcher and runner), only the clock and the server are local.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from botapi_emulator import BotApiEmulator
from chat.pacing import FloodRules
from domain.clock import FakeClock
from settings import Settings, load_settings
from wiring import Product, build_core, build_product

TOKEN = "123456789:LOCAL-emulator-token-abcdefghijklmnop"

#: Telegram's limits, 50× faster: the tests and the demo keep their pace and stay fast.
FAST_FLOOD_RULES = FloodRules(scale=0.02)


@dataclass
class LiveBot:
    """A running product and the emulator it talks to."""

    emulator: BotApiEmulator
    product: Product
    clock: FakeClock
    settings: Settings

    async def at(self, instant: datetime) -> None:
        """Move the clock to ``instant`` and let the scheduler do what is due then."""
        self.clock.set(instant)
        await self.product.runner.tick()

    async def stop(self) -> None:
        await self.product.stop()


async def start_live_bot(
    emulator: BotApiEmulator,
    database: Path | str,
    clock: FakeClock,
    *,
    admin_ids: tuple[int, ...] = (1001,),
    seed: bool = False,
    extra_env: dict[str, str] | None = None,
    flood_rules: FloodRules = FAST_FLOOD_RULES,
    send_timeout: float | None = None,
) -> LiveBot:
    """Start the product against ``emulator`` (already started) with a SQLite file, or a
    database URL (e.g. PostgreSQL)."""
    url = database if isinstance(database, str) else f"sqlite+aiosqlite:///{database}"
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "DATABASE_URL": url,
        "ADMIN_IDS": ",".join(str(a) for a in admin_ids),
        # The test drives passes itself with tick(); keep the safety sweep out of the way.
        "SWEEP_SECONDS": "3600",
        # The weekly digest only where a test or the demo asks for it (DIGEST_DAY=mon …).
        "DIGEST_DAY": "off",
        # Admin notices at once, as the tests of each reply expect; the office's daily
        # digest only where a test asks for it (ADMIN_NOTIFY=digest).
        "ADMIN_NOTIFY": "instant",
        **(extra_env or {}),
    }
    settings = load_settings(env, require_bot=True)
    product = build_product(
        build_core(settings, clock),
        seed=seed,
        flood_rules=flood_rules,
        **({} if send_timeout is None else {"send_timeout": send_timeout}),
    )
    await product.start(poll_timeout=1)
    return LiveBot(emulator=emulator, product=product, clock=clock, settings=settings)

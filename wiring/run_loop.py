"""Running the product until a signal stops it, and an event loop whose end does not wait
forever for a task that will not end."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from wiring.product import Product

log = logging.getLogger(__name__)

#: How long the end of a run waits for tasks still running after the stop.
WIND_DOWN = timedelta(seconds=10)


def settle_start_up() -> None:
    """Once the bot has started: what start-up made lives as long as the process (the agency
    registry above all), so it is collected once and moved out of the cyclic collector's
    way (``gc.freeze``). A full collection then scans only what was made since — a sweep's
    few thousand objects — instead of the registry's hundreds of thousands: with 100,000
    agencies one took 60–600 ms, at any moment, a due sweep's included."""
    gc.collect()
    gc.freeze()


def run_to_the_end(main: Coroutine[Any, Any, None]) -> None:
    """``asyncio.run(main)``, except that the tasks still running when ``main`` returns get
    ``WIND_DOWN`` after being cancelled, not forever: one stuck in a database driver (its
    connection's thread already gone) would keep the process from ever exiting."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main)
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                _, stuck = loop.run_until_complete(
                    asyncio.wait(pending, timeout=WIND_DOWN.total_seconds())
                )
                if stuck:
                    log.error("%d task(s) would not end; exiting without them", len(stuck))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


class TokenRefused(Exception):
    """The Bot API refused the token while the bot ran (revoked or changed in @BotFather);
    the bot was stopped as for a signal. ``bot.py`` exits with status 2."""


#: The one line that says so (no token: PTB's answer is the Bot API's description).
REFUSED = (
    "the Bot API refused the bot's token while it was running (%s: %s): it was revoked or "
    "changed in @BotFather. Set the new token in TELEGRAM_BOT_TOKEN and start the bot "
    "again; the messages not yet sent stay queued for then. Stopping (exit status 2)."
)


async def run_until_signalled(
    product: Product, *, started: Callable[[], object] | None = None
) -> None:
    """Run the product until SIGINT or SIGTERM, also one that comes during start-up, or
    until the Bot API refuses the token (then stop the same way and raise
    :class:`TokenRefused`); ``started()`` once it is running (``settle_start_up``: after
    the first ``getUpdates``, not before it)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    watch = product.watch
    starting = asyncio.ensure_future(product.start())
    signalled = asyncio.ensure_future(stop.wait())
    refused = asyncio.ensure_future(watch.wait())
    try:
        await asyncio.wait({starting, signalled, refused}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            # The start-up pass may have a backlog to send at Telegram's pace: it ends
            # between two sends, the rest stays pending for the next start.
            log.info("stop requested during start-up; ending the first pass")
            product.request_stop()
        await starting
        if not stop.is_set() and not watch.is_refused:
            log.info("bot is running; press Ctrl+C to stop")
            if started is not None:
                started()
        await asyncio.wait({signalled, refused}, return_when=asyncio.FIRST_COMPLETED)
        if watch.is_refused:
            log.error(REFUSED, watch.where, watch.answer)
            # Nothing more is claimed; what is in flight ends, the rest stays pending.
            product.request_stop()
    finally:
        signalled.cancel()
        refused.cancel()
        await product.stop()
        await _wind_down(product)
    if watch.is_refused:
        raise TokenRefused(watch.answer)


async def _wind_down(product: Product) -> None:
    """Let what is still running after the stop finish, then close the database again.

    A task cut off by the event loop's end in the middle of a statement (one that outlived
    its grace, or one the stop did not know of) leaves its SQLite connection — and that
    connection's thread — open, and the process would never exit."""
    others = asyncio.all_tasks() - {asyncio.current_task()}
    if others:
        log.warning("waiting for %d task(s) still running after the stop", len(others))
        _, late = await asyncio.wait(others, timeout=WIND_DOWN.total_seconds())
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=WIND_DOWN.total_seconds())
    await product.core.engine.dispose()

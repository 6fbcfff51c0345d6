"""How updates reach the bot: polling, polling by one elected process, or a webhook.

* **Polling** (the default): this process long-polls ``getUpdates``.
* **Polling with several workers on PostgreSQL**: Telegram serves ``getUpdates`` to one
  client at a time, so exactly one process polls — the one holding a PostgreSQL advisory
  lock (session-level, on a connection kept for it alone). The others stand by and try for
  the lock every ``retry_seconds``; when the leader dies its connection closes, the server
  releases the lock and the next try of another process takes over. A leader that loses its
  connection stops polling at its next check. Every process runs the reminder loop anyway.
* **Webhook** (``WEBHOOK_URL``): Telegram posts each update to the URL; every process runs
  PTB's webhook server (behind the proxy or load balancer that spreads the requests) and
  refuses a request without the ``X-Telegram-Bot-Api-Secret-Token`` header set to
  ``WEBHOOK_SECRET`` (403). Each process sets the same webhook when it starts and leaves it
  set when it stops (the others still serve it); a process started in polling mode removes
  it, as Telegram allows only one of the two.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from telegram.error import InvalidToken
from telegram.ext import Updater

from chat.token_watch import POLLING_LOGGER, TokenWatch

log = logging.getLogger(__name__)

#: The advisory lock's key: one per database (PostgreSQL scopes advisory locks so).
POLLING_LOCK = zlib.crc32(b"hanchot: the process that polls getUpdates")
#: How long a statement on the lock's connection may take before the leader gives up.
CHECK_TIMEOUT = 10.0


class Intake(Protocol):
    """Starts and stops the flow of updates into the application's queue."""

    @property
    def mode(self) -> str:
        """``polling``, ``webhook`` or ``standby`` (another process polls)."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Polling:
    """This process polls ``getUpdates``; a poll refused with 401 (the token was revoked)
    ends PTB's polling, and is told to ``watch``."""

    def __init__(
        self,
        updater: Updater,
        *,
        timeout: int,
        allowed_updates: Sequence[str] | None,
        watch: TokenWatch | None = None,
    ) -> None:
        self._updater = updater
        self._timeout = timeout
        self._allowed = allowed_updates
        self._watch = watch

    @property
    def mode(self) -> str:
        return "polling" if self._updater.running else "standby"

    async def start(self) -> None:
        if self._watch is not None:
            # PTB's polling loop calls no error callback for a 401: it logs it and ends.
            logging.getLogger(POLLING_LOGGER).addFilter(self._watch.polling_filter)
        await self._updater.start_polling(
            poll_interval=0.0,
            timeout=self._timeout,
            allowed_updates=self._allowed,
            drop_pending_updates=False,
        )

    async def stop(self) -> None:
        try:
            if self._updater.running:
                await self._updater.stop()
        except InvalidToken:
            pass  # how the polling ended (the watch has it); the updater is stopped
        finally:
            if self._watch is not None:
                logging.getLogger(POLLING_LOGGER).removeFilter(self._watch.polling_filter)


class WebhookIntake:
    """PTB's webhook server: Telegram (through the proxy) posts the updates to it."""

    def __init__(
        self,
        updater: Updater,
        *,
        url: str,
        path: str,
        secret: str,
        listen: str,
        port: int,
        allowed_updates: Sequence[str] | None,
    ) -> None:
        self._updater = updater
        self._url = url
        self._path = path
        self._secret = secret
        self._listen = listen
        self._port = port
        self._allowed = allowed_updates

    @property
    def mode(self) -> str:
        return "webhook"

    async def start(self) -> None:
        await self._updater.start_webhook(
            listen=self._listen,
            port=self._port,
            url_path=self._path,
            webhook_url=self._url,
            secret_token=self._secret,
            allowed_updates=self._allowed,
            drop_pending_updates=False,
        )
        log.info(
            "webhook: serving %s on %s:%d (secret checked)", self._path, self._listen, self._port
        )

    async def stop(self) -> None:
        # The webhook stays set: the other processes behind the proxy still serve it.
        if self._updater.running:
            await self._updater.stop()


class ElectedPolling:
    """Polling by the one process of several that holds the PostgreSQL advisory lock."""

    def __init__(
        self,
        polling: Polling,
        engine: AsyncEngine,
        *,
        retry_seconds: float,
        key: int = POLLING_LOCK,
    ) -> None:
        self._polling = polling
        self._engine = engine
        self._retry = retry_seconds
        self._key = key
        self._connection: AsyncConnection | None = None
        self._leading = False
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def mode(self) -> str:
        return "polling" if self._leading else "standby"

    @property
    def leading(self) -> bool:
        return self._leading

    async def start(self) -> None:
        """Try for the lock once now (a lone process polls before this returns), then keep
        trying, or checking that it is still held, in the background."""
        self._stopping = False
        await self._step()
        if not self._leading:
            log.info("updates: another process polls; this one stands by")
        self._task = asyncio.create_task(self._loop(), name="polling election")

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._leading:
            await self._polling.stop()
            self._leading = False
        await self._drop_connection()

    async def _loop(self) -> None:
        while not self._stopping:
            await asyncio.sleep(self._retry)
            try:
                await self._step()
            except Exception:
                log.exception("polling election failed; trying again in %s s", self._retry)

    async def _step(self) -> None:
        if self._leading:
            if await self._still_held():
                return
            log.warning("updates: lost the connection that holds the polling lock; stop polling")
            self._leading = False
            await self._polling.stop()
            await self._drop_connection()
            return
        if not await self._try_lock():
            return
        try:
            await self._polling.start()
        except BaseException:
            await self._drop_connection()  # releases the lock for another process
            raise
        self._leading = True
        log.info("updates: this process holds the polling lock and polls getUpdates")

    async def _try_lock(self) -> bool:
        try:
            if self._connection is None:
                connection = await self._engine.connect()
                self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            got = await self._scalar("SELECT pg_try_advisory_lock(:key)")
        except Exception:
            log.warning("updates: could not try for the polling lock", exc_info=True)
            await self._drop_connection()
            return False
        return bool(got)

    async def _still_held(self) -> bool:
        try:
            held = await self._scalar(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND pid = pg_backend_pid() AND objid = :key"
            )
        except Exception:
            return False
        return bool(held)

    async def _scalar(self, sql: str) -> Any:
        assert self._connection is not None
        result = await asyncio.wait_for(
            self._connection.execute(text(sql), {"key": self._key}), CHECK_TIMEOUT
        )
        return result.scalar()

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            # Closing the session releases its advisory locks.
            await connection.invalidate()
            await connection.close()
        except Exception:
            log.debug("closing the polling lock's connection failed", exc_info=True)

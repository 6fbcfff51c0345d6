"""Webhook mode of the emulator: ``setWebhook``, ``deleteWebhook``, ``getWebhookInfo``, and
the updates delivered by HTTP POST to the webhook URL, as Telegram does.

While a webhook is set, ``getUpdates`` answers 409 (Telegram allows one of the two). Each
pending update is posted as JSON, with the ``X-Telegram-Bot-Api-Secret-Token`` header when
the webhook has a secret, up to ``max_connections`` at once; a 2xx answer confirms it, any
other answer (or no answer) leaves it pending and it is posted again ``retry_seconds``
later. Every post is recorded in ``posts``.

``spread_over(urls)`` stands for a load balancer in front of several bot processes: the
posts meant for the webhook URL go to those URLs in turn (an update that fails at one goes
to the next).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp

from botapi_emulator.objects import ApiError

if TYPE_CHECKING:
    from botapi_emulator.world import EmulatorWorld

JsonDict = dict[str, Any]
Handler = Callable[[JsonDict, dict[str, Any]], Awaitable[Any]]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
POLLING_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


@dataclass(frozen=True, slots=True)
class WebhookPost:
    """One POST of an update: where it went and what came back (0: no answer)."""

    update_id: int
    url: str
    status: int
    secret: str | None


class WebhookDelivery:
    """The webhook state of one emulator and the task that posts its updates."""

    def __init__(self, emulator: EmulatorWorld, *, retry_seconds: float = 0.2) -> None:
        self._emulator = emulator
        self.retry_seconds = retry_seconds
        self.url = ""
        self.secret: str | None = None
        self.max_connections = 40
        self.posts: list[WebhookPost] = []
        self.last_error: str | None = None
        self.last_error_date: int | None = None
        self._backends: list[str] = []
        self._turn = 0
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._retry_at: dict[int, float] = {}
        self._task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None

    def methods(self) -> dict[str, tuple[str, Handler]]:
        """The Bot API methods this module answers, keyed as the emulator looks them up."""
        return {
            name.lower(): (name, handler)
            for name, handler in {
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
            }.items()
        }

    def spread_over(self, urls: list[str]) -> None:
        """Post to these URLs in turn instead of the webhook URL (a load balancer)."""
        self._backends = list(urls)

    def check_polling(self) -> None:
        """``getUpdates`` is refused while a webhook is set."""
        if self.url:
            raise ApiError(409, POLLING_CONFLICT)

    def delivered(self) -> dict[int, int]:
        """How many times each update was accepted (2xx) by a webhook."""
        counts: dict[int, int] = {}
        for post in self.posts:
            if 200 <= post.status < 300:
                counts[post.update_id] = counts.get(post.update_id, 0) + 1
        return counts

    async def close(self) -> None:
        """Stop posting (the emulator is stopping)."""
        await self._stop_task()

    # ------------------------------------------------------------ API methods

    async def _set_webhook(self, params: JsonDict, uploads: dict[str, Any]) -> bool:
        url = params.get("url")
        if not isinstance(url, str):
            raise ApiError(400, "Bad Request: bad webhook: URL must be a string")
        if url and not re.match(r"https?://[^/\s]+", url):
            raise ApiError(400, "Bad Request: bad webhook: invalid URL")
        secret = params.get("secret_token")
        if secret is not None and (not isinstance(secret, str) or not _SECRET.fullmatch(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        connections = params.get("max_connections", 40)
        try:
            max_connections = int(connections)
        except (TypeError, ValueError):
            raise ApiError(400, 'Bad Request: field "max_connections" must be a Number') from None
        allowed = params.get("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
                raise ApiError(400, "Bad Request: can't parse allowed updates JSON object")
            self._emulator._allowed_updates = allowed
        if params.get("drop_pending_updates") is True:
            self._emulator._pending.clear()
        self.url = url
        self.secret = secret or None
        self.max_connections = min(max(max_connections, 1), 100)
        if url:
            self._start_task()
        else:
            await self._stop_task()
        self._emulator._notify()
        return True

    async def _delete_webhook(self, params: JsonDict, uploads: dict[str, Any]) -> bool:
        self.url = ""
        self.secret = None
        await self._stop_task()
        if params.get("drop_pending_updates") is True:
            self._emulator._pending.clear()
        self._emulator._notify()
        return True

    async def _get_webhook_info(self, params: JsonDict, uploads: dict[str, Any]) -> JsonDict:
        info: JsonDict = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._emulator._pending),
        }
        if self.url:
            info["max_connections"] = self.max_connections
            if self._emulator._allowed_updates is not None:
                info["allowed_updates"] = list(self._emulator._allowed_updates)
        if self.last_error is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error
        return info

    # --------------------------------------------------------------- delivery

    def _start_task(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._deliver(), name="webhook delivery")

    async def _stop_task(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for post in list(self._in_flight.values()):
            post.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await post
        self._in_flight.clear()
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def _deliver(self) -> None:
        emulator = self._emulator
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        while self.url and not emulator._closing:
            changed = emulator._changed
            now = time.monotonic()
            for update in emulator._deliverable(len(emulator._pending) or 1):
                update_id = int(update["update_id"])
                if len(self._in_flight) >= self.max_connections:
                    break
                if update_id in self._in_flight or self._retry_at.get(update_id, 0) > now:
                    continue
                self._in_flight[update_id] = asyncio.create_task(self._post(update))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), self.retry_seconds)

    async def _post(self, update: JsonDict) -> None:
        update_id = int(update["update_id"])
        url = self._target()
        headers = {"Content-Type": "application/json"}
        if self.secret is not None:
            headers[SECRET_HEADER] = self.secret
        status = 0
        try:
            assert self._http is not None
            async with self._http.post(url, data=json.dumps(update), headers=headers) as reply:
                status = reply.status
                await reply.read()
        except (aiohttp.ClientError, TimeoutError) as error:
            self._failed(f"Connection failed: {error.__class__.__name__}")
        finally:
            self._in_flight.pop(update_id, None)
        self.posts.append(WebhookPost(update_id, url, status, self.secret))
        if 200 <= status < 300:
            self._retry_at.pop(update_id, None)
            self._emulator._pending = [
                u for u in self._emulator._pending if u["update_id"] != update_id
            ]
        else:
            if status:
                self._failed(f"Wrong response from the webhook: {status}")
            self._retry_at[update_id] = time.monotonic() + self.retry_seconds
        self._emulator._notify()

    def _target(self) -> str:
        if not self._backends:
            return self.url
        url = self._backends[self._turn % len(self._backends)]
        self._turn += 1
        return url

    def _failed(self, message: str) -> None:
        self.last_error = message
        self.last_error_date = int(time.time())

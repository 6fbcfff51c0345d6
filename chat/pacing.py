"""Every Bot API call that posts to a chat is paced at Telegram's limits, by design.

Telegram's documented limits: about 30 messages a second overall, one a second per chat,
20 a minute per group. ``FloodLimiter`` is a PTB ``BaseRateLimiter`` on the bot, so the
delivery loop, the chat handlers' answers and the edits of reminders all pass through it.

Each limit is a pool of slots. A call takes a slot from its chat's pool, its group's pool
(negative chat ids) and the overall pool, in that order; a slot comes back ``period`` after
the call **finished**. So call *n + limit* starts only after call *n*'s answer arrived plus
the period, hence after call *n* reached Telegram plus the period: no window of ``period``
ever holds more than ``limit`` arrivals, whatever the network's jitter (a token bucket that
releases on a timer cannot promise that). Calls to different chats run concurrently up to
the overall limit.

A new limiter (``initialize``, when the bot starts) sends nothing for one period: the
process before a restart may have used its last second's allowance. A group that had its
20 messages of the last minute from that process still meets a 429 (retried as below).

A 429 (``RetryAfter``) pauses **every** paced call for ``retry_after``. A call made without
``rate_limit_args`` is then retried once (a handler's answer); the delivery loop passes
``NO_RETRY`` and reschedules the message itself.

Why not PTB's ``AIORateLimiter``: it has no per-chat limit for private chats, its token
buckets allow a burst of twice the rate inside one second, and with ``max_retries=0`` a 429
pauses nothing. This keeps its shape (a ``BaseRateLimiter``) with those three fixed.

``scale`` multiplies every period and pause: tests run the same rules 50× faster against an
emulator limiter scaled alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

#: The Bot API methods that post to a chat (the ones Telegram's flood limits count).
PACED_METHODS = frozenset(
    {
        "sendmessage",
        "editmessagetext",
        "editmessagereplymarkup",
        "editmessagecaption",
        "senddocument",
        "sendphoto",
        "sendmediagroup",
        "copymessage",
        "forwardmessage",
    }
)


@dataclass(frozen=True, kw_only=True, slots=True)
class FloodRules:
    """How many calls each period allows."""

    overall: int = 30
    overall_period: float = 1.0
    per_chat: int = 1
    per_chat_period: float = 1.0
    per_group: int = 20
    per_group_period: float = 60.0
    scale: float = 1.0
    """Every period and every 429 pause is multiplied by this (tests: 0.02)."""


@dataclass(frozen=True, slots=True)
class Retries:
    """``rate_limit_args`` of a call: how often to retry it after a 429 (PTB drops falsy
    arguments, hence an object rather than a bare 0)."""

    count: int


NO_RETRY = Retries(0)
"""For the delivery loop, which reschedules a flood-limited message itself."""


class NotSent(Exception):
    """The bot is stopping: a delivery-loop call still waiting for its slot is dropped
    before it reaches Telegram (its message stays pending)."""


class _Pool:
    """``limit`` slots; a released slot comes back ``period`` seconds later."""

    __slots__ = ("_period", "_semaphore", "users")

    def __init__(self, limit: int, period: float) -> None:
        self._semaphore = asyncio.Semaphore(limit)
        self._period = period
        self.users = 0
        """Calls waiting for, holding or returning a slot (0: the pool can be dropped)."""

    async def acquire(self) -> None:
        self.users += 1
        try:
            await self._semaphore.acquire()
        except BaseException:
            self.users -= 1
            raise

    def release_later(self) -> None:
        asyncio.get_running_loop().call_later(self._period, self._release)

    def _release(self) -> None:
        self._semaphore.release()
        self.users -= 1


class FloodLimiter(BaseRateLimiter[Retries]):
    """Paces paced calls at ``rules``; see the module docstring."""

    def __init__(self, rules: FloodRules | None = None, *, retries: int = 1) -> None:
        self.rules = rules or FloodRules()
        self._retries = retries
        self._overall: _Pool | None = None
        self._chats: dict[int | str, _Pool] = {}
        self._groups: dict[int | str, _Pool] = {}
        self._resume_at = 0.0
        self.flood_waits = 0
        """How many 429 answers were received (the bot's own count of provoked floods)."""
        self._stopping = False
        self._stopped = asyncio.Event()

    def stop_waiting(self) -> None:
        """From now on, delivery-loop calls (``NO_RETRY``) not yet under way raise NotSent,
        those waiting for a slot at once."""
        self._stopping = True
        self._stopped.set()

    async def initialize(self) -> None:
        # A restart takes well under a second, and the process before may have used the
        # whole of its last second's allowance: nothing here knows what it sent. So a new
        # limiter lets no paced call through during its first period — no window of the
        # overall or per-chat limit can then hold both processes' calls.
        rules = self.rules
        quiet = max(rules.overall_period, rules.per_chat_period) * rules.scale
        loop = asyncio.get_running_loop()
        self._resume_at = max(self._resume_at, loop.time() + quiet)

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Retries | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        if endpoint.lower() not in PACED_METHODS or chat_id is None:
            return await callback(*args, **kwargs)
        retries = self._retries if rate_limit_args is None else rate_limit_args.count
        attempt = 0
        while True:
            try:
                return await self._paced(
                    _key(chat_id), callback, args, kwargs, droppable=rate_limit_args is not None
                )
            except RetryAfter as error:
                self.flood_waits += 1
                pause = _seconds(error.retry_after) * self.rules.scale
                loop = asyncio.get_running_loop()
                self._resume_at = max(self._resume_at, loop.time() + pause)
                log.warning("flood control: every send paused for %.1f s", pause)
                if attempt >= retries:
                    raise
                attempt += 1

    async def _paced(
        self,
        key: int | str,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        *,
        droppable: bool,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        rules = self.rules
        pools = [self._pool(self._chats, key, rules.per_chat, rules.per_chat_period)]
        if _is_group(key):
            pools.append(self._pool(self._groups, key, rules.per_group, rules.per_group_period))
        if self._overall is None:
            self._overall = _Pool(rules.overall, rules.overall_period * rules.scale)
        pools.append(self._overall)
        taken: list[_Pool] = []
        try:
            for pool in pools:
                if droppable:
                    await self._acquire_unless_stopped(pool)
                else:
                    await pool.acquire()
                taken.append(pool)
            loop = asyncio.get_running_loop()
            # A pause may be extended while it runs (another 429): look again after it.
            while (wait := self._resume_at - loop.time()) > 0:
                if droppable:
                    # A stop ends a delivery call's wait at once (it stays pending).
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stopped.wait(), wait)
                    if self._stopping:
                        raise NotSent
                else:
                    await asyncio.sleep(wait)
            if droppable and self._stopping:
                raise NotSent
            return await callback(*args, **kwargs)
        finally:
            for pool in taken:
                pool.release_later()
            self._forget_idle()

    async def _acquire_unless_stopped(self, pool: _Pool) -> None:
        """``pool.acquire()``, or NotSent as soon as the bot stops (a wave's backlog waiting
        for its slots must not hold a stop up)."""
        if self._stopping:
            raise NotSent
        slot = asyncio.ensure_future(pool.acquire())
        stopped = asyncio.ensure_future(self._stopped.wait())
        try:
            await asyncio.wait({slot, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if not slot.done():
            slot.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await slot
        if slot.cancelled():
            raise NotSent
        slot.result()  # held: the caller releases it

    def _pool(
        self, pools: dict[int | str, _Pool], key: int | str, limit: int, period: float
    ) -> _Pool:
        pool = pools.get(key)
        if pool is None:
            pool = pools[key] = _Pool(limit, period * self.rules.scale)
        return pool

    def _forget_idle(self) -> None:
        # A wave to thousands of chats must not leave thousands of pools behind.
        for pools in (self._chats, self._groups):
            if len(pools) > 2048:
                for key in [k for k, p in pools.items() if p.users == 0]:
                    del pools[key]


def _key(chat_id: object) -> int | str:
    if isinstance(chat_id, int):
        return chat_id
    text = str(chat_id)
    try:
        return int(text)
    except ValueError:
        return text  # "@channel": only channels and supergroups have usernames


def _is_group(key: int | str) -> bool:
    return isinstance(key, str) or key < 0


def _seconds(value: Any) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)

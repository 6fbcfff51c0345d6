"""Updates from different chats are handled concurrently; one chat's updates in order.

PTB handles one update at a time by default, so a burst from two hundred focal points
queues every reply behind all the others. :class:`PerChatOrder` lets PTB start every
update at once (up to a bound) and serialises only the updates of the same chat: each
waits for the one before it from that chat (an ``asyncio.Lock`` per chat; its waiters are
served first come, first served, and PTB starts the updates in the order it received
them). An update without a chat (none the bot asks for today) runs unordered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

#: Updates in progress at once; the rest wait in PTB's queue.
MAX_CONCURRENT_UPDATES = 256


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (its sender's id when it names no chat)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class PerChatOrder(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
                del self._locks[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


__all__ = ["MAX_CONCURRENT_UPDATES", "PerChatOrder", "chat_key"]

"""What tests read of the emulator: the chats as they show now, the calls and updates, and
waits for what the bot does next (nothing here blocks)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from botapi_emulator.objects import ApiCall, CallbackAnswer, JsonDict, SentMessage, StoredFile
from botapi_emulator.params import _scope_key
from botapi_emulator.state import EmulatorState

_T = TypeVar("_T")


class Inspection(EmulatorState):
    """Inspection and waits."""

    def messages(self, chat_id: int) -> list[SentMessage]:
        """What the chat shows now, in order: bot and user messages, edits applied."""
        return [record.message for record in self._records.get(chat_id, {}).values()]

    def bot_messages(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.messages(chat_id) if m.from_bot]

    @property
    def pending_updates(self) -> list[JsonDict]:
        """Updates not yet confirmed by a getUpdates offset."""
        return list(self._pending)

    @property
    def long_poll_waiting(self) -> bool:
        """True while a getUpdates call is parked waiting for an update."""
        return self._polls_waiting > 0

    def commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        return list(self._commands.get(_scope_key(scope, language_code), []))

    def file(self, file_id: str) -> StoredFile:
        try:
            return self._files[file_id]
        except KeyError:
            raise ValueError(f"unknown file_id {file_id!r}") from None

    def on_bot_message(self, listener: Callable[[SentMessage], None]) -> None:
        """Call ``listener`` for every bot message sent or edited (for the console runner)."""
        self._listeners.append(listener)

    async def wait_for(
        self,
        condition: Callable[[], _T | None],
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 - tests pass a deadline, not a context
    ) -> _T:
        """Wait until ``condition()`` is truthy and return its value; re-checked on each change."""
        async with asyncio.timeout(timeout):
            while True:
                changed = self._changed
                result = condition()
                if result:
                    return result
                await changed.wait()

    def mark(self) -> int:
        """A point in what the bot has sent so far, to pass as ``since`` to
        :meth:`wait_for_bot_message`: taken before the action that should make the bot
        speak, so that a message that comes before the wait begins is seen too."""
        return self._revision

    async def wait_for_bot_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
        after_message_id: int | None = None,
        since: int | None = None,
    ) -> SentMessage:
        """Wait for a bot message in the chat that is new: sent or edited after this call
        started — or after ``since``, a :meth:`mark` taken earlier — or (with
        ``after_message_id``) already there with a higher message id."""
        if since is None:
            since = self._revision

        def find() -> SentMessage | None:
            for record in self._records.get(chat_id, {}).values():
                message = record.message
                fresh = record.revision > since or (
                    after_message_id is not None and message.message_id > after_message_id
                )
                if message.from_bot and fresh and (predicate is None or predicate(message)):
                    return message
            return None

        try:
            return await self.wait_for(find, timeout=timeout)
        except TimeoutError:
            seen = [(m.message_id, m.text[:80]) for m in self.bot_messages(chat_id)]
            raise TimeoutError(
                f"no new matching bot message in chat {chat_id} within {timeout}s; "
                f"bot messages there: {seen}"
            ) from None

    async def wait_for_callback_answer(
        self,
        query_id: str,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> CallbackAnswer:
        def find() -> CallbackAnswer | None:
            return next((a for a in self.callback_answers if a.id == query_id), None)

        return await self.wait_for(find, timeout=timeout)

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[JsonDict], bool] | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> ApiCall:
        """Wait for a call to ``method`` received after this call started."""
        start = len(self.calls)

        def find() -> ApiCall | None:
            for call in self.calls[start:]:
                if call.method.lower() == method.lower() and (
                    predicate is None or predicate(call.params)
                ):
                    return call
            return None

        return await self.wait_for(find, timeout=timeout)

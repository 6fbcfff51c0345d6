"""The control API tests and the demo drive the emulator with (nothing here blocks)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from botapi_emulator.faults import (
    TELEGRAM_LIMITS,
    Fault,
    FloodControl,
    FloodLimits,
)
from botapi_emulator.objects import (
    ApiCall,
    ApiError,
    CallbackAnswer,
    JsonDict,
    SentMessage,
    SimChat,
    SimUser,
    StoredFile,
    _Failure,
    _Query,
)
from botapi_emulator.params import _document_object, _scope_key, _user_entities
from botapi_emulator.state import EmulatorState

_T = TypeVar("_T")


class EmulatorControl(EmulatorState):
    """Simulated users acting, inspection, waits and failure injection."""

    # ------------------------------------------------------------ simulated world

    def add_user(
        self, user_id: int, first_name: str, username: str | None = None, **extra: Any
    ) -> SimUser:
        """Create a user and their private chat with the bot (chat id == user id)."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user = SimUser(user_id, first_name, username, **extra)
        self._users[user_id] = user
        self._chats[user_id] = SimChat(
            id=user_id,
            type="private",
            first_name=first_name,
            last_name=user.last_name,
            username=username,
            members={user_id},
        )
        return user

    def add_group(
        self,
        chat_id: int,
        title: str,
        members: list[int],
        *,
        username: str | None = None,
        supergroup: bool | None = None,
    ) -> SimChat:
        """Create a group the bot is in; ids below -10**12 are supergroups unless told."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        unknown = [m for m in members if m not in self._users]
        if unknown:
            raise ValueError(f"add_user first: unknown members {unknown}")
        if supergroup is None:
            supergroup = chat_id <= -(10**12)
        chat = SimChat(
            id=chat_id,
            type="supergroup" if supergroup else "group",
            title=title,
            username=username,
            members=set(members),
        )
        self._chats[chat_id] = chat
        return chat

    def add_member(self, chat_id: int, user_id: int) -> None:
        self._group(chat_id).members.add(self._user(user_id).id)

    def user(self, user_id: int) -> SimUser:
        return self._user(user_id)

    async def send_text(
        self, chat_id: int, user_id: int, text: str, *, reply_to: int | None = None
    ) -> JsonDict:
        """A user writes ``text``; queues a message update and returns the Message."""
        if not text.strip():
            raise ValueError("Telegram clients do not send empty messages")
        chat, user = self._sender(chat_id, user_id)
        body: JsonDict = {"text": text}
        entities = _user_entities(text)
        if entities:
            body["entities"] = entities
        message = SentMessage(
            message_id=0,
            chat_id=chat.id,
            from_bot=False,
            from_id=user.id,
            text=text,
            html=None,
            date=self._now(),
            entities=tuple(entities),
            reply_to=reply_to,
        )
        payload = self._store_user_message(chat, user, message, body)
        self._queue_update("message", payload)
        return payload

    async def send_document(
        self,
        chat_id: int,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str,
        caption: str | None = None,
        *,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A user sends a file; queues a message update and returns the Message."""
        chat, user = self._sender(chat_id, user_id)
        if not content:
            raise ValueError("Telegram does not accept empty files")
        stored = self._store_file("documents", content, filename, mime_type)
        body: JsonDict = {"document": _document_object(stored)}
        entities: list[JsonDict] = []
        if caption:
            body["caption"] = caption
            entities = _user_entities(caption)
            if entities:
                body["caption_entities"] = entities
        message = SentMessage(
            message_id=0,
            chat_id=chat.id,
            from_bot=False,
            from_id=user.id,
            text=caption or "",
            html=None,
            date=self._now(),
            kind="document",
            entities=tuple(entities),
            reply_to=reply_to,
            document_name=filename,
            mime_type=mime_type,
            file_id=stored.file_id,
        )
        payload = self._store_user_message(chat, user, message, body)
        self._queue_update("message", payload)
        return payload

    async def send_document_without_size(
        self,
        chat_id: int,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str,
        caption: str | None = None,
    ) -> JsonDict:
        """Like :meth:`send_document`, but neither the update nor getFile tells the file's
        size (Telegram's ``file_size`` is optional)."""
        # send_document queues the update without yielding: nobody has read it yet.
        payload = await self.send_document(chat_id, user_id, filename, content, mime_type, caption)
        document = payload["document"]
        stored = replace(self._files[document["file_id"]], size_known=False)
        self._files[stored.file_id] = self._files_by_path[stored.file_path] = stored
        del document["file_size"]
        return payload

    async def edit_user_message(
        self, chat_id: int, user_id: int, message_id: int, text: str
    ) -> JsonDict:
        """A user edits the text of their message ``message_id``: Telegram sends an
        ``edited_message`` update carrying the whole message with its new text."""
        record = self._records.get(chat_id, {}).get(message_id)
        if record is None or record.message.from_bot or record.message.from_id != user_id:
            raise ValueError(f"user {user_id} wrote no message {message_id} in chat {chat_id}")
        if record.message.kind != "text" or not text.strip():
            raise ValueError("only a text message can get a new, non-empty text")
        entities = _user_entities(text)
        edited = replace(
            record.message,
            text=text,
            entities=tuple(entities),
            edited=True,
            edit_date=self._now(),
        )
        payload = {k: v for k, v in record.payload.items() if k != "entities"}
        payload["text"] = text
        if entities:
            payload["entities"] = entities
        payload["edit_date"] = edited.edit_date
        record.message, record.payload = edited, payload
        self._queue_update("edited_message", payload)
        return payload

    async def click(self, chat_id: int, user_id: int, message_id: int, callback_data: str) -> str:
        """A user presses an inline button of a bot message; returns the callback_query id."""
        chat, _ = self._sender(chat_id, user_id)
        record = self._records.get(chat.id, {}).get(message_id)
        if record is None or not record.message.from_bot:
            raise ValueError(f"no bot message {message_id} in chat {chat_id}")
        offered = [b.get("callback_data") for b in record.message.buttons]
        if callback_data not in offered:
            raise ValueError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"it offers {offered}"
            )
        return await self.click_forged(chat_id, user_id, message_id, callback_data)

    async def click_forged(
        self, chat_id: int, user_id: int, message_id: int, callback_data: str
    ) -> str:
        """A modified client sends ``callback_data`` for a bot message that may never have
        offered it (any string Telegram would carry: 1-64 bytes)."""
        chat, user = self._sender(chat_id, user_id)
        record = self._records.get(chat.id, {}).get(message_id)
        if record is None or not record.message.from_bot:
            raise ValueError(f"no bot message {message_id} in chat {chat_id}")
        query_id = str(4_000_000_000_000_000_000 + self._next_counter())
        self._queries[query_id] = _Query(query_id, chat.id, message_id)
        self._queue_update(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "message": record.payload,
                "chat_instance": str(abs(hash((self.bot_id, chat.id)))),
                "data": callback_data,
            },
        )
        return query_id

    # -------------------------------------------------------------- inspection

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

    async def wait_for_bot_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
        after_message_id: int | None = None,
    ) -> SentMessage:
        """Wait for a bot message in the chat that is new: sent or edited after this call
        started, or (with ``after_message_id``) already there with a higher message id."""
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

    # -------------------------------------------------------- failure injection

    def fail_next(
        self,
        method: str,
        chat_id: int | None = None,
        *,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``chat_id``, or any) with an error."""
        parameters: JsonDict = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        error = ApiError(error_code, description, parameters or None)
        self._failures.append(_Failure(method.lower(), chat_id, error, times))

    def block(self, chat_id: int) -> None:
        """The user blocks the bot: sends answer 403 until unblock()."""
        chat = self.chat(chat_id)
        if chat.type != "private":
            raise ValueError("only users (private chats) can block the bot")
        chat.blocked = True

    def unblock(self, chat_id: int) -> None:
        self.chat(chat_id).blocked = False

    def kick_bot(self, chat_id: int) -> None:
        """The bot is removed from a group: sends answer 403."""
        self._group(chat_id).kicked = True

    def delete_chat(self, chat_id: int) -> None:
        """The chat disappears (deleted account / group): 400 chat not found."""
        self.chat(chat_id).deleted = True

    def migrate(self, chat_id: int, new_chat_id: int) -> SimChat:
        """The group becomes a supergroup with a new id. Like Telegram, this queues the two
        service messages (migrate_to_chat_id in the old chat, migrate_from_chat_id in the new
        one) and makes sends to the old id fail with parameters.migrate_to_chat_id."""
        old = self._group(chat_id)
        if old.type != "group":
            raise ValueError("only basic groups are upgraded to supergroups")
        new = self.add_group(new_chat_id, old.title or "", [], username=old.username)
        new.type = "supergroup"
        new.members = set(old.members)
        old.migrated_to = new_chat_id
        by = self._users[min(old.members)] if old.members else None
        if by is not None:
            for chat, body in (
                (old, {"migrate_to_chat_id": new_chat_id}),
                (new, {"migrate_from_chat_id": chat_id}),
            ):
                message = SentMessage(
                    message_id=0,
                    chat_id=chat.id,
                    from_bot=False,
                    from_id=by.id,
                    text="",
                    html=None,
                    date=self._now(),
                    kind="service",
                )
                self._queue_update("message", self._store_user_message(chat, by, message, body))
        return new

    def add_fault(self, fault: Fault) -> Fault:
        """Inject trouble (see ``botapi_emulator.faults``); returns it for its counters."""
        self.faults.append(fault)
        return fault

    def flood_control(self, limits: FloodLimits | None = TELEGRAM_LIMITS) -> FloodControl | None:
        """Turn Telegram-like flood limits on (or off with None); returns the counters."""
        self.flood = FloodControl(limits) if limits is not None else None
        return self.flood

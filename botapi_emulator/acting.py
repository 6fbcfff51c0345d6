"""Simulated users acting: users and groups, messages and files sent, edits, button presses."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from botapi_emulator.objects import JsonDict, SentMessage, SimChat, SimUser, _Query
from botapi_emulator.params import _document_object, _user_entities
from botapi_emulator.state import EmulatorState


class UserActions(EmulatorState):
    """What simulated users do in the chats they share with the bot."""

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

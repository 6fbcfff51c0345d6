"""The emulator's simulated world and the internals every part of it shares."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any, Literal

from aiohttp import web

from botapi_emulator.faults import (
    Fault,
    FloodControl,
)
from botapi_emulator.html import FormattedText
from botapi_emulator.objects import (
    FIRST_UPDATE_ID,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
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
    _Record,
    _Upload,
)
from botapi_emulator.params import _bool, _format, _inline, _int, _reply_markup, _scope_key, _str

_COMMAND_SCOPES = frozenset(
    [
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    ]
)
_CHAT_SCOPES = frozenset({"chat", "chat_administrators", "chat_member"})
# Message fields _payload() derives from a SentMessage; an edit rebuilds them.
_DERIVED_FIELDS = frozenset(
    {"message_id", "from", "chat", "date", "reply_to_message", "text", "entities", "caption"}
    | {"caption_entities", "reply_markup", "edit_date"}
)
# Update types Telegram leaves out unless allowed_updates asks for them explicitly.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


_Handler = Callable[[JsonDict, dict[str, _Upload]], Awaitable[Any]]


class EmulatorState:
    """Users, chats, messages, files and updates, and the helpers that change them."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str = "hanchot_bot",
        bot_id: int = 7000000001,
        bot_first_name: str = "Hạn chót",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.bot_first_name = bot_first_name
        self._clock = clock
        self.base_url = ""
        self.calls: list[ApiCall] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.updates: list[JsonDict] = []  # every update ever queued, confirmed or not
        self._pending: list[JsonDict] = []
        self._next_update_id = FIRST_UPDATE_ID
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._polls_waiting = 0
        self._users: dict[int, SimUser] = {}
        self._chats: dict[int, SimChat] = {}
        self._records: dict[int, dict[int, _Record]] = {}
        self._revision = 0
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._queries: dict[str, _Query] = {}
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._failures: list[_Failure] = []
        self.faults: list[Fault] = []
        self.flood: FloodControl | None = None
        self._listeners: list[Callable[[SentMessage], None]] = []
        self._counter = 0
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        from botapi_emulator.webhook import WebhookDelivery

        self.webhook = WebhookDelivery(self)
        """setWebhook and the updates posted to it (``botapi_emulator.webhook``)."""

    # --------------------------------------------------------------- internals

    def _now(self) -> int:
        return int(self._clock())

    def _next_counter(self) -> int:
        self._counter += 1
        return self._counter

    def _notify(self) -> None:
        """Wake every waiter (long polls, wait_for*); they re-check their condition."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _bot_user(self) -> JsonDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def chat(self, chat_id: int) -> SimChat:
        try:
            return self._chats[chat_id]
        except KeyError:
            raise ValueError(f"unknown chat {chat_id}") from None

    def _user(self, user_id: int) -> SimUser:
        try:
            return self._users[user_id]
        except KeyError:
            raise ValueError(f"unknown user {user_id}; add_user first") from None

    def _group(self, chat_id: int) -> SimChat:
        chat = self.chat(chat_id)
        if chat.type == "private":
            raise ValueError(f"chat {chat_id} is a private chat, not a group")
        return chat

    def _sender(self, chat_id: int, user_id: int) -> tuple[SimChat, SimUser]:
        chat, user = self.chat(chat_id), self._user(user_id)
        if user_id not in chat.members:
            raise ValueError(f"user {user_id} is not a member of chat {chat_id}")
        if chat.migrated_to is not None:
            raise ValueError(f"chat {chat_id} was migrated to {chat.migrated_to}")
        return chat, user

    def _chat_by_username(self, value: str) -> SimChat | None:
        # Bots can address public groups by @username, never users.
        wanted = value.removeprefix("@").lower()
        for chat in self._chats.values():
            if chat.type != "private" and chat.username and chat.username.lower() == wanted:
                return chat
        return None

    def _target_chat(self, params: JsonDict, *, sending: bool = True) -> SimChat:
        value = params.get("chat_id")
        if value is None or value == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        chat: SimChat | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            chat = self._chats.get(value)
        elif isinstance(value, str) and value.startswith("@"):
            chat = self._chat_by_username(value)
        if chat is None or chat.deleted:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.kicked:
            kind = "group chat" if chat.type == "group" else "supergroup chat"
            verb = "was kicked from" if sending else "is not a member of"
            raise ApiError(403, f"Forbidden: bot {verb} the {kind}")
        if sending and chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if sending and chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _message_text(self, params: JsonDict) -> tuple[FormattedText, str, str | None]:
        source = _str(params, "text")
        if not source:
            raise ApiError(400, "Bad Request: message text is empty")
        formatted, parse_mode = _format(source, params, "entities")
        if not formatted.text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(formatted.text) > MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        return formatted, source, parse_mode

    def _reply_target(self, chat: SimChat, params: JsonDict) -> int | None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply", False),
            }
        if reply is None:
            return None
        if not isinstance(reply, dict) or not isinstance(reply.get("message_id"), int):
            raise ApiError(400, "Bad Request: can't parse reply parameters JSON object")
        reply_chat = reply.get("chat_id", chat.id)
        if reply_chat == chat.id and reply["message_id"] in self._records.get(chat.id, {}):
            return int(reply["message_id"])
        if reply.get("allow_sending_without_reply"):
            return None
        raise ApiError(400, "Bad Request: message to be replied not found")

    def _editable(self, params: JsonDict) -> tuple[SimChat, _Record]:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        chat = self._target_chat(params)
        message_id = _int(params, "message_id", missing="message identifier is not specified")
        record = self._records.get(chat.id, {}).get(message_id or 0)
        if record is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not record.message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat, record

    def _send_file(
        self,
        chat: SimChat,
        params: JsonDict,
        stored: StoredFile,
        kind: Literal["document", "photo"],
        body: JsonDict,
    ) -> JsonDict:
        caption = _str(params, "caption")
        formatted, parse_mode = FormattedText(""), None
        if caption:
            formatted, parse_mode = _format(caption, params, "caption_entities")
            if len(formatted.text) > MAX_CAPTION_LENGTH:
                raise ApiError(400, "Bad Request: message caption is too long")
        markup = _reply_markup(params)
        reply_to = self._reply_target(chat, params)
        message = SentMessage(
            message_id=0,
            chat_id=chat.id,
            from_bot=True,
            from_id=self.bot_id,
            text=formatted.text,
            html=caption,
            date=self._now(),
            kind=kind,
            parse_mode=parse_mode,
            entities=formatted.entities,
            reply_markup=markup,
            reply_to=reply_to,
            disable_notification=_bool(params, "disable_notification"),
            document_name=stored.file_name,
            mime_type=stored.mime_type,
            file_id=stored.file_id,
        )
        return self._store_bot_message(chat, message, body)

    def _input_file(
        self, params: JsonDict, uploads: dict[str, _Upload], field_name: str, folder: str
    ) -> StoredFile:
        """An uploaded part, an attach://name reference or the file_id of a known file."""
        upload = uploads.get(field_name)
        value = params.get(field_name)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = uploads.get(value.removeprefix("attach://"))
        if upload is not None:
            if not upload.data:
                raise ApiError(400, "Bad Request: file must be non-empty")
            return self._store_file(folder, upload.data, upload.filename, upload.content_type)
        if not isinstance(value, str) or not value:
            raise ApiError(400, f"Bad Request: there is no {field_name} in the request")
        if value.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: failed to get HTTP URL content")
        stored = self._files.get(value)
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return stored

    def _store_file(
        self, folder: str, data: bytes, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = self._next_counter()
        prefix = "AgACAgUAAxkBAAI" if folder == "photos" else "BQACAgUAAxkBAAI"
        suffix = PurePosixPath(file_name).suffix if file_name else ""
        if folder == "photos":
            suffix = ".jpg"
        stored = StoredFile(
            file_id=f"{prefix}{number:08d}",
            file_unique_id=f"AgAD{number:08d}",
            file_path=f"{folder}/file_{number}{suffix}",
            data=bytes(data),
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _payload(
        self, chat: SimChat, message: SentMessage, sender: JsonDict, body: JsonDict
    ) -> JsonDict:
        payload: JsonDict = {
            "message_id": message.message_id,
            "from": sender,
            "chat": chat.to_api(),
            "date": message.date,
        }
        if message.reply_to is not None:
            replied = self._records.get(chat.id, {}).get(message.reply_to)
            if replied is not None:
                # Telegram does not nest replies any deeper than one level.
                nested = {k: v for k, v in replied.payload.items() if k != "reply_to_message"}
                payload["reply_to_message"] = nested
        payload.update(body)
        if message.kind == "text" and message.entities:
            payload["entities"] = [dict(e) for e in message.entities]
        elif message.kind in ("document", "photo") and message.from_bot and message.text:
            payload["caption"] = message.text
            if message.entities:
                payload["caption_entities"] = [dict(e) for e in message.entities]
        if message.from_bot:
            inline = _inline(message.reply_markup)
            if inline is not None:
                payload["reply_markup"] = inline
            if message.edit_date is not None:
                payload["edit_date"] = message.edit_date
        return payload

    def _store_user_message(
        self, chat: SimChat, user: SimUser, message: SentMessage, body: JsonDict
    ) -> JsonDict:
        chat.last_message_id += 1
        message = replace(message, message_id=chat.last_message_id)
        body = {k: v for k, v in body.items() if k != "entities"}
        payload = self._payload(chat, message, user.to_api(), body)
        self._records.setdefault(chat.id, {})[message.message_id] = _Record(
            message, payload, self._revision
        )
        self._notify()
        return payload

    def _store_bot_message(self, chat: SimChat, message: SentMessage, body: JsonDict) -> JsonDict:
        chat.last_message_id += 1
        message = replace(message, message_id=chat.last_message_id)
        payload = self._payload(chat, message, self._bot_user(), body)
        self._revision += 1
        self._records.setdefault(chat.id, {})[message.message_id] = _Record(
            message, payload, self._revision
        )
        self._announce(message)
        return payload

    def _apply_edit(self, chat: SimChat, record: _Record, edited: SentMessage) -> JsonDict:
        edited = replace(edited, edited=True, edit_date=self._now())
        body = {k: v for k, v in record.payload.items() if k not in _DERIVED_FIELDS}
        if edited.kind == "text":
            body["text"] = edited.text
        record.payload = self._payload(chat, edited, self._bot_user(), body)
        record.message = edited
        self._revision += 1
        record.revision = self._revision
        self._announce(edited)
        return record.payload

    def _announce(self, message: SentMessage) -> None:
        for listener in self._listeners:
            listener(message)
        self._notify()

    def _queue_update(self, kind: str, obj: JsonDict) -> JsonDict:
        update = {"update_id": self._next_update_id, kind: obj}
        self._next_update_id += 1
        self.updates.append(update)
        self._pending.append(update)
        self._notify()
        return update

    def _confirm(self, offset: int | None) -> None:
        """Drop what the offset confirms: ids below it, or all but the last -offset."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self._notify()

    def _deliverable(self, limit: int) -> list[JsonDict]:
        # Updates of types the bot did not ask for are dropped, as Telegram never sends them.
        self._pending = [u for u in self._pending if self._wanted(u)]
        return self._pending[:limit]

    def _wanted(self, update: JsonDict) -> bool:
        kind = next(k for k in update if k != "update_id")
        if not self._allowed_updates:
            return kind not in _OPT_IN_UPDATES
        return kind in self._allowed_updates

    def _command_key(self, params: JsonDict) -> tuple[str, str]:
        scope = params.get("scope")
        if scope is not None:
            if not isinstance(scope, dict) or scope.get("type") not in _COMMAND_SCOPES:
                raise ApiError(400, "Bad Request: can't parse bot command scope JSON object")
            if scope["type"] in _CHAT_SCOPES:
                scope = {**scope, "chat_id": self._target_chat(scope, sending=False).id}
        language = _str(params, "language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise ApiError(400, "Bad Request: LANG_CODE_INVALID")
        return _scope_key(scope, language)

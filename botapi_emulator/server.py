"""A local Telegram Bot API server for tests and the offline demo.

Telegram cannot be reached from development and CI machines, so the bot talks real HTTP
to this emulator instead. It answers like the real (and the self-hosted) Bot API server,
so the product code and python-telegram-bot run unchanged against it.

URL layout (identical to ``api.telegram.org``)::

    GET|POST {base}/bot<token>/<method>      method call; query string, form, multipart or JSON
    GET      {base}/file/bot<token>/<path>   download of a file reported by getFile

Every answer is ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N,
"description": "...", "parameters": {...}}`` with the HTTP status equal to ``error_code``.
A wrong token is 401 ``Unauthorized``; an unknown method is 404 ``Not Found: method not
found``. Method names are case-insensitive, as on Telegram.

Implemented methods: getMe, getUpdates (long poll; a newer poll terminates a waiting one
with 409 Conflict), deleteWebhook, getWebhookInfo, sendMessage, editMessageText,
editMessageReplyMarkup, deleteMessage, answerCallbackQuery, setMyCommands, getMyCommands,
deleteMyCommands, sendDocument, sendPhoto, getFile, sendChatAction, getChat, close, logOut.
``parse_mode`` may be HTML (validated like Telegram, see :mod:`botapi_emulator.html`) or
absent; other parse modes are rejected with 400 so nothing unverified reaches production.

Control API for tests (same asyncio loop as the bot; nothing here blocks)::

    emu = BotApiEmulator(token)                 # or: async with BotApiEmulator(token) as emu
    base = await emu.start()                    # "http://127.0.0.1:PORT"; port 0 = any free port
    emu.add_user(user_id, first_name, username=None) -> SimUser   # + private chat, id == user id
    emu.add_group(chat_id, title, members, username=None, supergroup=None) -> SimChat
    emu.add_member(chat_id, user_id)
    await emu.send_text(chat_id, user_id, text, reply_to=None) -> dict       # queues an update
    await emu.send_document(chat_id, user_id, filename, content, mime_type, caption=None) -> dict
    await emu.click(chat_id, user_id, message_id, callback_data) -> str    # callback_query id
    emu.messages(chat_id) / emu.bot_messages(chat_id) -> list[SentMessage]
    await emu.wait_for_bot_message(chat_id, predicate=None, timeout=10, after_message_id=None)
    await emu.wait_for_callback_answer(query_id, timeout=10) -> CallbackAnswer
    await emu.wait_for_call(method, predicate=None, timeout=10) -> ApiCall
    await emu.wait_for(condition, timeout=10)    # any condition, re-checked on every change
    emu.calls, emu.callback_answers, emu.updates, emu.pending_updates, emu.long_poll_waiting
    emu.commands(scope=None, language_code=""), emu.file(file_id) -> StoredFile
    emu.on_bot_message(listener)                # called for every bot send and edit
    emu.fail_next(method, chat_id, error_code=..., description=..., retry_after=...,
                  migrate_to_chat_id=..., times=1)
    emu.block(chat_id) / emu.unblock(chat_id)   # 403 bot was blocked by the user
    emu.kick_bot(chat_id)                       # 403 bot was kicked from the group chat
    emu.delete_chat(chat_id)                    # 400 chat not found
    emu.migrate(chat_id, new_chat_id)           # 400 group chat was upgraded, migrate_to_chat_id
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any, Literal, NamedTuple, TypeVar

from aiohttp import web

from botapi_emulator.faults import (
    COUNTED_METHODS,
    TELEGRAM_LIMITS,
    Fault,
    FloodControl,
    FloodLimits,
)
from botapi_emulator.html import EntityParseError, FormattedText, parse_html, utf16_len

__all__ = [
    "ApiCall",
    "BotApiEmulator",
    "CallbackAnswer",
    "SentMessage",
    "SimChat",
    "SimUser",
    "StoredFile",
]

_log = logging.getLogger(__name__)

JsonDict = dict[str, Any]
_T = TypeVar("_T")

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # bots may upload up to 50 MB
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # and download (getFile) up to 20 MB
FIRST_UPDATE_ID = 100_000_001

_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_ROWS_NOT_ARRAY = 'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'
_TEXT_NOT_STRING = 'Field "text" must be of type String'
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
_BUTTON_ACTIONS = frozenset(
    [
        "callback_data",
        "url",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    ]
)
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

# Form bodies carry every value as a string (python-telegram-bot JSON-encodes non-strings
# into form fields); these tables say how to read them back, so form and JSON bodies
# reach the handlers in the same shape.
_JSON_FIELDS = {
    "reply_markup": "reply keyboard markup",
    "reply_parameters": "reply parameters",
    "link_preview_options": "link preview options",
    "commands": "bot commands",
    "scope": "bot command scope",
    "allowed_updates": "allowed updates",
    "entities": "message entities",
    "caption_entities": "caption entities",
}
_INT_FIELDS = frozenset(
    [
        "message_id",
        "reply_to_message_id",
        "offset",
        "limit",
        "user_id",
        "message_thread_id",
        "cache_time",
        "from_chat_id",
    ]
)
_NUMBER_FIELDS = frozenset({"timeout"})
_BOOL_FIELDS = frozenset(
    [
        "disable_notification",
        "protect_content",
        "allow_paid_broadcast",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "has_spoiler",
        "show_caption_above_media",
    ]
)

_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,32})?(?![A-Za-z0-9_@/])")
_MENTION_RE = re.compile(r"(?<![A-Za-z0-9_@/])@[A-Za-z0-9_]{4,32}(?![A-Za-z0-9_@])")
_BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


class ApiError(Exception):
    """A Bot API error answer: the HTTP status is ``error_code``."""

    def __init__(self, error_code: int, description: str, parameters: JsonDict | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def body(self) -> JsonDict:
        body: JsonDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass(frozen=True)
class SimUser:
    """A simulated Telegram user who can write to the bot."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str = "vi"

    def to_api(self) -> JsonDict:
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        user["language_code"] = self.language_code
        return user


@dataclass
class SimChat:
    """A simulated chat and the states the failure-injection API can put it in."""

    id: int
    type: Literal["private", "group", "supergroup"]
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    members: set[int] = field(default_factory=set)
    blocked: bool = False
    kicked: bool = False
    deleted: bool = False
    migrated_to: int | None = None
    last_message_id: int = 0

    def to_api(self) -> JsonDict:
        chat: JsonDict = {"id": self.id}
        if self.type == "private":
            chat["first_name"] = self.first_name
            if self.last_name:
                chat["last_name"] = self.last_name
        else:
            chat["title"] = self.title
        if self.username:
            chat["username"] = self.username
        chat["type"] = self.type
        return chat


@dataclass(frozen=True)
class SentMessage:
    """One message as the chat shows it now (bot or user, text, document or photo).

    ``text`` is what a user reads: tags stripped, entities decoded (the caption for files).
    ``html`` is the source the bot sent (with ``parse_mode`` telling how it was read);
    it is None for user messages.
    """

    message_id: int
    chat_id: int
    from_bot: bool
    from_id: int
    text: str
    html: str | None
    date: int
    kind: Literal["text", "document", "photo", "service"] = "text"
    parse_mode: str | None = None
    entities: tuple[JsonDict, ...] = ()
    reply_markup: JsonDict | None = None
    reply_to: int | None = None
    edited: bool = False
    edit_date: int | None = None
    disable_notification: bool = False
    document_name: str | None = None
    mime_type: str | None = None
    file_id: str | None = None

    @property
    def buttons(self) -> list[JsonDict]:
        """The inline keyboard's buttons, row by row, flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass(frozen=True)
class CallbackAnswer:
    """An answerCallbackQuery the bot made."""

    id: str
    text: str | None
    show_alert: bool
    url: str | None = None
    cache_time: int | None = None


class ApiCall(NamedTuple):
    """A received method call; params are decoded (ints, bools, JSON objects)."""

    method: str
    params: JsonDict


@dataclass(frozen=True)
class StoredFile:
    """A file uploaded by a user or by the bot, downloadable at ``file_path``."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None
    mime_type: str | None
    size_known: bool = True
    """False: updates and getFile leave ``file_size`` out (Telegram may)."""


@dataclass(frozen=True)
class _Upload:
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class _Record:
    message: SentMessage
    payload: JsonDict  # the Message object as the API returns it
    revision: int  # bumps on every bot send/edit, so waiters can tell what is new


@dataclass
class _Failure:
    method: str
    chat_id: int | None
    error: ApiError
    remaining: int


@dataclass
class _Query:
    id: str
    chat_id: int
    message_id: int
    answered: bool = False


_Handler = Callable[[JsonDict, dict[str, _Upload]], Awaitable[Any]]


class BotApiEmulator:
    """In-process Telegram Bot API server with simulated users, chats and failures."""

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
        self._methods: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "getFile": self._get_file,
                "sendChatAction": self._send_chat_action,
                "getChat": self._get_chat,
                "close": self._return_true,
                "logOut": self._return_true,
            }.items()
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def api_base_url(self) -> str:
        """What PTB wants as ``base_url`` (the token is appended to it)."""
        return f"{self.base_url}/bot"

    @property
    def file_base_url(self) -> str:
        """What PTB wants as ``base_file_url``."""
        return f"{self.base_url}/file/bot"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on host:port (0 = a free port) and return the base URL."""
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        # A stopping emulator ends its long polls itself, so a short grace period is enough.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = int(self._runner.addresses[0][1])
        self._closing = False
        self.base_url = f"http://{host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        """End waiting long polls (they answer []) and shut the server down."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

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

    def chat(self, chat_id: int) -> SimChat:
        try:
            return self._chats[chat_id]
        except KeyError:
            raise ValueError(f"unknown chat {chat_id}") from None

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

    # ------------------------------------------------------------------ HTTP

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _reply(ApiError(401, "Unauthorized"))
        requested = request.match_info["method"]
        name, handler = self._methods.get(requested.lower(), (requested, None))
        try:
            raw, uploads = await _read_params(request)
        except ApiError as error:
            return _reply(error)
        try:
            params = _decode_params(raw)
        except ApiError as error:
            self._record_call(name, raw, uploads)
            return _reply(error)
        self._record_call(name, params, uploads)
        if handler is None:
            return _reply(ApiError(404, "Not Found: method not found"))
        try:
            faults = self._striking_faults(name, params)
            for fault in faults:
                if fault.delay_before:
                    await asyncio.sleep(fault.delay_before)
                    if request.transport is None or request.transport.is_closing():
                        return web.Response(status=499)  # the client gave up: nothing taken
            for fault in faults:
                if fault.error_code:
                    parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
                    raise ApiError(fault.error_code, fault.description, parameters)
            self._raise_injected_failure(name, params)
            self._check_flood(name, params)
            result = await handler(params, uploads)
            for fault in faults:
                if fault.delay_after:
                    await asyncio.sleep(fault.delay_after)
        except ApiError as error:
            _log.debug("%s -> %s %s", name, error.error_code, error.description)
            return _reply(error)
        except Exception as exc:
            # A bug here must not look like a network failure to the bot under test.
            _log.exception("emulator failed on %s", name)
            return _reply(ApiError(500, f"Internal Server Error: emulator failed: {exc!r}"))
        return _reply_ok(result)

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self._files_by_path.get(request.match_info["file_path"])
        if request.match_info["token"] != self.token or stored is None:
            return _reply(ApiError(404, "Not Found"))
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    def _record_call(self, method: str, params: JsonDict, uploads: dict[str, _Upload]) -> None:
        recorded = dict(params)
        for name, upload in uploads.items():
            recorded[name] = {
                "filename": upload.filename,
                "mime_type": upload.content_type,
                "size": len(upload.data),
            }
        self.calls.append(ApiCall(method, recorded))
        self._notify()

    def _raise_injected_failure(self, method: str, params: JsonDict) -> None:
        chat_id = self._call_chat_id(params)
        for failure in self._failures:
            if failure.method == method.lower() and failure.chat_id in (None, chat_id):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                raise failure.error

    def add_fault(self, fault: Fault) -> Fault:
        """Inject trouble (see ``botapi_emulator.faults``); returns it for its counters."""
        self.faults.append(fault)
        return fault

    def flood_control(self, limits: FloodLimits | None = TELEGRAM_LIMITS) -> FloodControl | None:
        """Turn Telegram-like flood limits on (or off with None); returns the counters."""
        self.flood = FloodControl(limits) if limits is not None else None
        return self.flood

    def _striking_faults(self, method: str, params: JsonDict) -> list[Fault]:
        chat_id = self._call_chat_id(params)
        return [f for f in self.faults if f.matches(method, chat_id) and f.strikes()]

    def _check_flood(self, method: str, params: JsonDict) -> None:
        chat_id = self._call_chat_id(params)
        if self.flood is None or chat_id is None or method.lower() not in COUNTED_METHODS:
            return
        wait = self.flood.check(chat_id)
        if wait is not None:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def _call_chat_id(self, params: JsonDict) -> int | None:
        value = params.get("chat_id")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            chat = self._chat_by_username(value)
            return chat.id if chat else None
        return None

    # ------------------------------------------------------------ API methods

    async def _return_true(self, params: JsonDict, uploads: dict[str, _Upload]) -> bool:
        return True

    async def _get_me(self, params: JsonDict, uploads: dict[str, _Upload]) -> JsonDict:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _delete_webhook(self, params: JsonDict, uploads: dict[str, _Upload]) -> bool:
        if _bool(params, "drop_pending_updates"):
            self._pending.clear()
            self._notify()
        return True

    async def _get_webhook_info(self, params: JsonDict, uploads: dict[str, _Upload]) -> JsonDict:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    async def _get_updates(self, params: JsonDict, uploads: dict[str, _Upload]) -> list[JsonDict]:
        offset = _int(params, "offset")
        limit = min(max(_int(params, "limit") or 100, 1), 100)
        timeout = params.get("timeout") or 0
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise ApiError(400, 'Bad Request: field "timeout" must be a Number')
        allowed = params.get("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
                raise ApiError(400, "Bad Request: can't parse allowed updates JSON object")
            self._allowed_updates = allowed
        self._confirm(offset)
        # Like Telegram, a new poll ends the one still waiting (that one answers 409).
        self._poll_generation += 1
        generation = self._poll_generation
        self._polls_waiting += 1
        self._notify()  # wakes an older waiting poll, which then answers 409
        try:
            async with asyncio.timeout(max(float(timeout), 0.0)):
                while True:
                    if self._closing:
                        return []
                    if generation != self._poll_generation:
                        raise ApiError(409, _CONFLICT)
                    ready = self._deliverable(limit)
                    if ready:
                        return ready
                    await self._changed.wait()
        except TimeoutError:
            return []
        finally:
            self._polls_waiting -= 1

    async def _send_message(self, params: JsonDict, uploads: dict[str, _Upload]) -> JsonDict:
        chat = self._target_chat(params)
        formatted, source, parse_mode = self._message_text(params)
        markup = _reply_markup(params)
        reply_to = self._reply_target(chat, params)
        body: JsonDict = {"text": formatted.text}
        message = SentMessage(
            message_id=0,
            chat_id=chat.id,
            from_bot=True,
            from_id=self.bot_id,
            text=formatted.text,
            html=source,
            date=self._now(),
            parse_mode=parse_mode,
            entities=formatted.entities,
            reply_markup=markup,
            reply_to=reply_to,
            disable_notification=_bool(params, "disable_notification"),
        )
        return self._store_bot_message(chat, message, body)

    async def _edit_message_text(self, params: JsonDict, uploads: dict[str, _Upload]) -> JsonDict:
        chat, record = self._editable(params)
        if record.message.kind != "text":
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        formatted, source, parse_mode = self._message_text(params)
        markup = _reply_markup(params)
        old = record.message
        if (
            formatted.text == old.text
            and formatted.entities == old.entities
            and _inline(markup) == _inline(old.reply_markup)
        ):
            raise ApiError(400, _NOT_MODIFIED)
        edited = replace(
            old,
            text=formatted.text,
            html=source,
            parse_mode=parse_mode,
            entities=formatted.entities,
            reply_markup=markup,
        )
        return self._apply_edit(chat, record, edited)

    async def _edit_message_reply_markup(
        self, params: JsonDict, uploads: dict[str, _Upload]
    ) -> JsonDict:
        chat, record = self._editable(params)
        markup = _reply_markup(params)
        if _inline(markup) == _inline(record.message.reply_markup):
            raise ApiError(400, _NOT_MODIFIED)
        return self._apply_edit(chat, record, replace(record.message, reply_markup=markup))

    async def _delete_message(self, params: JsonDict, uploads: dict[str, _Upload]) -> bool:
        chat = self._target_chat(params)
        message_id = _int(params, "message_id", missing="message identifier is not specified")
        records = self._records.get(chat.id, {})
        if message_id not in records:
            raise ApiError(400, "Bad Request: message to delete not found")
        del records[message_id]
        self._notify()
        return True

    async def _answer_callback_query(self, params: JsonDict, uploads: dict[str, _Upload]) -> bool:
        query_id = params.get("callback_query_id")
        query = self._queries.get(str(query_id)) if query_id is not None else None
        if query is None or query.answered:
            raise ApiError(400, _QUERY_INVALID)
        text = _str(params, "text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query.answered = True
        self.callback_answers.append(
            CallbackAnswer(
                id=query.id,
                text=text,
                show_alert=_bool(params, "show_alert"),
                url=_str(params, "url"),
                cache_time=_int(params, "cache_time"),
            )
        )
        self._notify()
        return True

    async def _set_my_commands(self, params: JsonDict, uploads: dict[str, _Upload]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse bot commands JSON object")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        cleaned: list[JsonDict] = []
        for command in commands:
            if not isinstance(command, dict):
                raise ApiError(400, "Bad Request: can't parse BotCommand")
            name, description = command.get("command"), command.get("description")
            if not isinstance(name, str) or not _BOT_COMMAND_RE.fullmatch(name.lstrip("/")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name.lstrip("/"), "description": description})
        key = self._command_key(params)
        if cleaned:
            self._commands[key] = cleaned
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(
        self, params: JsonDict, uploads: dict[str, _Upload]
    ) -> list[JsonDict]:
        return list(self._commands.get(self._command_key(params), []))

    async def _delete_my_commands(self, params: JsonDict, uploads: dict[str, _Upload]) -> bool:
        self._commands.pop(self._command_key(params), None)
        return True

    async def _send_document(self, params: JsonDict, uploads: dict[str, _Upload]) -> JsonDict:
        chat = self._target_chat(params)
        stored = self._input_file(params, uploads, "document", "documents")
        return self._send_file(
            chat, params, stored, "document", {"document": _document_object(stored)}
        )

    async def _send_photo(self, params: JsonDict, uploads: dict[str, _Upload]) -> JsonDict:
        chat = self._target_chat(params)
        stored = self._input_file(params, uploads, "photo", "photos")
        size = _image_size(stored.data)
        if size is None:
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        photo = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "width": size[0],
            "height": size[1],
        }
        return self._send_file(chat, params, stored, "photo", {"photo": [photo]})

    async def _get_file(self, params: JsonDict, uploads: dict[str, _Upload]) -> JsonDict:
        file_id = _str(params, "file_id")
        stored = self._files.get(file_id or "")
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise ApiError(400, "Bad Request: file is too big")
        result: JsonDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_path": stored.file_path,
        }
        if stored.size_known:
            result["file_size"] = len(stored.data)
        return result

    async def _send_chat_action(self, params: JsonDict, uploads: dict[str, _Upload]) -> bool:
        self._target_chat(params)
        if _str(params, "action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    async def _get_chat(self, params: JsonDict, uploads: dict[str, _Upload]) -> JsonDict:
        chat = self._target_chat(params, sending=False)
        return {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

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


# ------------------------------------------------------------- request decoding, formats


def _reply_ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


def _reply(error: ApiError) -> web.Response:
    return web.json_response(error.body(), status=error.error_code, dumps=_dumps)


_dumps = functools.partial(json.dumps, ensure_ascii=False)


async def _read_params(request: web.Request) -> tuple[JsonDict, dict[str, _Upload]]:
    """Query string plus body; the body may be a form, multipart (with files) or JSON."""
    params: JsonDict = dict(request.query)
    uploads: dict[str, _Upload] = {}
    if request.method != "POST" or not request.body_exists:
        return params, uploads
    try:
        if request.content_type == "application/json":
            try:
                body = json.loads(await request.text())
            except ValueError:
                body = None
            if not isinstance(body, dict):
                raise ApiError(400, "Bad Request: can't parse JSON encoded request")
            params.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    uploads[key] = _Upload(value.filename, value.content_type, data)
                elif isinstance(value, bytes | bytearray):
                    params[key] = bytes(value).decode("utf-8", "replace")
                else:
                    params[key] = value
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "Request Entity Too Large") from None
    return params, uploads


def _decode_params(raw: JsonDict) -> JsonDict:
    """Turn form strings into the types a JSON body would carry (see the field tables)."""
    params: JsonDict = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            params[key] = value
        elif key in _JSON_FIELDS:
            try:
                params[key] = json.loads(value)
            except ValueError:
                raise ApiError(
                    400, f"Bad Request: can't parse {_JSON_FIELDS[key]} JSON object"
                ) from None
        elif key == "chat_id":
            params[key] = _chat_id_value(value)
        elif key in _INT_FIELDS | _NUMBER_FIELDS:
            if value == "":
                continue
            try:
                number = float(value) if key in _NUMBER_FIELDS else int(value)
            except ValueError:
                raise ApiError(400, f'Bad Request: field "{key}" must be a Number') from None
            params[key] = int(number) if float(number).is_integer() else number
        elif key in _BOOL_FIELDS:
            lowered = value.strip().lower()
            if lowered not in ("true", "false", "1", "0", ""):
                raise ApiError(400, f'Bad Request: field "{key}" must be of type Boolean')
            params[key] = lowered in ("true", "1")
        else:
            params[key] = value
    return params


def _chat_id_value(value: str) -> int | str:
    try:
        return int(value)
    except ValueError:
        return value


def _int(params: JsonDict, name: str, *, missing: str | None = None) -> int | None:
    value = params.get(name)
    if value is None:
        if missing is not None:
            raise ApiError(400, f"Bad Request: {missing}")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, f'Bad Request: field "{name}" must be a Number')
    return value


def _str(params: JsonDict, name: str) -> str | None:
    value = params.get(name)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a JSON client may send e.g. text=42
    raise ApiError(400, f'Bad Request: field "{name}" must be a String')


def _bool(params: JsonDict, name: str) -> bool:
    value = params.get(name, False)
    if not isinstance(value, bool):
        raise ApiError(400, f'Bad Request: field "{name}" must be of type Boolean')
    return value


def _format(source: str, params: JsonDict, entities_field: str) -> tuple[FormattedText, str | None]:
    """Apply parse_mode (HTML or none) or explicit entities to text or a caption."""
    parse_mode = _str(params, "parse_mode") or None
    if parse_mode is None:
        entities = params.get(entities_field) or []
        if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
            raise ApiError(
                400, f"Bad Request: can't parse {_JSON_FIELDS[entities_field]} JSON object"
            )
        return FormattedText(source, tuple(entities)), None
    if parse_mode.lower() != "html":
        # Telegram knows Markdown too, but the emulator cannot vouch for it.
        raise ApiError(400, "Bad Request: unsupported parse_mode")
    try:
        return parse_html(source), parse_mode
    except EntityParseError as error:
        raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None


def _reply_markup(params: JsonDict) -> JsonDict | None:
    """Validate reply_markup like Telegram; None when absent."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        return markup
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, "Bad Request: can't parse inline keyboard button: " + _ROWS_NOT_ARRAY)
    if sum(len(row) for row in rows) > 100:
        raise ApiError(400, "Bad Request: reply markup is too long")
    for row in rows:
        for button in row:
            _check_button(button)
    return markup


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise ApiError(400, "Bad Request: can't parse inline keyboard button: " + _TEXT_NOT_STRING)
    actions = _BUTTON_ACTIONS & button.keys()
    if not actions:
        raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
    data = button.get("callback_data")
    if "callback_data" in actions and (
        not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in actions and not _plausible_url(url):
        raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


def _plausible_url(url: Any) -> bool:
    # Telegram accepts bare domains and tg:// links, but nothing with spaces or no host.
    if not isinstance(url, str) or not url or any(c.isspace() for c in url):
        return False
    return url.startswith("tg://") or "." in url


def _inline(markup: JsonDict | None) -> JsonDict | None:
    """The part of a markup the message carries: only inline keyboards are shown."""
    if markup is None or "inline_keyboard" not in markup:
        return None
    return {"inline_keyboard": markup["inline_keyboard"]}


def _user_entities(text: str) -> list[JsonDict]:
    """bot_command and mention entities, as Telegram adds them to what users type."""
    entities: list[JsonDict] = []
    for kind, pattern in (("bot_command", _COMMAND_RE), ("mention", _MENTION_RE)):
        for match in pattern.finditer(text):
            entities.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return sorted(entities, key=lambda e: e["offset"])


def _document_object(stored: StoredFile) -> JsonDict:
    document: JsonDict = {}
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    document.update(file_id=stored.file_id, file_unique_id=stored.file_unique_id)
    if stored.size_known:
        document["file_size"] = len(stored.data)
    return document


def _scope_key(scope: JsonDict | None, language_code: str) -> tuple[str, str]:
    return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code


def _image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG; None if it is not an image Telegram takes."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[i + 5 : i + 7], "big")
            width = int.from_bytes(data[i + 7 : i + 9], "big")
            return width, height
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return None

"""The objects the emulated Bot API deals in: users, chats, messages, files, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

JsonDict = dict[str, Any]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # bots may upload up to 50 MB
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # and download (getFile) up to 20 MB
FIRST_UPDATE_ID = 100_000_001

#: What a message is: the Message field that carries its content ("service": a service
#: message such as a migration).
MessageKind = Literal[
    "text",
    "document",
    "photo",
    "sticker",
    "voice",
    "video",
    "audio",
    "animation",
    "video_note",
    "location",
    "contact",
    "service",
]


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
    """One message as the chat shows it now (bot or user: text, a file, a photo, a sticker …).

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
    kind: MessageKind = "text"
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

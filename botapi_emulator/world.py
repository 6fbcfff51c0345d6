"""The emulator's simulated world: its users, chats, messages, files and updates, the
look-ups every part of it shares (chats, users, the bot, the chat a call targets) and the
queue of updates."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from aiohttp import web

from botapi_emulator.faults import (
    Fault,
    FloodControl,
)
from botapi_emulator.objects import (
    FIRST_UPDATE_ID,
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
)

# Update types Telegram leaves out unless allowed_updates asks for them explicitly.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class EmulatorWorld:
    """Users, chats, messages, files and updates, and the look-ups of them."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str = "hanchot_bot",
        bot_id: int = 7000000001,
        bot_first_name: str = "Hạn chót",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._token = token
        self._token_changes = 0
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

    @property
    def token(self) -> str:
        """The token the emulator accepts; any other is answered 401 Unauthorized."""
        return self._token

    @token.setter
    def token(self, value: str) -> None:
        """Revoke the token (as @BotFather does) or restore it: from now on, calls with the
        old one are refused, and so are the calls of it still waiting (a long poll, a held
        request): they answer 401 at once."""
        if value != self._token:
            self._token = value
            self._token_changes += 1
            self._notify()

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

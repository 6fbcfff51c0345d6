"""Failure injection: errors of the next calls, blocked users, kicked bots, deleted and
migrated chats, scheduled faults and flood control."""

from __future__ import annotations

from botapi_emulator.acting import UserActions
from botapi_emulator.faults import (
    TELEGRAM_LIMITS,
    Fault,
    FloodControl,
    FloodLimits,
)
from botapi_emulator.objects import ApiError, JsonDict, SentMessage, SimChat, _Failure


class FailureInjection(UserActions):
    """Trouble a test puts the bot in (a migration needs a new group, hence the users')."""

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

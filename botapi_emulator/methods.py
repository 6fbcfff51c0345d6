"""The Bot API methods the emulator implements."""

from __future__ import annotations

import asyncio
import functools
import re
from dataclasses import replace

from botapi_emulator.objects import (
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_DOWNLOAD_BYTES,
    ApiError,
    CallbackAnswer,
    JsonDict,
    SentMessage,
    _Upload,
)
from botapi_emulator.params import (
    _bool,
    _document_object,
    _image_size,
    _inline,
    _int,
    _reply_markup,
    _str,
)
from botapi_emulator.state import EmulatorState, _Handler

_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
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
_BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


class BotApiMethods(EmulatorState):
    """One coroutine per Bot API method: decoded parameters and uploads in, the result out."""

    @functools.cached_property
    def _methods(self) -> dict[str, tuple[str, _Handler]]:
        """Each method by its lower-cased name (names are case-insensitive) with its spelling."""
        return {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
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
        } | self.webhook.methods()

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

    async def _get_updates(self, params: JsonDict, uploads: dict[str, _Upload]) -> list[JsonDict]:
        self.webhook.check_polling()
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
        token_changes = self._token_changes
        self._polls_waiting += 1
        self._notify()  # wakes an older waiting poll, which then answers 409
        try:
            async with asyncio.timeout(max(float(timeout), 0.0)):
                while True:
                    if self._closing:
                        return []
                    if generation != self._poll_generation:
                        raise ApiError(409, _CONFLICT)
                    if token_changes != self._token_changes:
                        raise ApiError(401, "Unauthorized")  # its token was revoked
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

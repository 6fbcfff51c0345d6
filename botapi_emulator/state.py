"""The emulator's simulated world and the internals every part of it shares: the world
itself (``world``), its records and update queue (``records``), and here what a call's
parameters target (its chat's text, the message it replies to or edits, a file it sends)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from botapi_emulator.html import FormattedText
from botapi_emulator.objects import (
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    ApiError,
    JsonDict,
    SentMessage,
    SimChat,
    StoredFile,
    _Record,
    _Upload,
)
from botapi_emulator.params import _bool, _format, _int, _reply_markup, _scope_key, _str
from botapi_emulator.records import MessageRecords

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


_Handler = Callable[[JsonDict, dict[str, _Upload]], Awaitable[Any]]


class EmulatorState(MessageRecords):
    """Users, chats, messages, files and updates, and the helpers that change them."""

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

"""The emulator's records: files, messages as the API returns them, and their edits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from botapi_emulator.objects import (
    JsonDict,
    SentMessage,
    SimChat,
    SimUser,
    StoredFile,
    _Record,
)
from botapi_emulator.params import _inline
from botapi_emulator.world import EmulatorWorld

# Message fields _payload() derives from a SentMessage; an edit rebuilds them.
_DERIVED_FIELDS = frozenset(
    {"message_id", "from", "chat", "date", "reply_to_message", "text", "entities", "caption"}
    | {"caption_entities", "reply_markup", "edit_date"}
)

# Telegram's folders of getFile paths: the file_id's start, and the suffix its path always
# has (None: the file name's).
_FOLDERS: dict[str, tuple[str, str | None]] = {
    "documents": ("BQACAgUAAxkBAAI", None),
    "photos": ("AgACAgUAAxkBAAI", ".jpg"),
    "stickers": ("CAACAgUAAxkBAAI", ".webp"),
    "voice": ("AwACAgUAAxkBAAI", ".oga"),
    "videos": ("BAACAgUAAxkBAAI", ".mp4"),
    "music": ("CQACAgUAAxkBAAI", None),
    "animations": ("CgACAgUAAxkBAAI", ".mp4"),
    "video_notes": ("DQACAgUAAxkBAAI", ".mp4"),
}


class MessageRecords(EmulatorWorld):
    """Stores files and messages, builds their API objects and applies edits."""

    def _store_file(
        self, folder: str, data: bytes, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = self._next_counter()
        prefix, fixed_suffix = _FOLDERS.get(folder, _FOLDERS["documents"])
        suffix = fixed_suffix or (PurePosixPath(file_name).suffix if file_name else "")
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

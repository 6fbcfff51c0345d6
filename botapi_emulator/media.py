"""Simulated users sending what is neither text nor a document: a photo, a sticker, a voice
message, a video, an audio file, an animation (a GIF), a round video, a location, a contact.

Each queues a ``message`` update whose Message carries the field the Bot API gives it, in
its shape: ``photo`` an array of PhotoSize (the sizes Telegram makes, smallest first),
``sticker`` a Sticker (``type``, ``is_animated``, ``is_video``, ``emoji``, a thumbnail),
``voice`` a Voice, ``video`` a Video, ``audio`` an Audio, ``animation`` an Animation *and*,
as Telegram keeps for older clients, the same file as ``document``; ``video_note`` a
VideoNote, ``location`` a Location, ``contact`` a Contact. Files are stored, so getFile and
the download work on them as on a document.
"""

from __future__ import annotations

from botapi_emulator.objects import (
    MAX_CAPTION_LENGTH,
    JsonDict,
    MessageKind,
    SentMessage,
    StoredFile,
)
from botapi_emulator.params import _document_object, _user_entities
from botapi_emulator.state import EmulatorState

#: The longest side of each size Telegram makes of a photo (a size is made only when the
#: photo is larger; the photo's own size comes last).
PHOTO_SIDES = (90, 320, 800)
#: A sticker's thumbnail's longest side.
THUMBNAIL_SIDE = 128


def _placeholder(kind: str, size: int) -> bytes:
    """Bytes standing for a recorded or photographed file (nobody decodes them)."""
    return (f"{kind}:".encode() * (size // len(kind) + 1))[:size]


def _file_fields(stored: StoredFile) -> JsonDict:
    fields: JsonDict = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.size_known:
        fields["file_size"] = len(stored.data)
    return fields


def _scaled(width: int, height: int, side: int) -> tuple[int, int]:
    longest = max(width, height)
    return max(1, round(width * side / longest)), max(1, round(height * side / longest))


class MediaActions(EmulatorState):
    """A user sends a photo, a sticker, a voice message … (each returns the Message)."""

    async def send_photo(
        self,
        chat_id: int,
        user_id: int,
        *,
        width: int = 1280,
        height: int = 960,
        content: bytes | None = None,
        caption: str | None = None,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A photo from the camera or the gallery (sent as a photo, not as a file)."""
        if width <= 0 or height <= 0:
            raise ValueError("a photo has a positive width and height")
        data = content or _placeholder("photo", 4096)
        sizes: list[JsonDict] = []
        longest = max(width, height)
        for side in [s for s in PHOTO_SIDES if s < longest] + [longest]:
            w, h = _scaled(width, height, side)
            smaller = data[: max(1, len(data) * side // longest)]
            stored = self._store_file("photos", smaller, None, None)
            sizes.append({**_file_fields(stored), "width": w, "height": h})
        return self._send_media(
            chat_id,
            user_id,
            "photo",
            {"photo": sizes},
            sizes[-1]["file_id"],
            caption=caption,
            reply_to=reply_to,
        )

    async def send_sticker(
        self,
        chat_id: int,
        user_id: int,
        *,
        emoji: str = "👍",
        set_name: str | None = "HanChotStickers",
        animated: bool = False,
        video: bool = False,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A sticker (stickers carry no caption)."""
        if animated and video:
            raise ValueError("a sticker is animated (.tgs) or a video (.webm), not both")
        mime = "application/x-tgsticker" if animated else "video/webm" if video else "image/webp"
        stored = self._store_file("stickers", _placeholder("sticker", 2048), None, mime)
        thumb = self._store_file("photos", _placeholder("thumb", 512), None, None)
        sticker: JsonDict = {
            **_file_fields(stored),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": animated,
            "is_video": video,
            "emoji": emoji,
            "thumbnail": {**_file_fields(thumb), "width": THUMBNAIL_SIDE, "height": THUMBNAIL_SIDE},
        }
        if set_name:
            sticker["set_name"] = set_name
        return self._send_media(
            chat_id, user_id, "sticker", {"sticker": sticker}, stored.file_id, reply_to=reply_to
        )

    async def send_voice(
        self,
        chat_id: int,
        user_id: int,
        *,
        duration: int = 4,
        caption: str | None = None,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A voice message recorded in the app (Opus in Ogg)."""
        stored = self._store_file(
            "voice", _placeholder("voice", 1600 * duration), None, "audio/ogg"
        )
        voice = {**_file_fields(stored), "duration": duration, "mime_type": "audio/ogg"}
        return self._send_media(
            chat_id,
            user_id,
            "voice",
            {"voice": voice},
            stored.file_id,
            caption=caption,
            reply_to=reply_to,
        )

    async def send_video(
        self,
        chat_id: int,
        user_id: int,
        *,
        width: int = 1280,
        height: int = 720,
        duration: int = 12,
        file_name: str | None = None,
        caption: str | None = None,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A video (sent as a video, not as a file)."""
        data = _placeholder("video", 8192)
        stored = self._store_file("videos", data, file_name, "video/mp4")
        thumb = self._store_file("photos", _placeholder("thumb", 512), None, None)
        w, h = _scaled(width, height, 320)
        video: JsonDict = {
            **_file_fields(stored),
            "width": width,
            "height": height,
            "duration": duration,
            "thumbnail": {**_file_fields(thumb), "width": w, "height": h},
            "mime_type": "video/mp4",
        }
        if file_name:
            video["file_name"] = file_name
        return self._send_media(
            chat_id,
            user_id,
            "video",
            {"video": video},
            stored.file_id,
            caption=caption,
            reply_to=reply_to,
        )

    async def send_audio(
        self,
        chat_id: int,
        user_id: int,
        *,
        file_name: str = "ghi-am-cuoc-hop.mp3",
        duration: int = 95,
        title: str | None = None,
        performer: str | None = None,
        caption: str | None = None,
        reply_to: int | None = None,
    ) -> JsonDict:
        """An audio file (music or a recording), played in the chat."""
        stored = self._store_file("music", _placeholder("audio", 8192), file_name, "audio/mpeg")
        audio: JsonDict = {
            **_file_fields(stored),
            "duration": duration,
            "file_name": file_name,
            "mime_type": "audio/mpeg",
        }
        if title:
            audio["title"] = title
        if performer:
            audio["performer"] = performer
        return self._send_media(
            chat_id,
            user_id,
            "audio",
            {"audio": audio},
            stored.file_id,
            caption=caption,
            reply_to=reply_to,
        )

    async def send_animation(
        self,
        chat_id: int,
        user_id: int,
        *,
        width: int = 320,
        height: int = 240,
        duration: int = 3,
        caption: str | None = None,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A GIF: the Message has ``animation`` and, for older clients, ``document``."""
        stored = self._store_file(
            "animations", _placeholder("gif", 4096), "animation.mp4", "video/mp4"
        )
        animation: JsonDict = {
            **_file_fields(stored),
            "width": width,
            "height": height,
            "duration": duration,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
        }
        body = {"animation": animation, "document": _document_object(stored)}
        return self._send_media(
            chat_id, user_id, "animation", body, stored.file_id, caption=caption, reply_to=reply_to
        )

    async def send_video_note(
        self,
        chat_id: int,
        user_id: int,
        *,
        length: int = 384,
        duration: int = 6,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A round video message recorded in the app (no caption)."""
        stored = self._store_file("video_notes", _placeholder("round", 4096), None, "video/mp4")
        thumb = self._store_file("photos", _placeholder("thumb", 512), None, None)
        note: JsonDict = {
            **_file_fields(stored),
            "length": length,
            "duration": duration,
            "thumbnail": {**_file_fields(thumb), "width": 240, "height": 240},
        }
        return self._send_media(
            chat_id, user_id, "video_note", {"video_note": note}, stored.file_id, reply_to=reply_to
        )

    async def send_location(
        self,
        chat_id: int,
        user_id: int,
        latitude: float,
        longitude: float,
        *,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A point on the map (the app's 📎 → Vị trí)."""
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError("latitude is within ±90 and longitude within ±180")
        location = {"latitude": latitude, "longitude": longitude}
        return self._send_media(
            chat_id, user_id, "location", {"location": location}, None, reply_to=reply_to
        )

    async def send_contact(
        self,
        chat_id: int,
        user_id: int,
        phone_number: str,
        first_name: str,
        *,
        last_name: str | None = None,
        contact_user_id: int | None = None,
        reply_to: int | None = None,
    ) -> JsonDict:
        """A contact card from the phone book (``contact_user_id``: its Telegram user)."""
        if not phone_number or not first_name:
            raise ValueError("a contact has a phone number and a first name")
        contact: JsonDict = {"phone_number": phone_number, "first_name": first_name}
        if last_name:
            contact["last_name"] = last_name
        if contact_user_id is not None:
            contact["user_id"] = contact_user_id
        return self._send_media(
            chat_id, user_id, "contact", {"contact": contact}, None, reply_to=reply_to
        )

    def _send_media(
        self,
        chat_id: int,
        user_id: int,
        kind: MessageKind,
        body: JsonDict,
        file_id: str | None,
        *,
        caption: str | None = None,
        reply_to: int | None = None,
    ) -> JsonDict:
        chat, user = self._sender(chat_id, user_id)
        body = dict(body)
        entities: list[JsonDict] = []
        if caption:
            if len(caption) > MAX_CAPTION_LENGTH:
                raise ValueError(f"Telegram clients send captions of {MAX_CAPTION_LENGTH} at most")
            body["caption"] = caption
            entities = _user_entities(caption)
            if entities:
                body["caption_entities"] = entities
        stored = self._files.get(file_id) if file_id else None
        message = SentMessage(
            message_id=0,
            chat_id=chat.id,
            from_bot=False,
            from_id=user.id,
            text=caption or "",
            html=None,
            date=self._now(),
            kind=kind,
            entities=tuple(entities),
            reply_to=reply_to,
            document_name=stored.file_name if stored else None,
            mime_type=stored.mime_type if stored else None,
            file_id=file_id,
        )
        payload = self._store_user_message(chat, user, message, body)
        self._queue_update("message", payload)
        return payload


__all__ = ["PHOTO_SIDES", "MediaActions"]

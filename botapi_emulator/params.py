"""Reading a method call's parameters and validating them like Telegram."""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from botapi_emulator.html import EntityParseError, FormattedText, parse_html, utf16_len
from botapi_emulator.objects import MAX_CALLBACK_DATA_BYTES, ApiError, JsonDict, StoredFile, _Upload

_ROWS_NOT_ARRAY = 'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'
_TEXT_NOT_STRING = 'Field "text" must be of type String'
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

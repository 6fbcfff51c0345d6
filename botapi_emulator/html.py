"""Telegram's HTML subset, parsed the way the Bot API parses ``parse_mode=HTML``.

The rules follow the server's parser: only the documented tags are allowed, every
tag must be closed in order, a bare ``<`` is read as the start of a tag (and
therefore rejected), while a bare ``&`` that does not start a known entity is kept
as text. Errors carry the same wording and UTF-8 byte offsets as Telegram's, so a
bot that passes here is very likely to pass against the real server.

Entity offsets and lengths are counted in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["EntityParseError", "FormattedText", "parse_html", "utf16_len"]

# Tag name -> entity type. ``span`` needs class="tg-spoiler", checked when opened.
_ENTITY_TYPE_BY_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}

# Only these named entities are decoded; numeric ones (&#123; &#x1F600;) always are.
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

# The one attribute Telegram accepts without a value (``<blockquote expandable>``).
_VALUELESS_ATTRIBUTES = frozenset({"expandable"})


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; ``str()`` is the server's wording."""


@dataclass(frozen=True)
class FormattedText:
    """What a user sees (``text``) plus the formatting as Bot API MessageEntity dicts."""

    text: str
    entities: tuple[dict[str, Any], ...] = ()


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Bot API entity offsets."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    start: int  # UTF-16 offset in the output text
    language: str | None = None  # set on <pre> by a nested <code class="language-…">


def parse_html(source: str) -> FormattedText:
    """Strip the tags and decode the entities of ``source``; raise EntityParseError if invalid."""
    return _Parser(source).parse()


def _decode_entity(source: str, at: int) -> tuple[str, int] | None:
    """Decode the entity starting with '&' at ``at``; return (text, length) or None if none."""
    end = source.find(";", at + 1, at + 12)
    if end == -1:
        return None
    body = source[at + 1 : end]
    if body.startswith("#"):
        digits = body[1:]
        try:
            code = int(digits[1:], 16) if digits[:1] in ("x", "X") else int(digits, 10)
        except ValueError:
            return None
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code), end - at + 1
    decoded = _NAMED_ENTITIES.get(body)
    return (decoded, end - at + 1) if decoded is not None else None


def _decode_attribute(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "&" and (entity := _decode_entity(value, i)) is not None:
            out.append(entity[0])
            i += entity[1]
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


class _Parser:
    def __init__(self, source: str) -> None:
        self._src = source
        self._i = 0
        self._out: list[str] = []
        self._pos = 0  # UTF-16 length of the text emitted so far
        self._stack: list[_OpenTag] = []
        self._entities: list[dict[str, Any]] = []

    def parse(self) -> FormattedText:
        src = self._src
        while self._i < len(src):
            char = src[self._i]
            if char == "<":
                self._tag()
            elif char == "&" and (entity := _decode_entity(src, self._i)) is not None:
                self._emit(entity[0])
                self._i += entity[1]
            else:
                self._emit(char)
                self._i += 1
        if self._stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self._stack[-1].name}"'
            )
        entities = sorted(self._entities, key=lambda e: (e["offset"], -e["length"]))
        return FormattedText("".join(self._out), tuple(entities))

    def _emit(self, text: str) -> None:
        self._out.append(text)
        self._pos += utf16_len(text)

    def _byte_offset(self, index: int) -> int:
        return len(self._src[:index].encode("utf-8"))

    def _skip_spaces(self) -> None:
        while self._i < len(self._src) and self._src[self._i].isspace():
            self._i += 1

    def _unclosed(self, begin: int) -> EntityParseError:
        return EntityParseError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")

    def _tag(self) -> None:
        begin = self._i
        self._i += 1
        if self._i < len(self._src) and self._src[self._i] == "/":
            self._end_tag(begin)
        else:
            self._start_tag(begin)

    def _start_tag(self, begin: int) -> None:
        src = self._src
        name_start = self._i
        while self._i < len(src) and not src[self._i].isspace() and src[self._i] != ">":
            self._i += 1
        if self._i >= len(src):
            raise self._unclosed(begin)
        name = src[name_start : self._i].lower()
        if name not in _ENTITY_TYPE_BY_TAG:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self._byte_offset(begin)}'
            )
        attributes = self._attributes(name, begin)
        offset = self._byte_offset(begin)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
            )
        if name == "tg-emoji" and not attributes.get("emoji-id"):
            raise EntityParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}'
            )
        self._stack.append(_OpenTag(name, attributes, self._pos))

    def _attributes(self, tag: str, begin: int) -> dict[str, str]:
        src = self._src
        attributes: dict[str, str] = {}
        while True:
            self._skip_spaces()
            if self._i >= len(src):
                raise self._unclosed(begin)
            if src[self._i] == ">":
                self._i += 1
                return attributes
            name_start = self._i
            while self._i < len(src) and not src[self._i].isspace() and src[self._i] not in "=>":
                self._i += 1
            name = src[name_start : self._i].lower()
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" '
                    f"at byte offset {self._byte_offset(self._i)}"
                )
            self._skip_spaces()
            if self._i >= len(src):
                raise self._unclosed(begin)
            if src[self._i] != "=":
                if name not in _VALUELESS_ATTRIBUTES:
                    raise EntityParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {self._byte_offset(self._i)}'
                    )
                attributes[name] = ""
                continue
            self._i += 1
            self._skip_spaces()
            if self._i >= len(src):
                raise self._unclosed(begin)
            attributes[name] = self._attribute_value(tag, begin)

    def _attribute_value(self, tag: str, begin: int) -> str:
        src = self._src
        quote = src[self._i]
        if quote in "\"'":
            end = src.find(quote, self._i + 1)
            if end == -1:
                raise self._unclosed(begin)
            raw = src[self._i + 1 : end]
            self._i = end + 1
            return _decode_attribute(raw)
        value_start = self._i
        while self._i < len(src) and (src[self._i].isalnum() or src[self._i] in ".-_"):
            self._i += 1
        if self._i == value_start:
            raise EntityParseError(
                f'Unexpected end of attribute value of the tag "{tag}" '
                f"at byte offset {self._byte_offset(self._i)}"
            )
        return _decode_attribute(src[value_start : self._i])

    def _end_tag(self, begin: int) -> None:
        src = self._src
        if not self._stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self._byte_offset(begin)}")
        self._i += 1  # the '/'
        name_start = self._i
        while self._i < len(src) and not src[self._i].isspace() and src[self._i] != ">":
            self._i += 1
        name = src[name_start : self._i].lower()
        self._skip_spaces()
        if self._i >= len(src) or src[self._i] != ">":
            raise EntityParseError(
                f"Can't find end of end tag at byte offset {self._byte_offset(begin)}"
            )
        self._i += 1
        top = self._stack[-1]
        if name != top.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self._byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{name}>"'
            )
        self._stack.pop()
        self._close(top)

    def _close(self, tag: _OpenTag) -> None:
        length = self._pos - tag.start
        parent = self._stack[-1] if self._stack else None
        language = tag.attributes.get("class", "")
        if (
            tag.name == "code"
            and parent is not None
            and parent.name == "pre"
            and parent.start == tag.start
            and language.startswith("language-")
        ):
            # <pre><code class="language-x"> is one pre entity with a language, as in Telegram.
            parent.language = language.removeprefix("language-")
            return
        if length == 0:
            return  # Telegram drops empty entities
        entity: dict[str, Any] = {
            "type": _ENTITY_TYPE_BY_TAG[tag.name],
            "offset": tag.start,
            "length": length,
        }
        if tag.name == "a":
            href = tag.attributes.get("href", "")
            if not href:
                return  # an <a> without a link is plain text
            entity["url"] = href
        elif tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        elif tag.name == "blockquote" and "expandable" in tag.attributes:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attributes["emoji-id"]
        self._entities.append(entity)

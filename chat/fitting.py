"""Fitting rendered Telegram HTML into Telegram's limits, after escaping.

Telegram refuses a message over 4,096 characters (a caption over 1,024). The catalogue
splits long lists already, but a text grows when it is escaped (a note of 1,000 ``&`` is
5,000 characters of ``&amp;``) and one history item or note can be long by itself. So every
outgoing text passes :func:`fit` last: it is measured as the HTML source that is sent (the
strictest reading of the limit), split on line boundaries with open tags closed at the end
of a part and reopened at the start of the next, and a single line that is still too long
is cut with "…" (its tags kept, so the HTML stays balanced). What was stored in the
database is never shortened; only the message is.
"""

from __future__ import annotations

import re

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
ELLIPSIS = "…"
#: A line is cut in place only when this much of it fits after what precedes it.
_MIN_CUT = 200

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);")


def _opening(stack: list[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _advance(stack: list[tuple[str, str]], line: str) -> None:
    """Apply the tags of ``line`` to the stack of open tags."""
    for match in _TAG.finditer(line):
        name = match[2].lower()
        if match[1]:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    del stack[index:]
                    break
        else:
            stack.append((name, match[0]))


def _cut(line: str, budget: int) -> str:
    """``line`` cut to at most ``budget`` characters plus "…" and the tags of what was cut
    (so every tag still opens and closes), never inside a tag or an entity."""
    tokens: list[tuple[bool, str]] = []  # (is markup, text)
    position = 0
    for match in re.finditer(f"{_TAG.pattern}|{_ENTITY.pattern}", line):
        if match.start() > position:
            tokens.extend((False, ch) for ch in line[position : match.start()])
        is_tag = match[0].startswith("<")
        tokens.append((is_tag, match[0]))
        position = match.end()
    tokens.extend((False, ch) for ch in line[position:])
    tags_total = sum(len(text) for is_tag, text in tokens if is_tag)
    room = budget - tags_total - len(ELLIPSIS)
    kept: list[str] = []
    used = 0
    cut_at: int | None = None
    for index, (is_tag, text) in enumerate(tokens):
        if is_tag:
            kept.append(text)
            continue
        if cut_at is None and used + len(text) <= room:
            kept.append(text)
            used += len(text)
        elif cut_at is None:
            cut_at = index
            kept.append(ELLIPSIS)
    if cut_at is None:
        return line
    return "".join(kept)


def fit(html: str, limit: int = TEXT_LIMIT) -> list[str]:
    """``html`` as one or more messages of at most ``limit`` characters each."""
    if len(html) <= limit:
        return [html]
    parts: list[str] = []
    stack: list[tuple[str, str]] = []
    current = ""
    current_stack: list[tuple[str, str]] = []  # open tags at the end of ``current``
    for raw in html.split("\n"):
        # The line as it would start a new part: the tags open before it reopened.
        reopen = _opening(stack)
        after = list(stack)
        _advance(after, raw)
        candidate = (current + "\n" if current else "") + raw
        if current and len(candidate) + len(_closing(after)) <= limit:
            current, current_stack = candidate, after
            stack = after
            continue
        room = limit - len(current) - 1 - len(_closing(after))
        if current and len(reopen + raw) + len(_closing(after)) > limit and room >= _MIN_CUT:
            # A line too long for any message: cut it where it stands, no extra message.
            current, current_stack = current + "\n" + _cut(raw, room), after
            stack = after
            continue
        if current:
            parts.append(current + _closing(current_stack))
        line = reopen + raw
        if len(line) + len(_closing(after)) > limit:
            line = _cut(line, limit - len(_closing(after)))
        current, current_stack = line, after
        stack = after
    if current.strip() or not parts:
        parts.append(current + _closing(current_stack))
    return [part for part in parts if part.strip()] or [ELLIPSIS]


def shorten(html: str, limit: int = TEXT_LIMIT) -> str:
    """``html`` as one message: what does not fit in ``limit`` is left out, ending in "…"."""
    parts = fit(html, limit)
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    if len(first) + len(ELLIPSIS) + 1 <= limit:
        return first + "\n" + ELLIPSIS
    return _cut(first, limit)


__all__ = ["CAPTION_LIMIT", "ELLIPSIS", "TEXT_LIMIT", "fit", "shorten"]

"""Keeping the bot token out of every output: log lines, tracebacks, stderr, chat texts.

The token is registered once at start-up (:func:`register_secret`); :func:`redact` replaces
it — and its secret half after the colon, which alone is enough to act as the bot — with
``<token>``. The log formatter and the stream wrapper below apply it to whatever reaches a
handler or the console, tracebacks included (PTB's ``InvalidToken`` quotes the token, and
httpx's errors quote request URLs, which contain it).
"""

from __future__ import annotations

import logging
from typing import TextIO

MASK = "<token>"
_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember ``secret`` (a bot token) so that :func:`redact` removes it."""
    if not secret:
        return
    _secrets.add(secret)
    _, _, tail = secret.partition(":")
    if len(tail) >= 8:
        _secrets.add(tail)


def redact(text: str) -> str:
    """``text`` without any registered secret."""
    # Longest first: the whole token before its secret half.
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output (message, traceback, stack) is redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class RedactingStream:
    """A text stream that redacts what is written to it (for ``sys.stderr``/``stdout``)."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(redact(text))
        return len(text)

    def flush(self) -> None:
        self._inner.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)


__all__ = ["MASK", "RedactingFormatter", "RedactingStream", "redact", "register_secret"]

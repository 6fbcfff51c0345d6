"""Fault injection beyond ``fail_next``: the hostile Telegram the delivery path must survive.

* ``Fault``: answer a method with an error on every Nth call, or on a (seeded, so
  repeatable) fraction of calls, or hold the answer for a while — either *before* the
  message is taken (a request lost on the way: if the client gave up, nothing is stored) or
  *after* (Telegram stored the message but the answer comes too late).
* ``FloodControl``: Telegram-like flood limits counted on arrival — at most ``overall``
  messages in any ``overall_period`` seconds, ``per_chat`` per chat in ``per_chat_period``,
  ``per_group`` per group in ``per_group_period`` — answering 429 with ``retry_after`` past
  them. ``scale`` multiplies every period (and divides nothing else): tests use 0.02.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

#: Methods Telegram's flood limits count (those that post to a chat).
COUNTED_METHODS = frozenset(
    {
        "sendmessage",
        "editmessagetext",
        "editmessagereplymarkup",
        "editmessagecaption",
        "senddocument",
        "sendphoto",
        "sendmediagroup",
        "copymessage",
        "forwardmessage",
    }
)


@dataclass(kw_only=True)
class Fault:
    """One kind of trouble on one method (lower-case name), optionally for one chat."""

    method: str
    chat_id: int | None = None
    error_code: int = 0
    """0: no error (a delay only)."""
    description: str = ""
    retry_after: int | None = None
    every: int = 0
    """Fail every Nth matching call (0: not by count)."""
    fraction: float = 0.0
    """Fail this share of matching calls, drawn from a seeded generator."""
    delay_before: float = 0.0
    """Seconds to hold the request before taking the message."""
    delay_after: float = 0.0
    """Seconds to hold the answer after the message was taken."""
    seed: int = 6
    calls: int = 0
    hits: int = 0
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.method = self.method.lower()
        self._random = random.Random(self.seed)

    def matches(self, method: str, chat_id: int | None) -> bool:
        return self.method == method.lower() and self.chat_id in (None, chat_id)

    def strikes(self) -> bool:
        """Count one matching call; True when this one fails (or is delayed)."""
        self.calls += 1
        if self.every:
            hit = self.calls % self.every == 0
        elif self.fraction:
            hit = self._random.random() < self.fraction
        else:
            hit = True
        self.hits += hit
        return hit


@dataclass(frozen=True, kw_only=True, slots=True)
class FloodLimits:
    overall: int = 30
    overall_period: float = 1.0
    per_chat: int = 1
    per_chat_period: float = 1.0
    per_group: int = 20
    per_group_period: float = 60.0
    scale: float = 1.0


TELEGRAM_LIMITS = FloodLimits()
"""30 a second overall, 1 a second per chat, 20 a minute per group, at real speed."""


class FloodControl:
    """Sliding windows of accepted arrivals; ``check`` answers the seconds to wait (in
    Telegram seconds, rounded up) or None when the call is within the limits."""

    def __init__(
        self, limits: FloodLimits, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits
        self._monotonic = monotonic
        self._overall: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        self._groups: dict[int, deque[float]] = {}
        self.rejected = 0
        self.accepted = 0

    def check(self, chat_id: int) -> int | None:
        now = self._monotonic()
        s = self.limits.scale
        windows = [
            (self._overall, self.limits.overall, self.limits.overall_period * s),
            (
                self._chats.setdefault(chat_id, deque()),
                self.limits.per_chat,
                self.limits.per_chat_period * s,
            ),
        ]
        if chat_id < 0:
            windows.append(
                (
                    self._groups.setdefault(chat_id, deque()),
                    self.limits.per_group,
                    self.limits.per_group_period * s,
                )
            )
        wait = 0.0
        for window, limit, period in windows:
            while window and window[0] <= now - period:
                window.popleft()
            if len(window) >= limit:
                wait = max(wait, window[0] + period - now)
        if wait > 0:
            self.rejected += 1
            return max(1, math.ceil(wait / s))
        for window, _, _ in windows:
            window.append(now)
        self.accepted += 1
        return None

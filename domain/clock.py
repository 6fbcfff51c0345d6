"""The one clock. Everything that reads time takes a ``Clock``; tests pass a fake one."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current instant (timezone-aware, UTC)."""

    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...


class SystemClock:
    """Wall-clock time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """A clock that starts at ``start`` and runs ``speed`` times faster than real time.

    Used by ``--clock-start``/``--clock-speed`` to rehearse what the bot would do on a
    given day. ``monotonic`` is injectable so tests need not sleep.
    """

    def __init__(
        self,
        start: datetime,
        speed: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("clock start must be timezone-aware")
        if speed <= 0:
            raise ValueError(f"clock speed must be positive, got {speed}")
        self._start = start.astimezone(UTC)
        self._speed = speed
        self._monotonic = monotonic
        self._origin = monotonic()

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> datetime:
        elapsed = (self._monotonic() - self._origin) * self._speed
        return self._start + timedelta(seconds=elapsed)


class FakeClock:
    """A clock that only moves when told to. For tests and the demo."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("clock start must be timezone-aware")
        self._now = start.astimezone(UTC)

    @property
    def speed(self) -> float:
        return 1.0

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("instant must be timezone-aware")
        self._now = instant.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._now += delta

"""The bot's event loop ends even when a task will not: a task still running when the bot
has stopped is cancelled and given ``WIND_DOWN``, not waited for forever (``asyncio.run``
would wait forever, and a task stuck in a database driver kept the process alive)."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref
from datetime import timedelta

import pytest

import wiring
import wiring.run_loop


def test_a_task_that_will_not_end_does_not_keep_the_process_alive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(wiring.run_loop, "WIND_DOWN", timedelta(seconds=0.2))
    left: list[asyncio.Task[None]] = []
    ended: list[str] = []

    async def stubborn() -> None:
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                continue  # like a driver call that swallows its cancellation

    async def polite() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            ended.append("polite")

    async def main() -> None:
        left.append(asyncio.get_running_loop().create_task(stubborn()))
        left.append(asyncio.get_running_loop().create_task(polite()))
        await asyncio.sleep(0)
        ended.append("main")

    began = time.monotonic()
    wiring.run_to_the_end(main())
    assert time.monotonic() - began < 2
    assert ended == ["main", "polite"]  # the others were cancelled and could clean up
    assert left[1].cancelled()
    assert not left[0].done()


class _Node:
    """An object in a reference cycle (only the cyclic collector frees it)."""

    def __init__(self) -> None:
        self.me = self


def test_settling_start_up_frees_its_garbage_and_freezes_what_lives() -> None:
    lost = weakref.ref(_Node())  # garbage: collected, not frozen
    kept = [_Node() for _ in range(100)]
    before = gc.get_freeze_count()
    try:
        wiring.settle_start_up()
        assert lost() is None
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()

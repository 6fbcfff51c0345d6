"""The guard that turns a task refusing to stop into a failure instead of a frozen suite."""

from __future__ import annotations

import asyncio

import pytest

from tests import leftovers
from tests.leftovers import no_task_left_behind, within


async def _stubborn(started: asyncio.Event) -> None:
    started.set()
    while True:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            continue  # swallows every cancellation: closing the loop would wait for ever


async def test_a_task_that_refuses_to_stop_fails_the_test_with_its_stack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(leftovers, "GRACE_SECONDS", 0.05)
    before = asyncio.all_tasks()
    started = asyncio.Event()
    task = asyncio.create_task(_stubborn(started))
    await started.wait()
    with pytest.raises(pytest.fail.Exception, match="_stubborn"):
        await no_task_left_behind(before)
    assert task not in asyncio.all_tasks()  # let go: the loop can close


async def test_tasks_that_stop_when_cancelled_pass_quietly() -> None:
    before = asyncio.all_tasks()
    task = asyncio.create_task(asyncio.Event().wait())
    await asyncio.sleep(0)
    await no_task_left_behind(before)
    assert task.cancelled()


async def test_a_teardown_that_never_ends_fails_with_the_stacks() -> None:
    before = asyncio.all_tasks()
    with pytest.raises(pytest.fail.Exception, match="stopping the bot did not end"):
        await within(asyncio.Event().wait(), 0.05, "stopping the bot")
    await no_task_left_behind(before)


async def test_a_teardown_that_ends_passes() -> None:
    await within(asyncio.sleep(0), 5, "stopping the bot")

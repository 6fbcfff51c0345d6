"""A test's event loop must not end with tasks that refuse to stop.

pytest-asyncio closes each test's loop by cancelling the tasks still running and waiting for
them — for ever, if one of them swallows its cancellation or waits on something that will
never come. Such a task would freeze the whole suite in a teardown, silently. The e2e
fixtures call :func:`no_task_left_behind` after the bot and the emulator have stopped: tasks
still running are cancelled and given a few seconds; one that is still not done fails the
test with its stack, and is let go so the loop can close.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable

import pytest

GRACE_SECONDS = 10.0


async def no_task_left_behind(before: set[asyncio.Task[object]]) -> None:
    """Cancel the tasks started since ``before``; fail the test if one will not stop."""
    await asyncio.sleep(0)
    current = asyncio.current_task()
    left = [t for t in asyncio.all_tasks() - before if t is not current and not t.done()]
    if not left:
        return
    for task in left:
        task.cancel()
    _, stuck = await asyncio.wait(left, timeout=GRACE_SECONDS)
    if not stuck:
        return
    report = io.StringIO()
    for task in stuck:
        report.write(f"{task!r}\n")
        task.print_stack(file=report)
        # Let it go, or closing the loop would wait for it for ever.
        asyncio.tasks._unregister_task(task)
    pytest.fail(f"{len(stuck)} task(s) did not stop when cancelled:\n{report.getvalue()}")


async def within(step: Awaitable[None], seconds: float, what: str) -> None:
    """Await ``step`` (a fixture's teardown, say); if it has not ended after ``seconds``,
    fail the test with the stack of every task instead of waiting for ever."""
    task = asyncio.ensure_future(step)
    done, _ = await asyncio.wait([task], timeout=seconds)
    if done:
        task.result()
        return
    report = io.StringIO()
    for other in asyncio.all_tasks():
        report.write(f"{other!r}\n")
        other.print_stack(file=report)
    pytest.fail(f"{what} did not end in {seconds:.0f} s; the tasks were:\n{report.getvalue()}")

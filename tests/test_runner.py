"""The reminder runner of the running product: pokes from replies coalesce into passes."""

from __future__ import annotations

import asyncio
from datetime import datetime

from demo.harness import LiveBot


async def test_pokes_while_a_pass_runs_make_one_more_pass_not_one_each(live: LiveBot) -> None:
    """A burst of replies each pokes the runner; the pokes that come while a pass runs are
    served by one more pass (none is lost, none costs a pass of its own)."""
    runner = live.product.runner
    entered: asyncio.Queue[int] = asyncio.Queue()
    release = asyncio.Event()

    async def held(_now: datetime) -> None:
        await entered.put(runner.passes)
        await release.wait()

    runner.dispatcher.add_pass_hook(held)
    runner.poke()
    first = await entered.get()  # a poked pass is under way, held in its hook
    for _ in range(50):
        runner.poke()
    assert runner.poke_pending
    release.set()
    second = await entered.get()  # the one more pass
    assert second == first + 1
    assert not runner.poke_pending  # the 49 later pokes queued nothing more
    report = await runner.tick()  # the next pass is the tick's own, not a leftover poke
    assert await entered.get() == second + 1
    assert report.sent == 0
    assert entered.empty()

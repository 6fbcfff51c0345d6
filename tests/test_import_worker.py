"""The child process that reads a notice file: killed at its time limit, its answer the
same as reading in the bot's own process, and bounded files refused by it too."""

from __future__ import annotations

import asyncio
import time

from tests.test_e2e_files import windows_1258
from tracking.import_worker import ImportProblem, import_file
from wiring import SEEDS

NOTICE = (SEEDS / "tb-56-vpcp-2025-02-23.txt").read_bytes()


async def test_a_file_that_takes_too_long_is_stopped_at_the_limit() -> None:
    began = time.monotonic()
    result = await import_file(NOTICE * 40, "tb.txt", None, timeout=0.2)
    took = time.monotonic() - began
    assert result.problem is ImportProblem.TIMEOUT, result
    assert result.payload is None
    assert took < 5, took  # killed, not waited for
    # The child is gone: nothing of it is left for the event loop to wait on.
    assert [t for t in asyncio.all_tasks() if "subprocess" in repr(t)] == []


async def test_a_notice_is_read_and_imported_in_the_child() -> None:
    result = await import_file(NOTICE, "tb.txt", None)
    assert result.problem is None, result
    assert result.payload is not None
    assert result.payload["tasks"]


async def test_a_text_in_a_legacy_code_page_is_refused_with_its_reason() -> None:
    legacy = windows_1258("Bộ Công an chủ trì, hoàn thành trong Quý I/2027.")
    result = await import_file(legacy, "cu.txt", None)
    assert result.problem is ImportProblem.ENCODING, result

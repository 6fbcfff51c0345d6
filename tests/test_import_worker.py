"""The child process that reads a notice file: killed at its time limit, its answer the
same as reading in the bot's own process, and bounded files refused by it too."""

from __future__ import annotations

import asyncio
import json
import time

from domain.deadline import DeadlineKind
from notices.importer import import_notice
from storage.local_agency_files import scanning_registry_for
from tests.test_e2e_files import windows_1258
from tracking.import_proposal import ImportProposal, proposal_of
from tracking.import_worker import ImportProblem, import_file, read_answer
from wiring import SEEDS

NOTICE = (SEEDS / "tb-56-vpcp-2025-02-23.txt").read_bytes()


async def test_a_file_that_takes_too_long_is_stopped_at_the_limit() -> None:
    began = time.monotonic()
    result = await import_file(NOTICE * 40, "tb.txt", None, timeout=0.2)
    took = time.monotonic() - began
    assert result.problem is ImportProblem.TIMEOUT, result
    assert result.proposal is None
    assert took < 5, took  # killed, not waited for
    # The child is gone: nothing of it is left for the event loop to wait on.
    assert [t for t in asyncio.all_tasks() if "subprocess" in repr(t)] == []


async def test_a_notice_is_read_and_imported_in_the_child() -> None:
    result = await import_file(NOTICE, "tb.txt", None)
    assert result.problem is None, result
    assert isinstance(result.proposal, ImportProposal)
    # The child's proposal crosses the process boundary as its one JSON form and comes
    # back the same typed value the bot's own process makes from the same text.
    text = NOTICE.decode("utf-8")
    expected = proposal_of(import_notice(text, scanning_registry_for()), text)
    assert result.proposal == expected
    assert len(result.proposal.tasks) == 36
    assert all(isinstance(t.deadline.kind, DeadlineKind) for t in result.proposal.tasks)


def test_an_answer_with_an_unreadable_proposal_is_a_failure_not_a_crash() -> None:
    proposal = proposal_of(import_notice(NOTICE.decode("utf-8"), scanning_registry_for()), "")
    good = json.dumps({"proposal": proposal.to_json()}).encode()
    assert read_answer(good).proposal == proposal
    broken = proposal.to_json()
    broken["tasks"] = [{"ref": "1"}]
    result = read_answer(json.dumps({"proposal": broken}).encode())
    assert result.proposal is None
    assert result.problem is ImportProblem.FAILED
    assert "unreadable proposal" in result.detail
    newer = {**proposal.to_json(), "version": ImportProposal.VERSION + 1}
    assert read_answer(json.dumps({"proposal": newer}).encode()).problem is ImportProblem.FAILED
    assert read_answer(b"[1]").problem is ImportProblem.FAILED
    refused = read_answer(json.dumps({"problem": "scanned", "detail": "no text"}).encode())
    assert (refused.problem, refused.detail) == (ImportProblem.SCANNED, "no text")


async def test_a_text_in_a_legacy_code_page_is_refused_with_its_reason() -> None:
    legacy = windows_1258("Bộ Công an chủ trì, hoàn thành trong Quý I/2027.")
    result = await import_file(legacy, "cu.txt", None)
    assert result.problem is ImportProblem.ENCODING, result

"""Reading and importing a notice file in a child process, with a time and memory limit.

A file from a chat is untrusted: even bounded (``notices.sources``), parsing it costs CPU
and memory, and a pathological one could hold the bot's event loop for minutes. So the
bot writes the downloaded bytes to a temporary file and runs ``python -m
tracking.import_worker`` on it: the child reads and imports it and prints one JSON object
(the import proposal in its one JSON form, ``tracking.import_proposal``, or why it
failed); the bot reads it back into an :class:`~tracking.import_proposal.ImportProposal`. The child runs under ``RLIMIT_AS`` and is killed
when it takes longer than the time limit; meanwhile the bot keeps serving other chats and
sending reminders. The child uses the registry of ``scanning_registry_for``: the shipped one
and the deployment's own bodies, with every name as written and the source of the pattern
that finds them in a notice, loaded from the snapshots cached beside their file (built once,
and again only when a file changes) rather than built again at every import.
"""

from __future__ import annotations

import asyncio
import enum
import json
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracking.import_proposal import ImportProposal, JsonObject, ProposalUnreadable

ROOT = Path(__file__).resolve().parents[1]
#: Longest a file may take to read and import (the slowest notice takes tens of ms).
WORKER_SECONDS = 30.0
#: Address space of the child (Python, lxml and a bounded file fit well within it).
WORKER_MEMORY_BYTES = 1024 * 1024 * 1024


class ImportProblem(enum.Enum):
    """Why a file gave no proposal."""

    UNSUPPORTED = "unsupported"
    MISSING = "missing"
    IO = "io"
    TOO_LARGE = "too large"
    ENCODING = "encoding"
    DAMAGED = "damaged"
    INFLATES = "inflates"
    SCANNED = "scanned"
    ISSUE_DATE = "issue date"
    TIMEOUT = "timeout"
    FAILED = "failed"


@dataclass(frozen=True, kw_only=True, slots=True)
class WorkerResult:
    """The proposal of an import preview, or the problem (with a detail for the logs)."""

    proposal: ImportProposal | None = None
    problem: ImportProblem | None = None
    detail: str = ""


async def import_file(
    data: bytes,
    filename: str,
    issued: date | None,
    *,
    timeout: float = WORKER_SECONDS,  # noqa: ASYNC109
) -> WorkerResult:
    """Read and import ``data`` (a file named ``filename``) in a child process."""
    suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="notice-") as folder:
        path = Path(folder) / f"notice{suffix}"
        path.write_bytes(data)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tracking.import_worker",
            str(path),
            issued.isoformat() if issued else "-",
            cwd=ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            return WorkerResult(problem=ImportProblem.TIMEOUT, detail=f"over {timeout:g} s")
    if process.returncode != 0:
        return WorkerResult(
            problem=ImportProblem.FAILED,
            detail=f"exit {process.returncode}: {err.decode(errors='replace')[-500:]}",
        )
    return read_answer(out)


def read_answer(out: bytes) -> WorkerResult:
    """The child's answer (what :func:`main` printed) as a result."""
    try:
        answer: object = json.loads(out)
        if not isinstance(answer, dict):
            raise ValueError(f"not an object: {answer!r}"[:200])
        if "proposal" in answer:
            return WorkerResult(proposal=ImportProposal.from_json(answer["proposal"]))
        detail = answer.get("detail", "")
        return WorkerResult(
            problem=ImportProblem(answer["problem"]),
            detail=detail if isinstance(detail, str) else "",
        )
    except (ValueError, KeyError) as error:  # ProposalUnreadable is a ValueError
        unreadable = isinstance(error, ProposalUnreadable)
        detail = f"unreadable proposal: {error}" if unreadable else "unreadable worker output"
        return WorkerResult(problem=ImportProblem.FAILED, detail=detail[:500])


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))


def _work(path: Path, issued: date | None) -> JsonObject:
    from notices.importer import IssueDateMissing, import_notice
    from notices.sources import NoticeUnreadable, UnsupportedFormat, read_notice
    from storage.local_agency_files import scanning_registry_for
    from tracking.import_proposal import proposal_of

    try:
        source = read_notice(path)
    except UnsupportedFormat as error:
        return {"problem": ImportProblem.UNSUPPORTED.value, "detail": error.advice}
    except NoticeUnreadable as error:
        return {"problem": ImportProblem(error.reason.value).value, "detail": error.problem}
    try:
        registry = scanning_registry_for()
        parsed = import_notice(source.text, registry, issued=issued or source.issued_hint)
    except IssueDateMissing:
        return {"problem": ImportProblem.ISSUE_DATE.value}
    return {"proposal": proposal_of(parsed, source.text).to_json()}


def main(argv: list[str]) -> int:
    _limit_memory()
    path, issued = Path(argv[0]), None if argv[1] == "-" else date.fromisoformat(argv[1])
    answer: JsonObject
    try:
        answer = _work(path, issued)
    except MemoryError:
        answer = {"problem": ImportProblem.FAILED.value, "detail": "out of memory"}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

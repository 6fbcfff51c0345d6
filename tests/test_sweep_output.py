"""What a due sweep writes, pinned byte for byte: over a varied national fixture (dozens of
agencies, tasks in every window and of every kind of deadline, agencies with several pages,
progress requests and check-ins, late reports, proposals, extensions, a predecessor's
tasks, titles to cut and to escape, chats of several and of none), a morning after another
of sweeps writes exactly the outbox rows and settles exactly the reminders recorded in
``tests/data/sweep_outbox.json`` — text, buttons, silent flag, the tasks each message lists,
the reminders it carries and the follow-ups planned after it.

The recorded file is what the sweep wrote before its Python was made faster; a change to
what a reminder says is made on purpose by writing it again::

    .venv/bin/python -m tests.test_sweep_output --write
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from storage.models import EscalationRow, OfficeNoteRow, OutboxRow, ReminderRow
from tests.sweep_fixture import MORNINGS, build
from wiring import build_product

RECORDED = Path(__file__).parent / "data" / "sweep_outbox.json"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


async def sweep_output(path: Path) -> list[dict[str, Any]]:
    """Every morning's sweep over the fixture: what it returned, the rows it wrote to the
    outbox, and every reminder as it stands after it."""
    core = await build(path)
    dispatcher = build_product(core).runner.dispatcher
    out: list[dict[str, Any]] = []
    try:
        last = 0
        async with core.sessions() as session:
            planned = int(await session.scalar(select(func.max(ReminderRow.id))) or 0)
        for morning in MORNINGS:
            fired, queued = await dispatcher.fire_due(morning)
            async with core.sessions() as session:
                rows = (
                    await session.scalars(
                        select(OutboxRow).where(OutboxRow.id > last).order_by(OutboxRow.id)
                    )
                ).all()
                # Those it settled and those it planned.
                reminders = (
                    await session.execute(
                        select(
                            ReminderRow.id,
                            ReminderRow.assignment_id,
                            ReminderRow.kind,
                            ReminderRow.days_before,
                            ReminderRow.at,
                            ReminderRow.state,
                            ReminderRow.handled_at,
                            ReminderRow.outbox_id,
                            ReminderRow.claim,
                        )
                        .where((ReminderRow.handled_at == morning) | (ReminderRow.id > planned))
                        .order_by(ReminderRow.id)
                    )
                ).all()
                planned = max([planned, *(r.id for r in reminders)])
                escalations = (
                    await session.execute(
                        select(
                            EscalationRow.assignment_id,
                            EscalationRow.task_id,
                            EscalationRow.owner_id,
                            EscalationRow.at,
                            EscalationRow.chases,
                            EscalationRow.leadership_chats,
                        )
                        .where(EscalationRow.at == morning)
                        .order_by(EscalationRow.id)
                    )
                ).all()
                notes = (
                    await session.execute(
                        select(OfficeNoteRow.at, OfficeNoteRow.kind, OfficeNoteRow.html)
                        .where(OfficeNoteRow.at == morning)
                        .order_by(OfficeNoteRow.id)
                    )
                ).all()
            last = max([last, *(r.id for r in rows)])
            out.append(
                {
                    "morning": morning.isoformat(),
                    "fired": fired,
                    "queued": queued,
                    "outbox": [
                        {
                            c.key: _jsonable(getattr(row, c.key))
                            for c in OutboxRow.__mapper__.column_attrs
                        }
                        for row in rows
                    ],
                    "reminders": [[_jsonable(v) for v in r] for r in reminders],
                    "escalations": [[_jsonable(v) for v in r] for r in escalations],
                    "office_notes": [[_jsonable(v) for v in r] for r in notes],
                }
            )
    finally:
        await core.close()
    return out


def _dumps(output: list[dict[str, Any]]) -> str:
    """The recorded file: one line per row (diffs stay readable)."""
    lines = ["["]
    for n, morning in enumerate(output):
        head = {k: morning[k] for k in ("morning", "fired", "queued")}
        opening = json.dumps(head, ensure_ascii=False)[:-1] + ", "
        for key in ("outbox", "reminders", "escalations", "office_notes"):
            lines.append(f"{opening}{json.dumps(key)}: [")
            rows = [json.dumps(r, ensure_ascii=False) for r in morning[key]]
            lines += [f" {row}," for row in rows[:-1]] + [f" {row}" for row in rows[-1:]]
            opening = "], "
        lines.append("]}" + ("," if n < len(output) - 1 else ""))
    lines.append("]")
    return "\n".join(lines) + "\n"


def _covered(output: list[dict[str, Any]]) -> set[str]:
    """What the fixture's messages show (so a rewritten record cannot lose its variety)."""
    rows = [row for morning in output for row in morning["outbox"]]
    states = {r[5] for morning in output for r in morning["reminders"]}
    data = [b["data"] for row in rows for line in row["keyboard"] or [] for b in line]
    found = {"silent" if row["silent"] else "ringing" for row in rows} | {
        f"reminder {state}" for state in states
    }
    checks = {
        "paged": any(d.startswith("pg:r:") for d in data),
        "progress buttons": any(d.startswith("prog:") for d in data),
        "progress request and pages": any(
            "Đề nghị cập nhật" in row["html"] and "Trang 1/" in row["html"] for row in rows
        ),
        "one task": any("trả lời tin này bằng /xong" in row["html"] for row in rows),
        "predecessor": any("giao cho" in row["html"] for row in rows),
        "proposal": any("đề xuất gia hạn" in row["html"] for row in rows),
        "late": any("đã báo cáo chậm" in row["html"] for row in rows),
        "escaped": any("&lt;" in row["html"] and "&amp;" in row["html"] for row in rows),
        "cut": any("…" in row["html"] for row in rows),
        "group chat": any(row["chat_id"] < 0 for row in rows),
        "two chats of one agency": any(
            len({row["chat_id"] for row in m["outbox"] if row["html"] == other["html"]}) > 1
            for m in output
            for other in m["outbox"]
        ),
        "escalated": any(m["escalations"] and m["office_notes"] for m in output),
        "leadership chat told": any(row["purpose"] != "reminder" for row in rows),
        "follow-ups planned": any(
            r[6] is None and r[5] == "pending" for m in output for r in m["reminders"]
        ),
    }
    checks |= {
        f"{group}": any(f"<b>{group}" in row["html"] for row in rows)
        for group in ("⛔ Quá hạn", "⏰ Đến hạn", "🔔 Sắp đến hạn", "❔ Chưa xác định thời hạn")
    }
    checks |= {
        word: any(word in row["html"] for row in rows)
        for word in ("hạn tháng", "hạn Quý", "hạn năm", "thường xuyên", "kỳ tháng", "kỳ tuần")
    }
    return found | {name for name, shown in checks.items() if shown}


async def test_a_sweep_writes_exactly_what_was_recorded(tmp_path: Path) -> None:
    got = await sweep_output(tmp_path / "db.sqlite3")
    assert _covered(got) >= {
        "silent",
        "ringing",
        "reminder fired",
        "reminder cancelled",
        "reminder no_recipient",
        "paged",
        "progress buttons",
        "progress request and pages",
        "one task",
        "predecessor",
        "proposal",
        "late",
        "escaped",
        "cut",
        "group chat",
        "two chats of one agency",
        "follow-ups planned",
        "escalated",
        "leadership chat told",
        "⛔ Quá hạn",
        "⏰ Đến hạn",
        "🔔 Sắp đến hạn",
        "❔ Chưa xác định thời hạn",
        "hạn tháng",
        "hạn Quý",
        "hạn năm",
        "thường xuyên",
        "kỳ tháng",
        "kỳ tuần",
    }
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert [m["morning"] for m in got] == [m["morning"] for m in recorded]
    for mine, theirs in zip(got, recorded, strict=True):
        assert (mine["fired"], mine["queued"]) == (theirs["fired"], theirs["queued"])
        assert len(mine["outbox"]) == len(theirs["outbox"]), mine["morning"]
        for row, expected in zip(mine["outbox"], theirs["outbox"], strict=True):
            assert row == expected
        for key in ("reminders", "escalations", "office_notes"):
            assert mine[key] == theirs[key], (mine["morning"], key)


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        output = asyncio.run(sweep_output(Path(folder) / "db.sqlite3"))
    RECORDED.parent.mkdir(exist_ok=True)
    RECORDED.write_text(_dumps(output), encoding="utf-8")

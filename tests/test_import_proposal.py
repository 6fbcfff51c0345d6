"""The import proposal's one JSON form: every proposal the importer makes of the shipped
seeds and the shared corpus (also after the admin's fixes) reads back as the same typed
value, a payload stored before the form had a version still previews, fixes and confirms,
and a malformed one is refused by name rather than read half-way."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import JSON, insert, literal, select, type_coerce
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from bench.shared import SHARED
from chat import messages
from domain.calendar import WorkingCalendar
from domain.clock import FakeClock
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.status import ImportState
from notices.importer import IssueDateMissing, import_notice
from notices.sources import read_notice
from settings import load_settings
from storage.local_agency_files import registry_for
from storage.models import ImportRow, TaskRow
from tracking import import_edits as edits
from tracking.fix_words import FixField
from tracking.followup_dates import takes_followup
from tracking.import_proposal import (
    ImportProposal,
    ProposalUnreadable,
    ProposedTask,
    proposal_of,
)
from tracking.imports import GroupsUnresolved, ImportDesk
from tracking.preview import render_preview
from tracking.service import Actor
from wiring import SEEDS, Core, build_core

DOCUMENTS = sorted(
    [
        *SEEDS.glob("*.txt"),
        *(SHARED / "seeds").glob("*.txt"),
        *(SHARED / "corpus").rglob("*.txt"),
    ]
)
REGISTRY = registry_for()
CALENDAR = WorkingCalendar()
TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def _proposal(path: Path) -> ImportProposal:
    source = read_notice(path)
    try:
        parsed = import_notice(source.text, REGISTRY, issued=source.issued_hint)
    except IssueDateMissing:
        parsed = import_notice(source.text, REGISTRY, issued=date(2025, 6, 1))
    return proposal_of(parsed, source.text)


def _reviewed(proposal: ImportProposal, rng: random.Random) -> Iterator[ImportProposal]:
    """The proposal after a random run of the admin's fixes, one state after each."""
    agencies = [a.name for a in REGISTRY.active()]
    for _ in range(12):
        numbers = range(1, len(proposal.tasks) + 1)
        number = rng.choice(numbers)
        task = proposal.tasks[number - 1]
        try:
            match rng.randrange(5):
                case 0:
                    proposal, _ = edits.fix_task(
                        proposal,
                        number=number,
                        field=FixField.DROP,
                        value="",
                        today=TODAY,
                        registry=REGISTRY,
                        calendar=CALENDAR,
                    )
                case 1 if takes_followup(task):
                    day = date.fromordinal(TODAY.toordinal() + rng.randrange(2, 300))
                    proposal, _ = edits.choose_followup(
                        proposal, number=number, day=day, today=TODAY, calendar=CALENDAR
                    )
                case 2 if proposal.group_names():
                    chosen = rng.sample(agencies, rng.randrange(1, 4))
                    index = rng.randrange(1, len(proposal.group_names()) + 1)
                    proposal, _ = edits.map_group(proposal, index=index, agencies=chosen)
                case 3:
                    proposal, _ = edits.fix_task(
                        proposal,
                        number=number,
                        field=FixField.DEADLINE,
                        value=rng.choice(["30/9/2027", "quý II/2027", "thường xuyên", "sớm"]),
                        today=TODAY,
                        registry=REGISTRY,
                        calendar=CALENDAR,
                    )
                case _:
                    proposal, _ = edits.fix_task(
                        proposal,
                        number=number,
                        field=FixField.LEAD,
                        value=rng.choice(agencies),
                        today=TODAY,
                        registry=REGISTRY,
                        calendar=CALENDAR,
                    )
        except edits.FixRejected:
            continue  # a dropped task, or a group already gone: the admin is told
        yield proposal


def _round_trip(proposal: ImportProposal) -> ImportProposal:
    """Through the JSON text, as the database and the worker's pipe carry it."""
    return ImportProposal.from_json(json.loads(json.dumps(proposal.to_json(), ensure_ascii=False)))


def test_every_seed_and_corpus_document_is_imported() -> None:
    # The round trips below cover real proposals: the seeds and the whole corpus.
    assert len(DOCUMENTS) >= 35, DOCUMENTS


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_a_proposal_reads_back_as_itself_before_and_after_the_admins_fixes(path: Path) -> None:
    proposal = _proposal(path)
    assert _round_trip(proposal) == proposal
    if not proposal.tasks:
        return
    states = list(_reviewed(proposal, random.Random(path.name)))
    assert states, "no fix applied"
    for state in states:
        assert _round_trip(state) == state
        assert state.to_json()["version"] == ImportProposal.VERSION


def test_the_fixes_the_round_trip_covers_are_all_there() -> None:
    """The generated reviews reach every field the JSON form holds beyond the importer's:
    dropped tasks, chosen follow-up dates, mapped groups with their members."""
    seen: set[str] = set()
    for path in DOCUMENTS:
        proposal = _proposal(path)
        if not proposal.tasks:
            continue
        for state in _reviewed(proposal, random.Random(path.name)):
            for task in state.tasks:
                if task.dropped:
                    seen.add("dropped")
                if task.followup_on:
                    seen.add("followup_on")
                if task.group_agencies:
                    seen.add("group_agencies")
                if len(task.members) > 1:
                    seen.add("members")
                if task.deadline.kind is DeadlineKind.ONGOING:
                    seen.add("ongoing")
    assert seen == {"dropped", "followup_on", "group_agencies", "members", "ongoing"}


def test_the_json_form_is_versioned_and_strict() -> None:
    proposal = _proposal(SEEDS / "tb-56-vpcp-2025-02-23.txt")
    form = proposal.to_json()
    assert form["version"] == 1
    assert sorted(form) == [
        "groups",
        "issued",
        "key",
        "number",
        "tasks",
        "title",
        "unknown_agencies",
        "version",
    ]
    task = proposal.tasks[0].to_json()
    assert sorted(task) == sorted(
        [
            *("ref", "seq", "lead", "lead_known", "members", "co", "title", "text"),
            *("phrase", "due", "granularity", "kind"),
            *("group", "group_agencies", "dropped", "followup_on"),
        ]
    )
    # A field missing from a versioned form is an error, not a default.
    without = {k: v for k, v in task.items() if k != "dropped"}
    with pytest.raises(ProposalUnreadable, match="dropped"):
        ImportProposal.from_json({**form, "tasks": [without]})
    with pytest.raises(ProposalUnreadable, match="seq"):
        ImportProposal.from_json({**form, "tasks": [{**task, "seq": "1"}]})
    with pytest.raises(ProposalUnreadable, match="DeadlineKind"):
        ImportProposal.from_json({**form, "tasks": [{**task, "kind": "sometime"}]})
    with pytest.raises(ProposalUnreadable, match="version 2"):
        ImportProposal.from_json({**form, "version": 2})
    with pytest.raises(ProposalUnreadable):
        ImportProposal.from_json([form])
    # A dated kind with no date is no deadline.
    with pytest.raises(ProposalUnreadable, match="deadline"):
        ImportProposal.from_json({**form, "tasks": [{**task, "kind": "deadline", "due": None}]})


# --------------------------------------------------------------------------- old shapes

#: A payload as the first importer stored it (no version, no drop mark, no groups, no
#: follow-up date): a notice with a dated task, an undated one led by a body the registry
#: does not know, and one without a lead.
FIRST_SHAPE: dict[str, object] = {
    "key": "56/TB-VPCP",
    "number": "56/TB-VPCP",
    "issued": "2025-02-23",
    "title": "Kết luận của Thủ tướng Chính phủ",
    "unknown_agencies": ["Sở KH&CN tỉnh Nghệ An"],
    "tasks": [
        {
            "ref": "IV.1",
            "seq": 1,
            "lead": "Bộ Công an",
            "lead_known": True,
            "members": [],
            "co": ["Bộ Tài chính"],
            "title": "Hoàn thiện đề án định danh điện tử",
            "text": "Bộ Công an chủ trì hoàn thiện đề án định danh điện tử, trước 30/6/2027.",
            "phrase": "trước ngày 30 tháng 6 năm 2027",
            "due": "2027-06-30",
            "granularity": "day",
            "kind": "deadline",
        },
        {
            "ref": "IV.2",
            "seq": 1,
            "lead": "Sở KH&CN tỉnh Nghệ An",
            "lead_known": False,
            "members": [],
            "co": [],
            "title": "Triển khai nền tảng số",
            "text": "Sở KH&CN tỉnh Nghệ An khẩn trương triển khai nền tảng số.",
            "phrase": "khẩn trương",
            "due": None,
            "granularity": None,
            "kind": "none",
        },
        {
            "ref": "IV.3",
            "seq": 1,
            "lead": "",
            "lead_known": False,
            "members": [],
            "co": [],
            "title": "Tổng kết mô hình",
            "text": "Tổng kết mô hình, hằng tháng báo cáo.",
            "phrase": "hằng tháng",
            "due": None,
            "granularity": "monthly",
            "kind": "recurring",
        },
    ],
}


def _task(payload: dict[str, object], number: int) -> dict[str, object]:
    tasks = payload["tasks"]
    assert isinstance(tasks, list)
    task = tasks[number - 1]
    assert isinstance(task, dict)
    return task


def _shape(**changes: dict[str, object]) -> dict[str, object]:
    """The first shape with some tasks' fields added as later versions wrote them."""
    payload = json.loads(json.dumps(FIRST_SHAPE))
    for number, fields in changes.items():
        _task(payload, int(number.removeprefix("t"))).update(fields)
    return dict(payload)


#: Each shape a database may hold: the first; with a dropped task (stable numbers); with a
#: chosen follow-up date; with groups (``group``, ``groups``, ``group_agencies``) — all
#: without a version.
OLD_SHAPES = {
    "first": FIRST_SHAPE,
    "dropped": _shape(t1={"dropped": True}),
    "followup": _shape(t2={"followup_on": "2026-12-21"}),
    "groups": {
        **_shape(t2={"group": "Sở KH&CN tỉnh Nghệ An"}),
        "groups": ["Sở KH&CN tỉnh Nghệ An"],
    },
    "mapped": {
        **_shape(
            t2={
                "group": "Sở KH&CN tỉnh Nghệ An",
                "group_agencies": ["Bộ Khoa học và Công nghệ"],
                "lead": "Bộ Khoa học và Công nghệ",
                "lead_known": True,
            }
        ),
        "groups": ["Sở KH&CN tỉnh Nghệ An"],
    },
}


@pytest.mark.parametrize("name", OLD_SHAPES)
def test_a_payload_from_before_the_version_reads_as_it_did(name: str) -> None:
    proposal = ImportProposal.from_json(OLD_SHAPES[name])
    assert proposal.key == "56/TB-VPCP"
    assert proposal.issued == date(2025, 2, 23)
    first, second, third = proposal.tasks
    assert first.deadline == Deadline(
        due=date(2027, 6, 30),
        granularity=Granularity.DAY,
        kind=DeadlineKind.DEADLINE,
        phrase="trước ngày 30 tháng 6 năm 2027",
    )
    assert first.co == ("Bộ Tài chính",)
    assert first.dropped is (name == "dropped")
    assert second.followup_on == (date(2026, 12, 21) if name == "followup" else None)
    # Before groups, a written unknown lead was its group; a task without a lead has none.
    assert second.group_name == "Sở KH&CN tỉnh Nghệ An"
    assert third.group_name == ""
    assert third.deadline.granularity is Granularity.MONTHLY
    assert proposal.group_names() == ["Sở KH&CN tỉnh Nghệ An"]
    mapped = name == "mapped"
    assert proposal.unresolved_groups() == ({} if mapped else {"Sở KH&CN tỉnh Nghệ An": [2]})
    # Written again it is the current form, and reads back as the same value.
    assert _round_trip(proposal) == proposal
    assert proposal.to_json()["version"] == ImportProposal.VERSION


def test_an_unreadable_chosen_date_of_an_old_payload_is_no_date() -> None:
    old = _shape(t2={"followup_on": "21/12"})
    assert ImportProposal.from_json(old).tasks[1].followup_on is None
    new = ImportProposal.from_json(old).to_json()
    _task(new, 2)["followup_on"] = "21/12"
    with pytest.raises(ProposalUnreadable, match="followup_on"):
        ImportProposal.from_json(new)


async def store_as_written(
    session: AsyncSession,
    payload: dict[str, object],
    *,
    chat_id: int,
    source: str,
    created_at: datetime,
) -> None:
    """A pending import whose payload is stored as an earlier version of the code wrote it
    (plain JSON, past the column's type)."""
    await session.execute(
        insert(ImportRow).values(
            chat_id=chat_id,
            user_id=chat_id,
            created_at=created_at,
            state=ImportState.PENDING,
            source=source,
            payload=literal(payload, JSON),
        )
    )


async def _desk(tmp_path: Path) -> tuple[ImportDesk, Core]:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"}, require_bot=False
    )
    core = build_core(settings, FakeClock(NOW))
    await core.prepare(seed=False)
    return ImportDesk(sessions=core.sessions, tracker=core.tracker), core


@pytest.mark.parametrize("name", OLD_SHAPES)
async def test_a_stored_old_payload_still_previews_fixes_and_confirms(
    tmp_path: Path, name: str
) -> None:
    desk, core = await _desk(tmp_path)
    try:
        async with desk._sessions.begin() as session:
            await store_as_written(
                session, OLD_SHAPES[name], chat_id=7, source="tb.txt", created_at=NOW
            )
        pending = await desk.current(chat_id=7)
        text = messages.import_preview_page(
            number=pending.proposal.number,
            issued=pending.proposal.issued,
            title=pending.proposal.title,
            tasks=pending.tasks,
            unknown=pending.proposal.unknown_agencies,
        )[0]
        assert "Hoàn thiện đề án định danh điện tử" in text
        assert "Sở KH&amp;CN tỉnh Nghệ An" in text
        # The unknown lead waits: ✅ stores nothing until it is given an agency.
        if name != "mapped":
            with pytest.raises(GroupsUnresolved) as waiting:
                await desk.confirm(chat_id=7, import_id=None, actor=Actor(name="A"), now=NOW)
            assert waiting.value.groups == {"Sở KH&CN tỉnh Nghệ An": [2]}
            assert waiting.value.no_lead == [3]
            mapped = await desk.map_group(
                chat_id=7, import_id=None, index=1, agencies=["Bộ Khoa học và Công nghệ"]
            )
            assert mapped.numbers == (2,)
        _, changed = await desk.fix(
            chat_id=7, number=3, field=FixField.LEAD, value="Bộ Y tế", today=TODAY
        )
        assert changed is not None
        assert changed.lead == "Bộ Y tế"
        async with desk._sessions() as session:
            stored = await session.scalar(select(type_coerce(ImportRow.payload, JSON)))
            assert stored["version"] == ImportProposal.VERSION  # written anew
        report = await desk.confirm(chat_id=7, import_id=None, actor=Actor(name="A"), now=NOW)
        async with desk._sessions() as session:
            titles = sorted((await session.scalars(select(TaskRow.title))).all())
        expected = ["Triển khai nền tảng số", "Tổng kết mô hình"]
        if name != "dropped":
            expected.insert(0, "Hoàn thiện đề án định danh điện tử")
        assert titles == sorted(expected)
        assert report.tasks_added == len(expected)
        assert report.notice_key == "56/TB-VPCP"
    finally:
        await core.close()


def test_the_preview_of_a_proposal_is_the_preview_of_its_json_form() -> None:
    proposal = _proposal(SEEDS / "tb-203-vpcp-2024-05-06.txt")
    dropped = proposal.with_tasks([replace(proposal.tasks[0], dropped=True), *proposal.tasks[1:]])

    def shown(p: ImportProposal) -> str:
        text = render_preview(
            number=p.number,
            issued=p.issued,
            title=p.title,
            tasks=p.tasks,
            unknown=p.unknown_agencies,
            fmt_due=messages.fmt_due,
            fmt_date=messages.fmt_date,
            html=True,
        )
        return "\n".join([text.head, *text.items, text.footer])

    assert shown(_round_trip(dropped)) == shown(dropped)
    assert shown(dropped) != shown(proposal)


def test_a_task_made_outside_the_importer_is_its_written_lead_group() -> None:
    task = ProposedTask(
        ref="1",
        seq=1,
        lead="Ban Quản lý dự án",
        lead_known=False,
        title="t",
        text="t",
        deadline=Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase=""),
    )
    assert task.group_name == "Ban Quản lý dự án"
    assert task.led_by("Bộ Y tế").group_name == ""


# --------------------------------------------------------------------------- generated

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyÀẢẠỆỸ0123456789 ,.;:-–—“”\"'\\/\n\t&<>{}[]📅👥✅"


def _text(rng: random.Random, longest: int = 40) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(longest)))


def _day(rng: random.Random) -> date:
    return date.fromordinal(date(2020, 1, 1).toordinal() + rng.randrange(4000))


def _deadline(rng: random.Random) -> Deadline:
    kind = rng.choice(list(DeadlineKind))
    if kind is DeadlineKind.DEADLINE:
        granularity: Granularity | None = rng.choice(
            [Granularity.DAY, Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR]
        )
        return Deadline(due=_day(rng), granularity=granularity, kind=kind, phrase=_text(rng))
    granularity = rng.choice([None, *Granularity]) if kind is DeadlineKind.RECURRING else None
    return Deadline(due=None, granularity=granularity, kind=kind, phrase=_text(rng))


def _generated(rng: random.Random) -> ImportProposal:
    names = [_text(rng, 20) for _ in range(4)]
    tasks = tuple(
        ProposedTask(
            ref=_text(rng, 8),
            seq=rng.randrange(1, 9),
            lead=rng.choice(["", *names]),
            lead_known=rng.random() < 0.5,
            members=tuple(rng.sample(names, rng.randrange(3))),
            co=tuple(rng.sample(names, rng.randrange(3))),
            title=_text(rng),
            text=_text(rng, 400),
            deadline=_deadline(rng),
            group=rng.choice(["", *names]),
            group_agencies=tuple(rng.sample(names, rng.randrange(3))),
            dropped=rng.random() < 0.2,
            followup_on=_day(rng) if rng.random() < 0.3 else None,
        )
        for _ in range(rng.randrange(12))
    )
    return ImportProposal(
        key=_text(rng, 20),
        number=_text(rng, 12),
        issued=_day(rng) if rng.random() < 0.8 else None,
        title=_text(rng, 200),
        unknown_agencies=tuple(rng.sample(names, rng.randrange(4))),
        groups=tuple(rng.sample(names, rng.randrange(4))),
        tasks=tasks,
    )


def test_generated_proposals_read_back_as_themselves() -> None:
    """Every field at values the importer rarely makes: empty texts, quotes, newlines,
    HTML and JSON characters, emoji, every deadline kind and granularity, dates far off."""
    rng = random.Random(8)
    kinds: set[DeadlineKind] = set()
    for _ in range(300):
        proposal = _generated(rng)
        assert _round_trip(proposal) == proposal
        kinds.update(t.deadline.kind for t in proposal.tasks)
    assert kinds == set(DeadlineKind)


async def test_the_payload_column_stores_a_proposal_and_reads_it_back_as_one(
    tmp_path: Path,
) -> None:
    desk, core = await _desk(tmp_path)
    proposal = ImportProposal.from_json(OLD_SHAPES["followup"])
    try:
        async with desk._sessions.begin() as session:
            session.add(
                ImportRow(
                    chat_id=7,
                    user_id=7,
                    created_at=NOW,
                    state=ImportState.PENDING,
                    source="tb.txt",
                    payload=proposal,
                )
            )
        async with desk._sessions() as session:
            row = await session.scalar(select(ImportRow))
            stored = await session.scalar(select(type_coerce(ImportRow.payload, JSON)))
        assert row is not None
        assert isinstance(row.payload, ImportProposal)
        assert row.payload == proposal
        assert stored == proposal.to_json()  # the one JSON form, its version included
        with pytest.raises(StatementError, match="an import proposal is stored, not dict"):
            async with desk._sessions.begin() as session:
                session.add(
                    ImportRow(
                        chat_id=8,
                        user_id=8,
                        created_at=NOW,
                        state=ImportState.PENDING,
                        source="tb.txt",
                        payload=proposal.to_json(),  # type: ignore[arg-type]
                    )
                )
    finally:
        await core.close()

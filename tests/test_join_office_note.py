"""The office's note of a new focal point or leadership chat is written with the
registration, in one transaction: a chat is never registered without the office being
told, even when the write that used to follow the welcome could not have its turn (it was
then answered "đang bận … chưa được ghi nhận" although the chat was registered)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.clock import FakeClock
from domain.errors import InviteInvalid
from domain.status import OutboxPurpose
from settings import load_settings
from storage.db import reading
from storage.models import ChatRow, OutboxRow
from tracking.service import Actor
from wiring import Core, build_core

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
ADMIN = 1001
OFFICE = Actor(name="Văn phòng", user_id=ADMIN)


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    settings = load_settings(
        {
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'join.sqlite3'}",
            "ADMIN_IDS": str(ADMIN),
            "ADMIN_NOTIFY": "instant",
        },
        require_bot=False,
    )
    built = build_core(settings, FakeClock(NOW))
    await built.prepare(seed=False)
    try:
        yield built
    finally:
        await built.close()


async def _counts(core: Core) -> tuple[int, int]:
    async with reading(core.sessions) as session:
        chats = await session.scalar(select(func.count()).select_from(ChatRow))
        notes = await session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.purpose == OutboxPurpose.ADMIN, OutboxRow.chat_id == ADMIN)
        )
    return chats or 0, notes or 0


async def test_the_office_note_is_committed_with_the_registration(core: Core) -> None:
    invite = await core.tracker.create_invite(agency="Bộ Công an", actor=OFFICE, now=NOW)
    seen: list[str] = []

    def note(joined: object) -> str:
        seen.append(getattr(joined, "agency", ""))
        return "Bộ Công an có cán bộ đầu mối mới"

    await core.tracker.redeem_invite(
        token=invite.token,
        chat_id=2001,
        title="Lan",
        actor=Actor(name="Lan", user_id=2001),
        now=NOW,
        office_note=note,
    )

    assert seen == ["Bộ Công an"]
    assert await _counts(core) == (1, 1)


async def test_a_refused_link_writes_neither_the_chat_nor_the_note(core: Core) -> None:
    invite = await core.tracker.create_invite(agency="Bộ Công an", actor=OFFICE, now=NOW)
    join = {"chat_id": 2001, "title": "Lan", "actor": Actor(name="Lan", user_id=2001), "now": NOW}
    await core.tracker.redeem_invite(token=invite.token, office_note=lambda _: "một", **join)

    with pytest.raises(InviteInvalid):  # used already, by another chat
        await core.tracker.redeem_invite(
            token=invite.token,
            chat_id=2002,
            title="Minh",
            actor=Actor(name="Minh", user_id=2002),
            now=NOW,
            office_note=lambda _: "hai",
        )

    assert await _counts(core) == (1, 1)

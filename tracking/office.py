"""The office's daily digest (``ADMIN_NOTIFY=digest``): what needed no decision during the
day — reports, progress notes, escalations, chats that became unreachable, new focal
points — as one message per admin at ``ADMIN_DIGEST_TIME`` on working days.

The notes wait in the database (``office_notes``, written in the transaction of what they
tell). Each pass of the dispatcher calls :meth:`OfficeDigest.run`; once the day's time has
come on a working day:

1. the day is *claimed* by inserting its ``office_digests`` row (unique on the day) — a
   second pass, a second process or a restart finds it and does nothing more (and the
   process remembers the day, so its later passes that day do not even try);
2. in the same transaction every note not yet in a digest is marked with it, and the
   digest is queued in the outbox for every admin as one message (a long one pages with
   ◀ ▶, rendered again from its notes), whence it is claimed before it is sent like every
   admin notice.

A day with no notes sends nothing (its row records that it was handled). The notes of a
weekend or a holiday, or of a day the bot was down past midnight, go into the next working
day's digest; a bot that comes back later the same day sends that day's at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from delivery.outbox import queue_admin_notice
from domain.calendar import WorkingCalendar
from domain.status import OfficeNoteKind
from storage.models import OfficeDigestRow, OfficeNoteRow

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class OfficeNote:
    """One line of the digest, as it was written."""

    kind: OfficeNoteKind
    at: datetime
    html: str


#: The digest of a day: (the day, its notes in order) → its one message's first page and
#: buttons (◀ ▶ to the other pages, rendered again from the notes the day's digest took).
RenderDigest = Callable[[date, Sequence[OfficeNote]], tuple[str, list[Any] | None]]


class OfficeDigest:
    """Claims, builds and queues each working day's digest, once."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        calendar: WorkingCalendar,
        timezone: ZoneInfo,
        at: time,
        admin_ids: frozenset[int],
        render: RenderDigest,
    ) -> None:
        self._sessions = sessions
        self._calendar = calendar
        self._timezone = timezone
        self._at = at
        self._admin_ids = admin_ids
        self._render = render
        self._handled: date | None = None
        """The last day whose digest this process built or found built: the passes after it
        that day do nothing (after a restart, the day's row says so once)."""

    def due_day(self, now: datetime) -> date | None:
        """The working day whose digest is due at ``now`` (its time has come), or None."""
        local = now.astimezone(self._timezone)
        if not self._calendar.is_working_day(local.date()) or local.time() < self._at:
            return None
        return local.date()

    async def run(self, now: datetime) -> int:
        """Claim today's digest if it is due and queue it; returns the messages queued."""
        day = self.due_day(now)
        if day is None or day == self._handled:
            return 0
        try:
            async with self._sessions.begin() as session:
                queued = await self._claim(session, day, now)
        except IntegrityError:
            self._handled = day
            return 0  # today's digest is already built
        self._handled = day
        if queued:
            log.info("office digest of %s queued as %d message(s)", day, queued)
        return queued

    async def _claim(self, session: AsyncSession, day: date, now: datetime) -> int:
        digest = OfficeDigestRow(day=day, created_at=now)
        session.add(digest)
        # The insert comes first: a competing pass waits on it (or fails on the unique
        # day) before it can read a note.
        await session.flush()
        rows = (
            await session.execute(
                select(OfficeNoteRow.id, OfficeNoteRow.kind, OfficeNoteRow.at, OfficeNoteRow.html)
                .where(OfficeNoteRow.digest_id.is_(None), OfficeNoteRow.at <= now)
                .order_by(OfficeNoteRow.at, OfficeNoteRow.id)
            )
        ).all()
        digest.notes = len(rows)
        if not rows:
            return 0
        await session.execute(
            update(OfficeNoteRow)
            .where(OfficeNoteRow.id.in_([row.id for row in rows]))
            .values(digest_id=digest.id)
            .execution_options(synchronize_session=False)
        )
        notes = [OfficeNote(kind=row.kind, at=row.at, html=row.html) for row in rows]
        html, keyboard = self._render(day, notes)
        queue_admin_notice(session, self._admin_ids, html, now, keyboard or None)
        return len(self._admin_ids)


__all__ = ["OfficeDigest", "OfficeNote", "RenderDigest"]

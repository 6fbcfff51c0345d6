"""The admins' own commands: ``/addtask`` (with its follow-up date) and ``/agencies``."""

from __future__ import annotations

from datetime import date

from telegram import Update

from chat import followdate_messages as fdm
from chat import list_messages as lists
from chat import messages, refusals
from chat.followdate import split_followup
from chat.paging import send_page
from chat.parsing import parse_addtask
from chat.surface import Context, SurfaceCore, actor_of
from chat.transport import markup
from domain.deadline import Deadline
from domain.errors import DeadlineNotUnderstood, UnknownAgency
from domain.followup_date import FollowUpDateRefused, takes_followup_date
from domain.year_window import in_year_window, year_window
from notices.deadlines import parse_admin_deadline


class AdminChat(SurfaceCore):
    """``/addtask`` and ``/agencies``."""

    async def addtask(self, update: Update, context: Context) -> None:
        if not await self._require_admin(update):
            return
        message = update.effective_message
        text = (message.text or "") if message else ""
        await self._add_task(update, text)

    async def _add_task(self, update: Update, text: str, agency_id: str | None = None) -> None:
        """``/addtask`` as typed in ``text``; ``agency_id`` replaces its agency (the agency
        chosen with a "Có phải …?" button)."""
        body = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
        body, followup_text = split_followup(body)
        parsed = parse_addtask(body)
        agency = (
            self._tracker.registry.get(agency_id).name
            if agency_id is not None
            else self._agency_named(parsed.agency)
        )
        if agency is None:
            await self._ask_agency(update, parsed.agency, "add")
            return
        now = self._now()
        try:
            deadline = parse_admin_deadline(parsed.deadline, self._today(now))
            if deadline.due is not None and not in_year_window(deadline.due, self._today(now)):
                low, high = year_window(self._today(now))
                await self._say(update, refusals.deadline_out_of_range(low, high))
                return
            members = self._tracker.members_of(agency, ())
            typed_ok, followup_on = await self._typed_followup(update, followup_text, deadline)
            if not typed_ok:
                return
            task_id = await self._tracker.add_task(
                agency=agency,
                title=parsed.title,
                deadline=deadline,
                actor=actor_of(update.effective_user),
                now=now,
                followup_on=followup_on,
            )
        except UnknownAgency:
            await self._ask_agency(update, parsed.agency, "add")
            return
        except DeadlineNotUnderstood:
            await self._say(update, messages.deadline_not_understood(parsed.deadline))
            return
        added = messages.task_added(
            task_id,
            parsed.title,
            agency,
            messages.fmt_due(deadline.due, deadline.granularity, deadline.kind),
            len(members),
        )
        proposal = None if followup_on else self._followdate.proposal(task_id, deadline)
        if followup_on:
            added += "\n" + fdm.chosen_line(followup_on)
        elif proposal is not None:
            added += "\n\n" + proposal[0]
        await self._say(update, added, reply_markup=markup(proposal[1]) if proposal else None)
        self._notify()

    async def _typed_followup(
        self, update: Update, typed: str | None, deadline: Deadline
    ) -> tuple[bool, date | None]:
        """Whether the follow-up date typed at the end of /addtask can be used (a refused
        one is answered here), and that date (None when none was typed)."""
        if typed is None:
            return True, None
        if not takes_followup_date(deadline.kind, deadline.granularity):
            await self._say(update, fdm.dated_addtask())
            return False, None
        try:
            return True, self._followdate.typed(typed)
        except (DeadlineNotUnderstood, FollowUpDateRefused) as error:
            await self._say(update, self._followdate.refusal(error))
            return False, None

    async def agencies(self, update: Update, context: Context) -> None:
        if not await self._require_admin(update):
            return
        overview = await self._tracker.agencies_overview(self._today(self._now()))
        page = lists.agencies_page(overview)
        await send_page(self, update, page, lists.page_keyboard("a", page, buttons=False))

"""The dispatcher's words from the chat catalogue: the renderer ``scheduler.dispatch``
declares (``Renderer``), implemented here so the delivery imports nothing of the chat.

No text of its own: it picks the catalogue's reminder (one page with its buttons, or with
progress requests the contact catalogue's parts) and its notices of a chat that was lost.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from chat import contact_messages, list_messages, messages
from chat.list_messages import Keyboard, ReminderParts
from domain.task_line import TaskLine
from scheduler.firing import Rendered

#: Reminders kept rendered (for a day: a sweep's agencies share their tasks' pages).
KEPT_PAGES = 4096


class ChatRenderer:
    """:class:`scheduler.dispatch.Renderer` in the catalogue's words."""

    def __init__(self) -> None:
        self._day: date | None = None
        self._pages: dict[tuple[object, ...], tuple[ReminderParts, list[int], Keyboard, bool]]
        self._pages = {}

    @property
    def message_budget(self) -> int:
        return messages.MESSAGE_BUDGET

    def reminder(
        self, agency: str, lines: Sequence[TaskLine], today: date, asked: Collection[int]
    ) -> list[Rendered]:
        """Tasks asked for progress: the reminder with the progress request and its 📝
        buttons. Otherwise the reminder's first page, ◀ ▶ to page in place, silent when
        only far windows are listed.

        A first page is rendered once a day for all the agencies whose lines render alike
        (``list_messages.reminder_key``: a task given to many agencies), only its name
        written into each; their messages share its buttons and task list (not to be
        changed), so the outbox writes each layout's JSON once."""
        if asked:
            return [
                Rendered(html=html, task_ids=task_ids, keyboard=keyboard)
                for html, task_ids, keyboard in contact_messages.render_reminder(
                    agency, lines, today, asked
                )
            ]
        if today != self._day or len(self._pages) >= KEPT_PAGES:
            self._pages.clear()
            self._day = today
        key = list_messages.reminder_key(lines, agency)
        found = self._pages.get(key)
        if found is None:
            parts = list_messages.reminder_parts(agency, lines, today)
            keyboard = list_messages.page_keyboard("r", parts.page_for(agency))
            tasks = [line.task_id for line in lines]
            found = self._pages[key] = (parts, tasks, keyboard, list_messages.quiet(lines, today))
        parts, tasks, keyboard, silent = found
        return [Rendered(html=parts.html(agency), task_ids=tasks, keyboard=keyboard, silent=silent)]

    def chat_gone_reason(self, blocked: bool) -> str:
        return messages.chat_gone_reason(blocked)

    def chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        return messages.chat_disabled(chat_title, agency, reason)

    def leadership_chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        return messages.leadership_chat_disabled(chat_title, agency, reason)


__all__ = ["ChatRenderer"]

"""The dispatcher's words from the chat catalogue: the renderer ``scheduler.dispatch``
declares (``Renderer``), implemented here so the delivery imports nothing of the chat.

No text of its own: it picks the catalogue's reminder (one page with its buttons, or with
progress requests the contact catalogue's parts) and its notices of a chat that was lost.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from chat import contact_messages, list_messages, messages
from domain.task_line import TaskLine
from scheduler.firing import Rendered


class ChatRenderer:
    """:class:`scheduler.dispatch.Renderer` in the catalogue's words."""

    @property
    def message_budget(self) -> int:
        return messages.MESSAGE_BUDGET

    def reminder(
        self, agency: str, lines: Sequence[TaskLine], today: date, asked: Collection[int]
    ) -> list[Rendered]:
        """Tasks asked for progress: the reminder with the progress request and its 📝
        buttons. Otherwise the reminder's first page, ◀ ▶ to page in place, silent when
        only far windows are listed."""
        if asked:
            return [
                Rendered(html=html, task_ids=task_ids, keyboard=keyboard)
                for html, task_ids, keyboard in contact_messages.render_reminder(
                    agency, lines, today, asked
                )
            ]
        page = list_messages.reminder_page(agency, lines, today)
        return [
            Rendered(
                html=page.html,
                task_ids=[line.task_id for line in lines],
                keyboard=list_messages.page_keyboard("r", page),
                silent=list_messages.quiet(lines, today),
            )
        ]

    def chat_gone_reason(self, blocked: bool) -> str:
        return messages.chat_gone_reason(blocked)

    def chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        return messages.chat_disabled(chat_title, agency, reason)

    def leadership_chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        return messages.leadership_chat_disabled(chat_title, agency, reason)


__all__ = ["ChatRenderer"]

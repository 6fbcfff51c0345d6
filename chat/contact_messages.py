"""What the bot says when it contacts an agency without being asked: progress requests for
undated tasks and check-ins for standing duties (grouped with the chat's reminders), and
the hint for a free-text answer to them. Vietnamese, Telegram HTML, always escaped.

The reminder itself is the list catalogue's one message (``chat.list_messages``); this
module only adds the tasks that are asked for progress, in a section of their own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date

from chat import list_messages
from domain.task_line import TaskLine

#: At most this many tasks of one message get their own buttons (Telegram takes 100).
BUTTON_TASKS = 50
#: The first line of the progress-request section; a reply to a message carrying it is an
#: answer to a progress request (read back from the text, so it survives a restart).
FOLLOWUP_TITLE = "📝 <b>Đề nghị cập nhật tình hình thực hiện</b>"
_FOLLOWUP_MARK = "Đề nghị cập nhật tình hình thực hiện"


def render_reminder(
    agency: str, lines: Sequence[TaskLine], today: date, asked: Collection[int], page: int = 0
) -> list[tuple[str, list[int], list[list[dict[str, str]]] | None]]:
    """One chat's reminder when some of its tasks are asked for progress: the catalogue's
    one-message reminder (its ``page``, ◀ ▶ to page in place), then the progress request,
    on every page (the request is the reminder's, whichever page is shown), with a 📝
    button for each task asked on that page first, then the others asked."""
    shown_page = list_messages.reminder_page(agency, lines, today, page)
    shown = [task_id for task_id in shown_page.task_ids if task_id in asked]
    others = [line.task_id for line in lines if line.task_id in asked][:BUTTON_TASKS]
    example = (shown or others)[0]
    listed = ", ".join(f"#{task_id}" for task_id in others)
    html = (
        f"{shown_page.html}\n\n{FOLLOWUP_TITLE}\n"
        f"Nhiệm vụ chưa xác định thời hạn hoặc thực hiện thường xuyên: {listed}. Đề nghị "
        f"anh/chị cập nhật tình hình thực hiện bằng /tiendo {example} đã gửi dự thảo lấy ý "
        f"kiến các bộ, hoặc /done {example} khi đã hoàn thành; hoặc bấm nút 📝 bên dưới."
    )
    keyboard = list_messages.page_keyboard("r", shown_page) + [
        [{"text": f"📝 Cập nhật tiến độ #{task_id}", "data": f"prog:{task_id}"}]
        for task_id in (shown + [t for t in others if t not in shown])[: list_messages.PAGE_SIZE]
    ]
    return [(html, [line.task_id for line in lines], keyboard)]


def is_progress_request(text: str) -> bool:
    """Whether a bot message (as the client shows it, without HTML) asked for progress."""
    return _FOLLOWUP_MARK in text


def progress_prompt(task_id: int, mention: str = "") -> str:
    """The 📝 button's question; in a group it names the person who pressed (``mention``,
    HTML), so that Telegram shows the reply box to that person only."""
    who = f"{mention}, đề nghị anh/chị" if mention else "đề nghị anh/chị"
    return (
        f"📝 Cập nhật tiến độ nhiệm vụ <b>#{task_id}</b>: {who} <b>trả lời tin nhắn này</b> "
        "với tình hình thực hiện, ví dụ “đã gửi dự thảo lấy ý kiến các bộ”."
    )


_PROGRESS_PROMPT = re.compile(r"^📝 Cập nhật tiến độ nhiệm vụ #(\d+):")


def progress_prompt_task(text: str) -> int | None:
    """The task a progress prompt asked about, read back from the prompt's text."""
    match = _PROGRESS_PROMPT.match(text)
    return int(match[1]) if match else None


def progress_hint(task_ids: Sequence[int]) -> str:
    """A free-text answer to a progress request: how to record it."""
    example = task_ids[0]
    return (
        "Bot chưa ghi nhận tin trả lời này. Đề nghị anh/chị cập nhật tình hình thực hiện bằng "
        f"lệnh /tiendo {example} và nội dung, ví dụ: /tiendo {example} đã gửi dự thảo lấy ý "
        f"kiến các bộ; khi đã hoàn thành: /done {example}. Hoặc bấm nút 📝 Cập nhật tiến độ "
        "trên tin nhắc."
    )


def empty_progress() -> str:
    return "Đề nghị anh/chị ghi nội dung tiến độ, ví dụ “đã gửi dự thảo lấy ý kiến các bộ”."

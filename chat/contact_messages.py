"""What the bot says when it contacts an agency without being asked: progress requests for
undated tasks and check-ins for standing duties (grouped with the chat's reminders), and
the hint for a free-text answer to them. Vietnamese, Telegram HTML, always escaped.

The dated part of a reminder is the main catalogue's (``chat.messages``); this module only
adds the tasks that are asked for progress, in a section of their own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date

from chat import list_messages, messages
from chat.messages import e
from chat.status_words import proposal_mark
from domain.deadline import DeadlineKind, Granularity
from domain.status import TaskStatus
from domain.task_line import TaskLine

#: At most this many tasks of one message get their own buttons (Telegram takes 100).
BUTTON_TASKS = 50
#: The first line of the progress-request section; a reply to a message carrying it is an
#: answer to a progress request (read back from the text, so it survives a restart).
FOLLOWUP_TITLE = "📝 <b>Đề nghị cập nhật tình hình thực hiện</b>"
_FOLLOWUP_MARK = "Đề nghị cập nhật tình hình thực hiện"

_PERIOD = {
    Granularity.WEEKLY: "hằng tuần",
    Granularity.MONTHLY: "hằng tháng",
    Granularity.QUARTERLY: "hằng quý",
    Granularity.YEARLY: "hằng năm",
}


def timing(line: TaskLine) -> str:
    """The timing of a task without a deadline, in the glossary's words."""
    if line.kind is DeadlineKind.ONGOING:
        return "thường xuyên"
    if line.kind is DeadlineKind.RECURRING:
        period = _PERIOD.get(line.granularity) if line.granularity else None
        return f"định kỳ {period}" if period else "định kỳ"
    phrase = " ".join(line.phrase.split())
    if phrase:
        return f"chưa xác định thời hạn (văn bản ghi “{e(phrase)}”)"
    return "chưa xác định thời hạn"


def followup_line(index: int, line: TaskLine) -> str:
    """One task asked for progress: its number, title and timing."""
    status = " · báo chậm" if line.status is TaskStatus.LATE else ""
    return (
        f"{index}. <b>#{line.task_id}</b> {e(line.title)}\n"
        f"    {timing(line)}{status}{proposal_mark(line.proposed_due)}"
    )


def _footer(asked: Sequence[TaskLine], dated: bool) -> str:
    example = asked[0].task_id
    ask = (
        f"Đề nghị anh/chị cập nhật tình hình thực hiện bằng /tiendo {example} "
        "đã gửi dự thảo lấy ý kiến các bộ, "
        f"hoặc /done {example} khi đã hoàn thành; hoặc bấm nút bên dưới."
    )
    if not dated:
        return ask
    return (
        f"Nhiệm vụ có thời hạn: /done số nhiệm vụ khi đã hoàn thành, /late số nhiệm vụ và lý do "
        f"nếu bị chậm. {ask}"
    )


def reminder_parts(
    agency: str, lines: Sequence[TaskLine], today: date, asked: Collection[int]
) -> list[tuple[str, list[int]]]:
    """The messages of one chat's reminder, each with the ids of the tasks it lists.

    Without progress requests this is the main catalogue's reminder; with them, the dated
    tasks come first (most urgent first), then the section of tasks asked for progress."""
    followups = [line for line in lines if line.task_id in asked]
    if not followups:
        page = list_messages.reminder_page(agency, lines, today)
        return [(page.html, [line.task_id for line in lines])]
    dated = [line for line in lines if line.task_id not in asked]
    overdue = sum(1 for line in dated if (line.days_left(today) or 0) < 0)
    if dated:
        summary = f"{e(agency)} có {len(dated)} nhiệm vụ cần báo cáo"
        if overdue:
            summary += f", trong đó <b>{overdue} quá hạn</b>"
        summary += f"; {len(followups)} nhiệm vụ đề nghị cập nhật tình hình thực hiện."
        header = f"🔔 <b>Nhắc hạn nhiệm vụ</b>\n{summary}"
    else:
        header = (
            f"{FOLLOWUP_TITLE}\n{e(agency)}: {len(followups)} nhiệm vụ chưa xác định thời hạn "
            "hoặc thực hiện thường xuyên, định kỳ."
        )
    items = [
        f"{i}. " + list_messages.task_item(line, today, agency)
        for i, line in enumerate(dated, start=1)
    ]
    ids = [line.task_id for line in dated]
    for i, line in enumerate(followups, start=len(dated) + 1):
        text = followup_line(i, line)
        if dated and i == len(dated) + 1:
            text = f"{FOLLOWUP_TITLE}\n{text}"
        items.append(text)
        ids.append(line.task_id)
    texts = messages.chunk(header, items, _footer(followups, bool(dated)))
    parts: list[tuple[str, list[int]]] = []
    next_item = 0
    for text in texts:
        listed: list[int] = []
        offset = 0
        while next_item < len(items):
            found = text.find(items[next_item].rstrip(), offset)
            if found < 0:
                break
            offset = found + len(items[next_item].rstrip())
            listed.append(ids[next_item])
            next_item += 1
        parts.append((text, listed))
    return parts


def reminder_keyboard(
    task_ids: Sequence[int], asked: Collection[int]
) -> list[list[dict[str, str]]]:
    """Buttons of one reminder message: done / late for a dated task, done / progress for a
    task asked for progress."""
    if not any(task_id in asked for task_id in task_ids):
        return list_messages.task_buttons(task_ids[:BUTTON_TASKS])
    rows: list[list[dict[str, str]]] = []
    for task_id in task_ids[:BUTTON_TASKS]:
        if task_id in asked:
            rows.append(
                [
                    {"text": f"✅ Hoàn thành #{task_id}", "data": f"done:{task_id}"},
                    {"text": f"📝 Cập nhật tiến độ #{task_id}", "data": f"prog:{task_id}"},
                ]
            )
        else:
            rows.extend(list_messages.task_buttons([task_id]))
    return rows


def render_reminder(
    agency: str, lines: Sequence[TaskLine], today: date, asked: Collection[int]
) -> list[tuple[str, list[int], list[list[dict[str, str]]] | None]]:
    """One chat's reminder for the dispatcher when some of its tasks are asked for progress:
    the catalogue's one-message reminder (its first page, ◀ ▶ to page in place), then the
    progress request, with a 📝 button for each task asked on that page."""
    page = list_messages.reminder_page(agency, lines, today)
    shown = [task_id for task_id in page.task_ids if task_id in asked]
    others = [line.task_id for line in lines if line.task_id in asked][:BUTTON_TASKS]
    example = (shown or others)[0]
    listed = ", ".join(f"#{task_id}" for task_id in others)
    html = (
        f"{page.html}\n\n{FOLLOWUP_TITLE}\n"
        f"Nhiệm vụ chưa xác định thời hạn hoặc thực hiện thường xuyên: {listed}. Đề nghị "
        f"anh/chị cập nhật tình hình thực hiện bằng /tiendo {example} đã gửi dự thảo lấy ý "
        f"kiến các bộ, hoặc /done {example} khi đã hoàn thành; hoặc bấm nút 📝 bên dưới."
    )
    keyboard = list_messages.page_keyboard("r", page) + [
        [{"text": f"📝 Cập nhật tiến độ #{task_id}", "data": f"prog:{task_id}"}]
        for task_id in (shown + [t for t in others if t not in shown])[: list_messages.PAGE_SIZE]
    ]
    return [(html, [line.task_id for line in lines], keyboard)]


def is_progress_request(text: str) -> bool:
    """Whether a bot message (as the client shows it, without HTML) asked for progress."""
    return _FOLLOWUP_MARK in text


def progress_prompt(task_id: int) -> str:
    return (
        f"📝 Cập nhật tiến độ nhiệm vụ <b>#{task_id}</b>: đề nghị anh/chị <b>trả lời tin nhắn "
        "này</b> với tình hình thực hiện, ví dụ “đã gửi dự thảo lấy ý kiến các bộ”."
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

"""Section headings of a formal notice: which announce tasks and which background."""

from __future__ import annotations

import enum
import re

from notices.deadlines import normalise_text

_TASK_HEADING = re.compile(
    r"nhiệm vụ|giải pháp|yêu cầu|tổ chức thực hiện|kiến nghị|phân công|giao nhiệm vụ"
    r"|chế độ (?:thông tin,? )?báo cáo"
)
_BACKGROUND_HEADING = re.compile(
    r"kết quả|tồn tại|hạn chế|bài học|quan điểm|đánh giá|mục đích|mục tiêu|bối cảnh|tình hình"
    r"|nguyên nhân|kinh phí|phạm vi|đối tượng"
    # "I. THÀNH PHẦN THAM DỰ": who attended the meeting.
    r"|thành phần|tham dự"
)


class _Section(enum.Enum):
    """What a section heading announces."""

    TASKS = "tasks"
    BACKGROUND = "background"


def _classify(heading: str) -> _Section | None:
    """By the first keyword in the heading's opening words ("MỤC ĐÍCH, YÊU CẦU": background)."""
    opening = normalise_text(heading)[:60]
    task = _TASK_HEADING.search(opening)
    background = _BACKGROUND_HEADING.search(opening)
    if task and (background is None or task.start() < background.start()):
        return _Section.TASKS
    if background:
        return _Section.BACKGROUND
    return None

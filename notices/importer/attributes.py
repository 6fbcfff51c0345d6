"""Item attributes: the "Đơn vị chủ trì: …", "Thời gian thực hiện: …" lines of a plan's items."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATTRIBUTE = re.compile(
    r"^[ \t]*(?:[-+][ \t]*)?(?:[a-zđ]\)[ \t]*)?(?P<label>(?:Đơn vị|Cơ quan)[ \t]+(?:chủ trì|phối hợp"
    r"|thực hiện)[^:\n]{0,40}|Thời gian(?:[ \t]+(?:thực hiện|hoàn thành))?)[ \t]*:[ \t]*"
    r"(?P<value>[^\n]*)",
    re.M,
)
_TASK_LABEL = re.compile(
    r"^[ \t]*(?:[-+][ \t]*)?(?:[a-zđ]\)[ \t]*)?(?:Nhiệm vụ|Nội dung)[ \t]*:[ \t]*", re.M
)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Attributes:
    lead: str | None
    co: str | None
    deadline: str | None


def _attributes(text: str) -> tuple[str, _Attributes | None]:
    """Split "Đơn vị chủ trì: …", "Đơn vị phối hợp: …", "Thời gian thực hiện: …" lines off a
    unit's text (plans list who and when in such lines)."""
    lead = co = deadline = None
    for match in _ATTRIBUTE.finditer(text):
        label, value = match.group("label").lower(), match.group("value").strip()
        if "phối hợp" in label:
            co = co or value
        elif label.startswith("thời gian"):
            deadline = deadline or value
        else:
            lead = lead or value
    if lead is None and deadline is None:
        return text, None
    body = _ATTRIBUTE.sub("", text)
    body = _TASK_LABEL.sub("", body)
    return body, _Attributes(lead=lead, co=co, deadline=deadline)


def _lists_bodies(own: str) -> bool:
    """ "- Cơ quan thực hiện:" with nothing after it: the bodies follow as "+" lines."""
    match = _ATTRIBUTE.match(own)
    if match is None or match.group("value").strip():
        return False
    label = match.group("label").lower()
    return "phối hợp" not in label and not label.startswith("thời gian")


def _is_labelled(own: str) -> bool:
    return _TASK_LABEL.match(own) is not None or _ATTRIBUTE.match(own) is not None

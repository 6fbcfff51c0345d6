"""Words the use cases record or hand back: the system's name in a history, a task skipped
at import, a group task's history line. Plain text, stored as written. The chat's
catalogues are a higher layer than ``tracking``, so these few live here (and are checked
with them by ``tests/test_catalogue.py``)."""

from __future__ import annotations

#: Who acted when nobody did (seeding, the scheduler), in a task's history.
SYSTEM_NAME = "hệ thống"


def skipped_unknown_lead(ref: str, title: str, lead: str) -> str:
    """A task of an import that was not stored: its lead agency is not in the registry."""
    return f"{ref}: {title} — không rõ cơ quan chủ trì “{lead}”"


def members_detail(count: int) -> str:
    """The history line of a task given to a group: how many agencies carry it out."""
    return f"{count} cơ quan"


__all__ = ["SYSTEM_NAME", "members_detail", "skipped_unknown_lead"]

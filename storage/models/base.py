"""The declarative base every table derives from, and how column types follow the annotations.

Times are ``UTCDateTime`` (aware, UTC). Calendar days (due dates) are plain ``Date``:
a due date is a local calendar day, not an instant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
)
from sqlalchemy.orm import DeclarativeBase

from storage.types import UTCDateTime


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {  # noqa: RUF012  (SQLAlchemy reads it as a plain class attribute)
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }

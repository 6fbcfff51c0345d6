"""The years a deadline may fall in, whoever sets it: the office typing a new deadline, a
focal point's new date, or a notice's deadline read by the importer.

A deadline of 1901 or 2199 is no deadline a ministry will meet; the reader of deadline
phrases accepts any year it can spell (``notices.deadlines``), this rule says which of
them the product takes: last year to ten years ahead of today.
"""

from __future__ import annotations

from datetime import date

__all__ = ["YEARS_AHEAD", "YEARS_BACK", "in_year_window", "year_window"]

YEARS_BACK, YEARS_AHEAD = 1, 10


def year_window(today: date) -> tuple[int, int]:
    """The years a deadline or a new date may fall in: last year … ten years ahead."""
    return today.year - YEARS_BACK, today.year + YEARS_AHEAD


def in_year_window(day: date, today: date) -> bool:
    low, high = year_window(today)
    return low <= day.year <= high

"""Which days Vietnamese government offices work.

A working day is Monday to Friday, except public holidays as listed by the ``holidays``
package for Vietnam ("VN"): Tết Dương lịch, the Tết Nguyên Đán days off, Giỗ Tổ Hùng Vương,
30/4, 1/5, Quốc khánh, the days off in lieu ("nghỉ bù") and the swapped days off the
Government announces. The package also lists Ngày Văn hóa Việt Nam (24/11) as a paid day
off from 2026 on, so offices are taken to be closed that day.

The package lists a swapped day off (e.g. Monday 31/8/2026) but not the Saturday worked in
exchange for it (22/8/2026). Such make-up Saturdays, and any day off the package does not
know about, are given by the caller as ``extra_working_days`` / ``extra_days_off``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

import holidays

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@functools.cache
def _public_holidays(year: int) -> Mapping[date, str]:
    """The package's public holidays of ``year``, day → Vietnamese name.

    Building the package's holiday table costs far more than a lookup, and the scheduler asks
    about the same few years thousands of times, so each year is built once per process and
    shared by every calendar. The language is fixed so names do not follow the host's locale.
    """
    table = holidays.country_holidays("VN", years=year, language="vi")
    return MappingProxyType({day: str(name) for day, name in table.items()})


class WorkingCalendar:
    """Vietnamese working days: Monday–Friday, excluding public holidays incl. Tết.

    Public holidays come from the ``holidays`` package. ``extra_working_days`` (make-up
    Saturdays) are working days whatever else is true of them; ``extra_days_off`` are days
    off whatever else is true of them. A day cannot be both.
    """

    def __init__(
        self,
        *,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._extra_days_off = frozenset(extra_days_off)
        self._extra_working_days = frozenset(extra_working_days)
        both = self._extra_days_off & self._extra_working_days
        if both:
            listed = ", ".join(sorted(day.isoformat() for day in both))
            raise ValueError(f"days both off and working: {listed}")

    def is_working_day(self, day: date) -> bool:
        """Whether offices work on ``day``."""
        if day in self._extra_working_days:
            return True
        if day in self._extra_days_off:
            return False
        return day.weekday() < _SATURDAY and day not in _public_holidays(day.year)

    def holiday_name(self, day: date) -> str | None:
        """The Vietnamese name of the public holiday on ``day``, or None if it is not one.

        Weekends and the caller's ``extra_days_off`` have no name. A public holiday keeps its
        name even when the caller made it a working day.
        """
        return _public_holidays(day.year).get(day)

    def previous_working_day(self, day: date) -> date:
        """The latest working day on or before ``day``."""
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day

    def next_working_day(self, day: date) -> date:
        """The earliest working day on or after ``day``."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (strictly before if ``n`` < 0).

        ``day`` itself need not be a working day and is never counted; ``n`` == 0 returns
        ``day`` unchanged.
        """
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

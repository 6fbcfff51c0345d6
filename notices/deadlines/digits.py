"""A whole day written in digits, as people type one."""

from __future__ import annotations

import re
from datetime import date

from notices.deadlines.periods import _date

_DIGITS_DAY = re.compile(
    r"(?P<d>[0-9]{1,2})[/.\-](?P<mo>[0-9]{1,2})[/.\-](?P<y>[0-9]{2,4})"
    r"|(?P<iso_y>[0-9]{4})-(?P<iso_mo>[0-9]{1,2})-(?P<iso_d>[0-9]{1,2})"
)


def day_in_digits(token: str) -> date | None:
    """A whole day written in digits as people type one: ``15/01/2027``, ``15-1-27``,
    ``15.01.2027`` (day first; a two-digit year is of this century) or ``2027-01-15``.

    None when ``token`` is not written so or names no real day ("31/02/2027"). The one
    reader of such days for what people type (``/baocao``'s day, a notice's issue date, the
    date in a ``/late`` reason); it knows no window of years: each caller says which it
    takes."""
    match = _DIGITS_DAY.fullmatch(token)
    if match is None:
        return None
    if match["iso_y"]:
        return _date(int(match["iso_y"]), int(match["iso_mo"]), int(match["iso_d"]))
    year = int(match["y"])
    return _date(year + 2000 if year < 100 else year, int(match["mo"]), int(match["d"]))

"""Finding the proposed date inside a /late reason (pure).

Focal points write reasons the way they speak: "vướng Nghị định 13/2023, dự kiến tháng
7/2025", "30/9/2025 chờ ý kiến Bộ Tư pháp", "đến 30/6." The date may stand anywhere; the
reason constantly cites documents whose numbers look like dates. So:

1. Citations are masked first: a document word ("Nghị định", "Thông tư", "Quyết định",
   "Công văn", "số", "phiên bản", …, also typed without diacritics) with the number after
   it and the document's own "ngày …" date; and any number with a symbol after a slash
   ("13/2023/NĐ-CP", "123/VPCP-KSTT").
2. What remains is scanned for date-shaped words: ``30/6``, ``30/6/2025``, ``15.01.2027``,
   ``2027-01-15``, "15 tháng 7 [năm 2025]", "tháng 7[/2025]", "quý III/2025". Two numbers
   with a dot ("2.0", "1.5") are never a date.
3. Each is read by the deadline normaliser of ``/addtask``
   (:func:`notices.deadlines.parse_admin_deadline`); the last one read is the proposal.
4. A day and month without a year mean the next such day only when that is at most three
   months away (15/1 typed in December). One that has just passed (1/6 typed on 2/6) is not
   rolled into next year: the caller asks for the year.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from domain.deadline import DeadlineKind
from domain.errors import DeadlineNotUnderstood
from notices.deadlines import day_in_digits, parse_admin_deadline

#: A day-month without a year rolls into next year only when that is this close.
ROLL_DAYS = 92

_DOC_WORDS = (
    r"nghi\s*dinh|nghi\s*quyet|thong\s*tu(?:\s*lien\s*tich)?|quyet\s*dinh|cong\s*van|"
    r"chi\s*thi|thong\s*bao|ke\s*hoach|luat|phap\s*lenh|van\s*ban|to\s*trinh|bao\s*cao|"
    r"huong\s*dan|de\s*an|chuong\s*trinh|ket\s*luan|phien\s*ban|ban|so|muc|dieu|khoan|"
    r"diem|phu\s*luc|version|nd|nq|tt|qd|cv|ct|tb|kh|kl|nd-cp|qd-ttg"
)
_CITATION = re.compile(
    rf"(?<![\w])(?:{_DOC_WORDS})\.?\s*(?:so\s*)?[0-9][\w./\-]*"
    r"(?:\s*,?\s*ngay\s*[0-9]{1,2}\s*(?:[/.\-]|\s+thang\s+)[0-9]{1,2}"
    r"(?:\s*(?:[/.\-]|\s+nam\s+)[0-9]{2,4})?)?"
    r"|(?<![\w/])[0-9]+(?:/[0-9]+)*/[a-z][\w\-]*",
)
_YEAR = r"[0-9]{4}"
_CANDIDATE = re.compile(
    r"(?<![\w/.\-])(?:"
    r"(?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})"
    r"|(?P<dmy>[0-9]{1,2}([/.\-])[0-9]{1,2}\3[0-9]{2,4})"
    r"|(?P<dm>[0-9]{1,2}[/\-][0-9]{1,2})"
    rf"|(?P<words>[0-9]{{1,2}}\s+thang\s+[0-9]{{1,2}}(?:\s*(?:/|nam)\s*{_YEAR})?)"
    rf"|thang\s+(?P<month>[0-9]{{1,2}})(?:\s*(?:/|\-|nam)\s*(?P<month_year>{_YEAR}))?"
    rf"|quy\s+(?P<quarter>iv|iii|ii|i|[1-4])\s*(?:/|\-|nam)\s*(?P<quarter_year>{_YEAR})"
    r")(?![\w/]|[.\-][0-9])"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date read from the reason: ``due`` is what it means, ``start``/``end`` its span in
    the text; ``yearless_past`` is set (to the day in the current year) when a day-month
    without a year has already passed and would roll far into next year."""

    due: date
    start: int
    end: int
    yearless_past: date | None = None


class NotADate(Exception):
    """A date-shaped word that is no real day (31/02/2027)."""

    def __init__(self, written: str) -> None:
        self.written = written
        super().__init__(written)


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one (offsets stay valid)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[:1] or char
        out.append("d" if base in "đĐ" else base.lower()[:1] or base)
    return "".join(out)


def mask_citations(folded: str) -> str:
    """``folded`` with every document citation blanked (same length)."""
    return _CITATION.sub(lambda m: " " * len(m[0]), folded)


def _phrase(match: re.Match[str]) -> tuple[str, bool]:
    """The candidate (not a full numeric date) as the deadline normaliser reads it, and
    whether it names a year."""
    if match["dm"]:
        day, month = re.split(r"[/\-]", match["dm"])
        return f"{int(day)}/{int(month)}", False
    if match["words"]:
        numbers = re.findall(r"[0-9]+", match["words"])
        if len(numbers) == 3:
            return f"{int(numbers[0])}/{int(numbers[1])}/{numbers[2]}", True
        return f"{int(numbers[0])}/{int(numbers[1])}", False
    if match["month"]:
        year = match["month_year"]
        return (
            (f"tháng {int(match['month'])}/{year}", True)
            if year
            else (
                f"tháng {int(match['month'])}",
                False,
            )
        )
    return f"Quý {match['quarter'].upper()}/{match['quarter_year']}", True


def find_date(text: str, today: date) -> FoundDate | None:
    """The last date the reason proposes, or None. Raises :class:`NotADate` for a full
    date that is no real day ("31/02/2027"): it was meant as a date, say so."""
    nfc = unicodedata.normalize("NFC", text)
    masked = mask_citations(fold(nfc))
    found: FoundDate | None = None
    for match in _CANDIDATE.finditer(masked):
        written = nfc[match.start() : match.end()]
        if match["iso"] or match["dmy"]:
            # A full date is one whatever the normaliser's window: an impossible one is
            # refused as such, a far one by the caller's range check.
            due = day_in_digits(match["iso"] or match["dmy"])
            if due is None:
                raise NotADate(written)
            found = FoundDate(due=due, start=match.start(), end=match.end())
            continue
        phrase, has_year = _phrase(match)
        try:
            deadline = parse_admin_deadline(phrase, today)
        except DeadlineNotUnderstood:
            continue
        if deadline.kind is not DeadlineKind.DEADLINE or deadline.due is None:
            continue
        due, past = deadline.due, None
        if not has_year and due.year > today.year:
            this_year = _same_day(due, today.year)
            if this_year is not None and due - today > timedelta(days=ROLL_DAYS):
                past = this_year
        found = FoundDate(due=due, start=match.start(), end=match.end(), yearless_past=past)
    return found


def _same_day(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:
        return None


_CUES = re.compile(
    r"(?:\s|^)(?:du\s+kien|den\s+het|den\s+ngay|den|truoc\s+ngay|truoc|vao\s+ngay|vao|"
    r"ngay|khoang|chac\s+chan|xong|hoan\s+thanh|trong|cuoi)\s*$"
)


def without_date(text: str, found: FoundDate) -> str:
    """The reason with the date (and the cue words just before it) taken out."""
    nfc = unicodedata.normalize("NFC", text)
    before, after = nfc[: found.start], nfc[found.end :]
    for _ in range(3):  # "xong trong quý II", "dự kiến đến ngày 30/6"
        cue = _CUES.search(fold(before))
        if cue is None:
            break
        before = before[: cue.start()]
    joined = before.rstrip(" ,;:-–") + (" " if before.strip() and after.strip() else "")
    joined += after.lstrip(" ,;:.-–")
    return " ".join(joined.split()).strip(" ,;:-–")


__all__ = ["ROLL_DAYS", "FoundDate", "NotADate", "find_date", "fold", "without_date"]

"""When a task's reminders are sent.

A reminder goes out at ``ReminderPolicy.send_time`` (08:30 Asia/Ho_Chi_Minh by default) on a
working day of the ``WorkingCalendar``. For a task due on ``due`` the windows are:

1. BEFORE: for each offset N of ``offsets_days`` (30, 14, 7, 3, 1 by default), the day
   ``due - N`` days, moved to the previous working day if it is a day off. A reminder before
   a deadline never slips later.
2. DUE: the due date, or the previous working day if the due date is a day off.
3. OVERDUE: the first working day strictly after the due date.
4. CHASE: every ``chase_every_days`` after that, counted from the OVERDUE day (OVERDUE +
   k·chase_every_days, k = 1, 2, …), each moved to the next working day if it is a day off.
   The cadence is kept from the OVERDUE day, so a moved chase does not shift the ones after.
5. Only windows strictly after ``after`` are returned, sorted by time. Windows landing on
   the same day collapse into the most urgent one: DUE over BEFORE, a smaller offset over a
   larger one. Moving a BEFORE window can only make it earlier and never past a window with
   a larger offset, so moves only ever cause such collapses, never reorderings.

A deadline long past yields only its future chases on the weekly cadence, never a flood of
past windows. Examples:

* Due Friday 20/2/2026, a Tết day (16–20/2/2026 are off): BEFORE 7, 3 and 1, and DUE all
  land on Friday 13/2/2026 and collapse into DUE; OVERDUE is Monday 23/2/2026.
* Due Friday 10/5/2024, seen on Monday 23/11/2026 at 08:00: the only window is the CHASE
  of Monday 23/11/2026 at 08:30 (OVERDUE was Monday 13/5/2024, the cadence is Mondays).
* Tuesday 24/11/2026 (Ngày Văn hóa Việt Nam) is a day off as the ``holidays`` package lists
  it: a task due Monday 23/11/2026 is OVERDUE on Wednesday 25/11/2026.

A recurring duty is planned period by period on each period's due date
(``scheduler.planner.Planner.plan_period``), with these windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.status import ReminderKind

VIETNAM_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
"""Vietnam's time zone (UTC+7, no daylight saving)."""

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, kw_only=True, slots=True)
class ReminderPolicy:
    """How and when reminders go out.

    ``offsets_days`` are positive and distinct; ``chase_every_days`` is at least 1;
    ``followup_every_days`` (the interval of progress requests and check-ins) is at least 1; ``send_time`` is a naive wall-clock time read in
    ``timezone``.
    """

    offsets_days: tuple[int, ...] = (30, 14, 7, 3, 1)
    send_time: time = time(8, 30)
    timezone: ZoneInfo = VIETNAM_TIME
    chase_every_days: int = 7
    followup_every_days: int = 30

    def __post_init__(self) -> None:
        not_positive = [n for n in self.offsets_days if n <= 0]
        if not_positive:
            raise ValueError(f"offsets_days must be positive, got {not_positive}")
        if len(set(self.offsets_days)) != len(self.offsets_days):
            raise ValueError(f"offsets_days must be distinct, got {self.offsets_days}")
        if self.chase_every_days < 1:
            raise ValueError(f"chase_every_days must be at least 1, got {self.chase_every_days}")
        if self.followup_every_days < 1:
            raise ValueError(
                f"followup_every_days must be at least 1, got {self.followup_every_days}"
            )
        if self.send_time.tzinfo is not None:
            # A fixed-offset send_time would fight the zone's own offset; the zone decides.
            raise ValueError(
                f"send_time must be naive (the zone is timezone), got {self.send_time}"
            )


@dataclass(frozen=True, kw_only=True, slots=True)
class Window:
    """One reminder: the instant it is due and why.

    ``at`` is timezone-aware UTC; ``day`` is the local calendar day it falls on.
    ``days_before`` is the nominal offset (30, 14, …) for BEFORE and None otherwise.
    ``kind`` is the reminder's kind as stored (``domain.status.ReminderKind``), never
    RECURRING: that one is only read from rows planned before periods had windows.
    """

    at: datetime
    day: date
    kind: ReminderKind
    days_before: int | None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() != timedelta(0):
            raise ValueError(f"window instant must be aware UTC, got {self.at!r}")
        if self.kind is ReminderKind.RECURRING:
            raise ValueError("no window is RECURRING (a kind of old rows only)")
        if (self.kind is ReminderKind.BEFORE) != (self.days_before is not None):
            raise ValueError(f"a {self.kind} window cannot have days_before={self.days_before}")


def send_instant(day: date, policy: ReminderPolicy) -> datetime:
    """The instant ``policy.send_time`` on the local ``day`` of ``policy.timezone``, in UTC."""
    return datetime.combine(day, policy.send_time, tzinfo=policy.timezone).astimezone(UTC)


def deadline_windows(
    due: date,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
    *,
    after: datetime,
    chases: int = 1,
) -> list[Window]:
    """The reminders of a task due on ``due`` that are strictly after ``after``, by time.

    Follows the rules of the module docstring. Exactly ``chases`` CHASE windows are returned:
    the next ones after ``after`` (the caller asks again once they are sent). ``after`` must
    be timezone-aware; ``chases`` must not be negative.
    """
    _require_aware(after, "after")
    if chases < 0:
        raise ValueError(f"chases must not be negative, got {chases}")

    by_day: dict[date, Window] = {}
    for n in policy.offsets_days:
        day = calendar.previous_working_day(due - timedelta(days=n))
        _keep_most_urgent(by_day, _window(day, policy, ReminderKind.BEFORE, days_before=n))
    _keep_most_urgent(by_day, _window(calendar.previous_working_day(due), policy, ReminderKind.DUE))
    overdue_day = calendar.next_working_day(due + _ONE_DAY)
    by_day[overdue_day] = _window(overdue_day, policy, ReminderKind.OVERDUE)

    found = [window for window in by_day.values() if window.at > after]
    found.extend(_chase_windows(overdue_day, policy, calendar, after=after, count=chases))
    found.sort(key=lambda window: window.at)
    return found


def followup_window(
    since: date, policy: ReminderPolicy, calendar: WorkingCalendar, *, after: datetime
) -> Window:
    """The next FOLLOWUP of an obligation without a deadline, counted from ``since``.

    ``since`` is the local day the interval starts: the day the task was assigned (the
    notice's issue date) for the first request, the day the previous one went out (or the
    focal point last answered) for the next. The request falls ``followup_every_days``
    later, moved to the next working day; when that instant is not after ``after`` (an old
    undated task on a fresh install) it is the next send slot instead, so a backlog of
    intervals is one request, not several. ``after`` must be timezone-aware.

    Example (30 days): assigned Friday 22/12/2025 → Wednesday 21/1/2026 at 08:30; assigned
    23/2/2025 and first planned on Wednesday 2/12/2026 at 10:00 → Thursday 3/12/2026 08:30.
    """
    _require_aware(after, "after")
    day = calendar.next_working_day(since + timedelta(days=policy.followup_every_days))
    window = _window(day, policy, ReminderKind.FOLLOWUP)
    if window.at > after:
        return window
    slot = next_send_slot(after, policy, calendar)
    return _window(slot.astimezone(policy.timezone).date(), policy, ReminderKind.FOLLOWUP)


def next_send_slot(now: datetime, policy: ReminderPolicy, calendar: WorkingCalendar) -> datetime:
    """The earliest send instant (``send_time`` on a working day) at or after ``now``, in UTC.

    That is today's send time if today (in ``policy.timezone``) is a working day and it has
    not passed yet, otherwise the next working day's. ``now`` must be timezone-aware.
    """
    _require_aware(now, "now")
    today = now.astimezone(policy.timezone).date()
    if calendar.is_working_day(today):
        instant = send_instant(today, policy)
        if instant >= now:
            return instant
    return send_instant(calendar.next_working_day(today + _ONE_DAY), policy)


def _chase_windows(
    overdue_day: date,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
    *,
    after: datetime,
    count: int,
) -> list[Window]:
    """The first ``count`` distinct CHASE windows strictly after ``after``."""
    if count == 0:
        return []
    step = policy.chase_every_days

    def chase_day(k: int) -> date:
        return calendar.next_working_day(overdue_day + timedelta(days=k * step))

    # Jump straight to the first chase nominally after `after`'s local day, so a deadline
    # years old costs the same as a fresh one. Moving to the next working day can push earlier
    # chases past `after` too (one nominally in Tết is sent after it), and chase days never
    # decrease with k, so step back while the previous one is still after `after`.
    after_day = after.astimezone(policy.timezone).date()
    k = max(1, (after_day - overdue_day).days // step + 1)
    while k > 1 and send_instant(chase_day(k - 1), policy) > after:
        k -= 1

    found: list[Window] = []
    last: date | None = None
    while len(found) < count:
        day = chase_day(k)
        k += 1
        if day != last:  # two chases moved onto the same day are one reminder
            found.append(_window(day, policy, ReminderKind.CHASE))
            last = day
    return found


def _window(
    day: date, policy: ReminderPolicy, kind: ReminderKind, *, days_before: int | None = None
) -> Window:
    return Window(at=send_instant(day, policy), day=day, kind=kind, days_before=days_before)


def _urgency(window: Window) -> tuple[int, int]:
    """Higher is more urgent: DUE beats BEFORE, and a nearer BEFORE beats a farther one."""
    if window.kind is ReminderKind.BEFORE:
        return (0, -(window.days_before or 0))
    return (1, 0)


def _keep_most_urgent(by_day: dict[date, Window], window: Window) -> None:
    current = by_day.get(window.day)
    if current is None or _urgency(window) > _urgency(current):
        by_day[window.day] = window


def _require_aware(instant: datetime, name: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {instant!r}")

"""The date an obligation is held to: an approved extension, a period's due date, the task's."""

from __future__ import annotations

from datetime import date

import pytest

from domain.deadline import due_in_force

ASSIGNED, EXTENDED, PERIOD = date(2026, 12, 31), date(2027, 3, 31), date(2027, 1, 31)


@pytest.mark.parametrize(
    ("assigned", "extended", "period_due", "expected"),
    [
        pytest.param(ASSIGNED, None, None, ASSIGNED, id="the assigned deadline"),
        pytest.param(ASSIGNED, EXTENDED, None, EXTENDED, id="an extension wins"),
        pytest.param(None, None, PERIOD, PERIOD, id="a recurring duty's period"),
        pytest.param(ASSIGNED, None, PERIOD, PERIOD, id="the period over the first due"),
        pytest.param(None, EXTENDED, PERIOD, EXTENDED, id="an extended period"),
        pytest.param(None, None, None, None, id="undated"),
    ],
)
def test_it_holds_an_obligation_to_its_extension_then_its_period_then_its_task(
    assigned: date | None, extended: date | None, period_due: date | None, expected: date | None
) -> None:
    assert due_in_force(assigned=assigned, extended=extended, period_due=period_due) == expected

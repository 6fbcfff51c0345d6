"""A sweep's reminders rendered once per layout: the renderer keeps a first page for all the
agencies whose lines render alike and writes only each one's name into it. Whatever the
order the agencies come in, each message is the one the catalogue renders for it alone —
a predecessor's task, a late report, a waiting proposal, another day or another urgency
each make a page of its own."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from chat import list_messages
from chat.dispatch_wording import KEPT_PAGES, ChatRenderer
from domain.deadline import DeadlineKind, Granularity
from domain.status import TaskStatus
from domain.task_line import TaskLine

TODAY = date(2026, 11, 3)
AGENCIES = ["Bộ Công an", "Bộ Y tế", "Tỉnh Lào Cai", "Bộ <Thử> & Co", ""]


def _line(task_id: int, days: int | None, agency: str, **changes: object) -> TaskLine:
    line = TaskLine(
        task_id=task_id,
        title=f"Nhiệm vụ số {task_id} <b>&",
        due=None if days is None else TODAY + timedelta(days=days),
        granularity=None if days is None else Granularity.DAY,
        kind=DeadlineKind.NONE if days is None else DeadlineKind.DEADLINE,
        phrase="",
        status=TaskStatus.OPEN,
        assigned_as=agency,
    )
    return replace(line, **changes)  # type: ignore[arg-type]


def _variants(agency: str) -> list[list[TaskLine]]:
    """Line lists that differ in one thing each, for ``agency``."""
    one = [_line(7, 3, agency)]
    many = [_line(n, n * 5 - 20, agency) for n in range(1, 13)]
    return [
        one,
        [_line(7, 3, "Bộ Thông tin và Truyền thông")],  # a predecessor's task
        [_line(7, 3, agency, status=TaskStatus.LATE)],
        [_line(7, 3, agency, proposed_due=TODAY + timedelta(days=40))],
        [_line(7, 3, agency, title="Khác")],
        [_line(7, 20, agency)],  # far: silent
        [_line(7, -2, agency)],
        [_line(7, None, agency)],
        [_line(7, 3, agency, granularity=Granularity.MONTH)],
        many,  # two pages
        many[:8],
        [replace(many[0], assigned_as="Bộ Nội vụ"), *many[1:]],
    ]


def _alone(agency: str, lines: list[TaskLine], today: date) -> tuple[object, ...]:
    """The message the catalogue renders for this agency alone."""
    page = list_messages.reminder_page(agency, lines, today)
    return (
        page.html,
        [line.task_id for line in lines],
        list_messages.page_keyboard("r", page),
        list_messages.quiet(lines, today),
    )


def test_each_agency_gets_the_page_rendered_for_it_alone_in_any_order() -> None:
    wanted = [
        (agency, lines, today)
        for agency in AGENCIES
        for lines in _variants(agency)
        for today in (TODAY, TODAY + timedelta(days=1))
    ]
    renderer = ChatRenderer()
    for seed in range(3):
        random.Random(seed).shuffle(wanted)
        for agency, lines, today in wanted:
            [got] = renderer.reminder(agency, lines, today, asked=())
            assert (got.html, got.task_ids, got.keyboard, got.silent) == _alone(
                agency, lines, today
            )


def test_agencies_sharing_a_task_share_its_layout_and_only_their_names_differ() -> None:
    renderer = ChatRenderer()
    [first] = renderer.reminder("Bộ Công an", [_line(7, 3, "Bộ Công an")], TODAY, ())
    [second] = renderer.reminder("Bộ Y tế", [_line(7, 3, "Bộ Y tế")], TODAY, ())
    assert first.keyboard is second.keyboard
    assert first.task_ids is second.task_ids
    assert first.html.replace("Bộ Công an", "Bộ Y tế") == second.html != first.html
    [other] = renderer.reminder("Bộ Y tế", [_line(7, 3, "Bộ Công an")], TODAY, ())
    assert "giao cho Bộ Công an" in other.html
    assert other.keyboard is not second.keyboard


def test_the_kept_pages_are_bounded() -> None:
    renderer = ChatRenderer()
    for n in range(KEPT_PAGES * 2 + 5):
        [got] = renderer.reminder("Bộ Công an", [_line(n, 3, "Bộ Công an")], TODAY, ())
        assert f"#{n}</b>" in got.html
    assert len(renderer._pages) <= KEPT_PAGES

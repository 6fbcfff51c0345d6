"""Parsing /done, /late and /addtask arguments."""

from __future__ import annotations

from datetime import date

import pytest

from chat.parsing import BadInput, parse_addtask, parse_date, parse_done, parse_late

TODAY = date(2026, 12, 2)


def test_it_reads_an_id_and_a_note() -> None:
    parsed = parse_done(["12", "đã", "gửi"])
    assert (parsed.task_id, parsed.note) == (12, "đã gửi")
    assert parse_done(["#7"]).task_id == 7


def test_the_id_may_be_left_out_only_when_replying() -> None:
    assert parse_done(["xong"], id_optional=True).task_id is None
    with pytest.raises(BadInput) as caught:
        parse_done(["xong"])
    assert caught.value.key == "bad_id"


def test_a_trailing_date_of_late_is_the_new_date() -> None:
    parsed = parse_late(["3", "chờ", "ý", "kiến", "15/01/2027"], TODAY)
    assert (parsed.task_id, parsed.reason, parsed.new_due) == (3, "chờ ý kiến", date(2027, 1, 15))
    assert parse_late(["3", "chờ"], TODAY).new_due is None


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("15/01/2027", date(2027, 1, 15)),
        ("15-1-27", date(2027, 1, 15)),
        ("2027-01-15", date(2027, 1, 15)),
        ("15/1", date(2027, 1, 15)),
        ("20/12", date(2026, 12, 20)),
    ],
)
def test_it_reads_the_date_spellings_people_type(token: str, expected: date) -> None:
    assert parse_date(token, TODAY) == expected


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ([], "missing_id"),
        (["3"], "missing_reason"),
        (["3", "lý", "do", "31/02/2027"], "bad_date"),
        (["3", "lý", "do", "01/12/2026"], "past_date"),
        (["3", "x" * 1001], "too_long"),
        (["abc", "lý", "do"], "bad_id"),
    ],
)
def test_bad_late_input_is_refused_with_a_reason(args: list[str], key: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_late(args, TODAY)
    assert caught.value.key == key


def test_addtask_needs_three_parts() -> None:
    parsed = parse_addtask(" Bộ Công an | Báo cáo | trong Quý I/2027 ")
    assert (parsed.agency, parsed.title, parsed.deadline) == (
        "Bộ Công an",
        "Báo cáo",
        "trong Quý I/2027",
    )
    for text in ("Bộ Công an | Báo cáo", "a | | c", "", "a|b|c|d"):
        with pytest.raises(BadInput):
            parse_addtask(text)

"""Parsing /done, /late and /addtask arguments."""

from __future__ import annotations

from datetime import date

import pytest

from chat.late_dates import find_date
from chat.parsing import AskYear, BadInput, parse_addtask, parse_date, parse_done, parse_late
from domain.titles import TYPED_TITLE_MAX
from notices.deadlines import day_in_digits

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


@pytest.mark.parametrize("token", ["15/01/2027", "15-1-27", "15.01.2027", "2027-01-15"])
def test_a_whole_date_reads_the_same_as_a_report_day_and_in_a_late_reason(token: str) -> None:
    # One reader of days in digits (the deadline normaliser's) behind both.
    found = find_date(f"chờ ý kiến, dự kiến {token}", TODAY)
    assert found is not None
    assert found.due == parse_date(token, TODAY) == day_in_digits(token)


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


def test_addtask_keeps_a_typed_title_up_to_its_limit_and_refuses_a_longer_one() -> None:
    title = "x" * TYPED_TITLE_MAX
    assert parse_addtask(f"Bộ Công an | {title} | 31/3/2027").title == title
    with pytest.raises(BadInput) as caught:
        parse_addtask(f"Bộ Công an | {title}x | 31/3/2027")
    assert (caught.value.key, caught.value.value) == ("too_long", str(TYPED_TITLE_MAX))


@pytest.mark.parametrize("token", ["²", "١٣", "１２", "0", "-3", "1e3", str(2**63), "9" * 20])
def test_an_id_is_ascii_digits_within_range(token: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_done([token])
    assert caught.value.key == "bad_id"


def test_the_largest_id_is_just_below_two_to_the_sixty_third() -> None:
    assert parse_done([str(2**63 - 1)]).task_id == 2**63 - 1


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (["phiên", "bản", "2.0"], "phiên bản 2.0"),
        (["chờ", "1.5"], "chờ 1.5"),
        (["vướng", "Nghị", "định", "13/2023"], "vướng Nghị định 13/2023"),
    ],
)
def test_numbers_that_are_no_dates_stay_part_of_the_reason(words: list[str], reason: str) -> None:
    parsed = parse_late(["14", *words], TODAY)
    assert (parsed.reason, parsed.new_due) == (reason, None)


def test_a_new_date_must_lie_within_ten_years() -> None:
    for far in ("31/12/9999", "28/12/9999", "1/1/2037", "9999-12-31"):
        with pytest.raises(BadInput) as caught:
            parse_late(["14", "chờ", far], TODAY)
        assert caught.value.key == "date_range", far
    assert parse_late(["14", "chờ", "31/12/2036"], TODAY).new_due == date(2036, 12, 31)
    assert parse_late(["14", "chờ", "15.01.2027"], TODAY).new_due == date(2027, 1, 15)


def test_an_impossible_full_date_is_refused_not_taken_as_words() -> None:
    with pytest.raises(BadInput) as caught:
        parse_late(["14", "chờ", "32/12/2026"], TODAY)
    assert caught.value.key == "bad_date"


@pytest.mark.parametrize(
    ("words", "reason", "due"),
    [
        (
            "vướng Nghị định 13/2023/NĐ-CP ngày 17/4/2023",
            "vướng Nghị định 13/2023/NĐ-CP ngày 17/4/2023",
            None,
        ),
        ("vuong nghi dinh 13/2023", "vuong nghi dinh 13/2023", None),
        ("theo Công văn 123/VPCP-KSTT", "theo Công văn 123/VPCP-KSTT", None),
        (
            "vướng Thông tư 15/2025, dự kiến tháng 7/2027",
            "vướng Thông tư 15/2025",
            date(2027, 7, 31),
        ),
        ("30/9/2027 chờ ý kiến Bộ Tư pháp", "chờ ý kiến Bộ Tư pháp", date(2027, 9, 30)),
        ("chờ số liệu, đến 30/12.", "chờ số liệu", date(2026, 12, 30)),
        ("chờ thẩm định, xong trong quý II/2027", "chờ thẩm định", date(2027, 6, 30)),
        ("chờ ký 15 tháng 3 năm 2027", "chờ ký", date(2027, 3, 15)),
        ("chờ ký, du kien thang 3/2027", "chờ ký", date(2027, 3, 31)),
        ("chờ ký 15/1", "chờ ký", date(2027, 1, 15)),
        ("số 2.0 chưa ổn định", "số 2.0 chưa ổn định", None),
    ],
)
def test_late_finds_the_date_anywhere_and_never_in_a_citation(
    words: str, reason: str, due: date | None
) -> None:
    parsed = parse_late(["9", *words.split()], TODAY)
    assert (parsed.reason, parsed.new_due) == (reason, due)


def test_a_day_month_that_has_just_passed_is_asked_about_not_rolled() -> None:
    with pytest.raises(AskYear) as caught:
        parse_late(["9", "chờ", "số", "liệu", "1/12"], TODAY)
    assert (caught.value.this_year, caught.value.next_year) == (
        date(2026, 12, 1),
        date(2027, 12, 1),
    )
    assert caught.value.reason == "chờ số liệu"
    with pytest.raises(BadInput) as only_a_date:
        parse_late(["9", "dự", "kiến", "tháng", "7/2027"], TODAY)
    assert only_a_date.value.key == "missing_reason"


@pytest.mark.parametrize(
    "text",
    [
        "Bộ Công an ; Báo cáo ; trong Quý I/2027",
        "Bộ Công an\nBáo cáo\ntrong Quý I/2027",
        "Bộ Công an\n\nBáo cáo\n trong Quý I/2027 \n",
    ],
)
def test_addtask_fields_may_be_separated_by_semicolons_or_lines(text: str) -> None:
    parsed = parse_addtask(text)
    assert (parsed.agency, parsed.title, parsed.deadline) == (
        "Bộ Công an",
        "Báo cáo",
        "trong Quý I/2027",
    )
    assert parse_addtask("A; B; C; D").title == "B; C"
    assert parse_addtask("A\nB\nC\nD").title == "B C"


def test_a_chat_id_is_ascii_digits_with_an_optional_minus() -> None:
    from chat.parsing import ascii_chat_id

    assert ascii_chat_id("2001") == 2001
    assert ascii_chat_id("-1001234567890") == -1001234567890
    for bad in ("²", "١٣", "-", "", "0", "12a", "--5", str(2**63), "+5", " 5"):
        assert ascii_chat_id(bad) is None, bad

"""The words of ``/fix <số> …``: each field, typed with or without diacritics, and none."""

from __future__ import annotations

import pytest

from tracking.fix_words import FixField, parse_fix_words


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        pytest.param("hạn 31/3/2027", (FixField.DEADLINE, "31/3/2027"), id="hạn"),
        pytest.param("han 31/3/2027", (FixField.DEADLINE, "31/3/2027"), id="han"),
        pytest.param("chủ trì Bộ Y tế", (FixField.LEAD, "Bộ Y tế"), id="chủ trì"),
        pytest.param("Chu Tri Bộ Y tế", (FixField.LEAD, "Bộ Y tế"), id="Chu Tri"),
        pytest.param("tên Báo cáo quý", (FixField.TITLE, "Báo cáo quý"), id="tên"),
        pytest.param("ten Báo cáo quý", (FixField.TITLE, "Báo cáo quý"), id="ten"),
        pytest.param("bỏ", (FixField.DROP, ""), id="bỏ"),
        pytest.param("bo", (FixField.DROP, ""), id="bo"),
        pytest.param("hạng 31/3/2027", (None, "31/3/2027"), id="no such field"),
        pytest.param("", (None, ""), id="nothing"),
    ],
)
def test_it_reads_the_field_and_its_value(
    words: str, expected: tuple[FixField | None, str]
) -> None:
    assert parse_fix_words(words.split()) == expected

"""The recall bench run against lists kept outside the repository (``--expected DIR``).

The text and its list are written here, in the test's own directory: the bench must read the
lists of the directory it is given (not the repository's), find each list's document in the
corpus given, and print the figures of those documents only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.practice_recall import main

NOTICE = """date: 2025-11-03
---
Thông báo kết luận về chuẩn bị hồ sơ dự án

Bộ Xây dựng hoàn thiện hồ sơ dự án, báo cáo Thủ tướng Chính phủ trước ngày 20 tháng 11 năm 2025.

Bộ Tài chính rà soát, cân đối nguồn vốn, gửi Bộ Xây dựng trong tháng 12 năm 2025.
"""

LIST = """
[[task]]
ref = "P2"
lead = "Bộ Xây dựng"
due = "2025-11-20"
kind = "deadline"

[[task]]
ref = "P3"
lead = "Bộ Tài chính"
due = "2025-12-31"
kind = "deadline"
"""


def _layout(tmp_path: Path, list_text: str) -> tuple[Path, Path]:
    corpus, expected = tmp_path / "docs", tmp_path / "expected"
    corpus.mkdir()
    expected.mkdir()
    (corpus / "01_hoso.txt").write_text(NOTICE, encoding="utf-8")
    (expected / "01_hoso.toml").write_text(list_text, encoding="utf-8")
    return corpus, expected


def test_the_bench_scores_the_lists_of_the_directory_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, expected = _layout(tmp_path, LIST)
    assert main(["--corpus", str(corpus), "--expected", str(expected)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "01_hoso.txt: dated found 2/2, dated output right 2/2, exact 2/2 (output 2)"
    assert out[-1] == (
        "dated obligations: recall 100.0% (2/2), precision 100.0% (2/2); tasks exact in every"
        " field 2/2; deadlines read exactly 2/2 (of the tasks found at their item with their"
        " lead)"
    )
    assert len(out) == 2


def test_a_wrong_date_in_the_list_shows_as_a_miss_and_an_addition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, expected = _layout(tmp_path, LIST.replace("2025-12-31", "2025-12-15"))
    assert main(["--corpus", str(corpus), "--expected", str(expected), "-v"]) == 0
    out = capsys.readouterr().out
    assert "   - expected P3 | Bộ Tài chính | 2025-12-15 deadline" in out
    assert "   + output   P3 | Bộ Tài chính | 2025-12-31 deadline" in out
    assert "recall 50.0% (1/2), precision 50.0% (1/2)" in out
    assert "deadlines read exactly 1/2" in out


def test_a_directory_without_lists_or_without_the_document_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, expected = _layout(tmp_path, LIST)
    empty = tmp_path / "none"
    empty.mkdir()
    assert main(["--corpus", str(corpus), "--expected", str(empty)]) == 2
    assert "no expected lists" in capsys.readouterr().err
    (expected / "02_absent.toml").write_text(LIST, encoding="utf-8")
    assert main(["--corpus", str(corpus), "--expected", str(expected)]) == 2
    assert "no corpus file for 02_absent" in capsys.readouterr().err

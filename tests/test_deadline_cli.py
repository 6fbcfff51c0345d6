"""``bot.py parse-deadline``: one phrase, a TSV stream, and the ways input can be wrong."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest

from cli.parse_deadline import run_parse_deadline


@dataclass(frozen=True, kw_only=True, slots=True)
class Run:
    status: int
    stdout: str
    stderr: str

    def objects(self) -> list[dict[str, str | None]]:
        return [json.loads(line) for line in self.stdout.splitlines()]


def run(*argv: str, stdin: str = "") -> Run:
    out, err = io.StringIO(), io.StringIO()
    status = run_parse_deadline(list(argv), io.StringIO(stdin), out, err)
    return Run(status=status, stdout=out.getvalue(), stderr=err.getvalue())


def test_it_prints_one_json_object_for_one_phrase() -> None:
    result = run("--issued", "2025-12-22", "hoàn thành trong Quý I/2026")

    assert result.status == 0
    assert result.objects() == [
        {
            "phrase": "hoàn thành trong Quý I/2026",
            "due": "2026-03-31",
            "granularity": "quarter",
            "kind": "deadline",
        }
    ]
    assert result.stderr == ""


def test_it_writes_vietnamese_unescaped() -> None:
    result = run("--issued", "2025-12-22", "nhiệm vụ thường xuyên")

    assert '"phrase": "nhiệm vụ thường xuyên"' in result.stdout
    assert result.objects()[0]["kind"] == "ongoing"


def test_a_phrase_it_does_not_understand_is_still_printed_as_none() -> None:
    result = run("--issued", "2025-12-22", "xin chào")

    assert result.status == 0
    assert result.objects() == [
        {"phrase": "xin chào", "due": None, "granularity": None, "kind": "none"}
    ]


def test_tsv_mode_reads_one_phrase_a_line() -> None:
    result = run(
        "--tsv",
        stdin="2025-02-06\ttrước 15/2\n2025-12-22\thằng tháng\r\n\n2024-05-06\ttại kỳ họp thứ 7\n",
    )

    assert result.status == 0
    assert result.objects() == [
        {"phrase": "trước 15/2", "due": "2025-02-15", "granularity": "day", "kind": "deadline"},
        {"phrase": "hằng tháng", "due": None, "granularity": "monthly", "kind": "recurring"},
        {"phrase": "tại kỳ họp thứ 7", "due": None, "granularity": None, "kind": "none"},
    ]


@pytest.mark.parametrize(
    ("bad_line", "complaint"),
    [
        pytest.param("2025-02-06 trước 15/2", "line 2: expected 'issued<TAB>phrase'", id="no tab"),
        pytest.param("2025-02-30\ttrước 15/2", "line 2: '2025-02-30' is not", id="bad date"),
        pytest.param("23/02/2025\ttrước 15/2", "line 2: '23/02/2025' is not", id="not ISO"),
    ],
)
def test_tsv_mode_reports_a_bad_line_by_number_and_goes_on(bad_line: str, complaint: str) -> None:
    result = run("--tsv", stdin=f"2025-12-22\thằng quý\n{bad_line}\n2025-12-22\tQuý I/2026\n")

    assert result.status == 1
    assert complaint in result.stderr
    assert [obj["phrase"] for obj in result.objects()] == ["hằng quý", "Quý I/2026"]


def test_tsv_mode_with_no_input_succeeds_quietly() -> None:
    assert run("--tsv") == Run(status=0, stdout="", stderr="")


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        pytest.param(
            ["--issued", "2025-13-01", "trong năm 2025"],
            "argument --issued: '2025-13-01' is not a date; expected YYYY-MM-DD",
            id="issued is not a date",
        ),
        pytest.param(["trong năm 2025"], "--issued YYYY-MM-DD is required", id="no issued"),
        pytest.param(["--issued", "2025-01-01"], "a phrase is required", id="no phrase"),
        pytest.param(["--tsv", "trong năm 2025"], "either a phrase or --tsv", id="both"),
        pytest.param(["--bogus"], "unrecognized arguments: --bogus", id="unknown option"),
    ],
)
def test_a_usage_error_is_explained_and_exits_2(argv: list[str], complaint: str) -> None:
    result = run(*argv)

    assert result.status == 2
    assert complaint in result.stderr
    assert result.stderr.startswith("usage: bot.py parse-deadline")
    assert result.stdout == ""


def test_help_goes_to_stdout_with_examples() -> None:
    result = run("--help")

    assert result.status == 0
    assert result.stdout.startswith("usage: bot.py parse-deadline")
    assert "hoàn thành trong Quý I/2026" in result.stdout
    assert "--tsv" in result.stdout
    assert result.stderr == ""

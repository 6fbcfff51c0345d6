"""The command line, run as a user would: a real SQLite file, the environment and working
directory a process would have; one real process for a run of the bot itself, the other
commands through the same ``main`` in this process (``tests/cli_run.py``)."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.clock import ShiftedClock
from tests.cli_run import Ran, run_bot
from wiring import ROOT, RedactSecrets

TOKEN = "123456789:AAAAbbbbCCCCddddEEEEffffGGGG"


def _environment(tmp_path: Path, env: dict[str, str]) -> dict[str, str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_"))
    }
    base["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    return {**base, **env}


def run(args: list[str], tmp_path: Path, **env: str) -> Ran:
    """``bot.py --env-file <none> args`` on ``tmp_path/cli.sqlite3``, in this process."""
    argv = ["--env-file", str(tmp_path / "none.env"), *args]
    return run_bot(argv, env=_environment(tmp_path, env), cwd=tmp_path)


def process(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The same, as a real process of ``bot.py``."""
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "--env-file", str(tmp_path / "none.env"), *args],
        capture_output=True,
        text=True,
        timeout=240,
        env=_environment(tmp_path, env),
        cwd=tmp_path,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [({}, "TELEGRAM_BOT_TOKEN"), ({"TELEGRAM_BOT_TOKEN": TOKEN}, "ADMIN_IDS")],
)
def test_running_without_required_settings_names_the_variable(
    tmp_path: Path, env: dict[str, str], variable: str
) -> None:
    result = process([], tmp_path, **env)
    assert result.returncode == 2
    assert variable in result.stderr
    assert TOKEN not in result.stderr


def test_seed_then_tasks_json_lists_every_task_with_its_fields(tmp_path: Path) -> None:
    seeded = run(["seed"], tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    assert "added 3 notices" in seeded.stdout
    again = run(["seed"], tmp_path)
    assert "added 0 notices, 0 tasks" in again.stdout
    listed = run(["tasks", "--json"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    keys = {
        "id",
        "notice",
        "ref",
        "lead",
        "owner",
        "co",
        "title",
        "due",
        "granularity",
        "kind",
        "phrase",
        "status",
    }
    assert all(keys <= set(r) for r in records)
    land = [r for r in records if r["notice"] == "56/TB-VPCP" and r["ref"] == "IV.1.đ"]
    assert sorted(r["due"] for r in land if r["due"]) == ["2025-03-31", "2025-06-30"]
    tttt = [r for r in records if r["lead"] == "Bộ Thông tin và Truyền thông"]
    assert tttt
    assert all(r["owner"] == "Bộ Khoa học và Công nghệ" for r in tttt)


STATUSES = {"done_on_time", "done_late", "in_time", "overdue", "undated", "standing", "cancelled"}


def test_tasks_json_gives_the_office_status_as_of_a_day(tmp_path: Path) -> None:
    assert run(["seed"], tmp_path).returncode == 0
    now = run(["tasks", "--json"], tmp_path)
    early = run(["tasks", "--json", "--as-of", "2025-03-15"], tmp_path)
    assert now.returncode == 0, now.stderr
    assert early.returncode == 0, early.stderr
    records = [json.loads(line) for line in now.stdout.splitlines()]
    status_keys = {
        "status",
        "deadline_assigned",
        "deadline_in_force",
        "proposed_deadline",
        "done_at",
    }
    assert all(status_keys <= set(r) for r in records)
    assert {r["status"] for r in records} <= STATUSES
    assert all(status_keys <= set(m) for r in records for m in r["members"])
    # Nothing is reported yet: a dated task is overdue once its deadline has passed.
    dated = [r for r in records if r["kind"] == "deadline"]
    assert dated
    for r in dated:
        assert r["status"] == ("overdue" if r["due"] < r["as_of"] else "in_time"), r
    assert all(r["deadline_in_force"] == r["due"] == r["deadline_assigned"] for r in dated)
    assert {r["status"] for r in records if r["kind"] == "none"} == {"undated"}
    assert {r["status"] for r in records if r["kind"] in ("ongoing", "recurring")} <= {"standing"}
    group = [r for r in records if len(r["members"]) > 1]
    assert group
    assert all(r["members_done"] == 0 for r in group)
    # As of 15/3/2025, the tasks of 31/3/2025 were still in time.
    by_id = {r["id"]: r for r in (json.loads(line) for line in early.stdout.splitlines())}
    march = [r for r in dated if r["due"] == "2025-03-31" and r["id"] in by_id]
    assert march
    assert all(by_id[r["id"]]["status"] == "in_time" for r in march)
    assert all(r["as_of"] == "2025-03-15" for r in by_id.values())
    bad = run(["tasks", "--json", "--as-of", "15/3/2025"], tmp_path)
    assert bad.returncode == 2
    assert "--as-of" in bad.stderr


def test_plan_lists_the_reminders_of_a_period_per_agency(tmp_path: Path) -> None:
    result = run(
        [
            "--clock-start",
            "2025-02-24T08:00+07:00",
            "plan",
            "--from",
            "2025-02-24",
            "--to",
            "2025-03-07",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Kế hoạch nhắc việc 24/2/2025 – 7/3/2025" in result.stdout
    assert "Bộ Khoa học và Công nghệ: (chưa có cán bộ đầu mối" in result.stdout
    # Weekdays as the office writes them, whatever the machine's locale; dates d/m/yyyy.
    assert "\nThứ Hai 24/2/2025 08:30 → " in result.stdout
    assert "\nThứ Năm 27/2/2025 08:30 → " in result.stdout
    assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", result.stdout)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", result.stdout), "no ISO date in the plan"
    bad = run(["plan", "--from", "ngày mai"], tmp_path)
    assert bad.returncode == 2
    assert "--from" in bad.stderr


def test_a_bad_clock_start_or_speed_is_refused(tmp_path: Path) -> None:
    result = run(["--clock-start", "2026-03-02T08:00", "seed"], tmp_path)
    assert result.returncode == 2
    assert "timezone" in result.stderr
    for speed in ("-3", "0"):
        result = run(
            ["--clock-start", "2026-03-02T08:00+07:00", "--clock-speed", speed, "seed"], tmp_path
        )
        assert result.returncode == 2
        assert "--clock-speed" in result.stderr
        assert "Traceback" not in result.stderr


def test_parse_deadline_prints_json(tmp_path: Path) -> None:
    result = run(
        ["parse-deadline", "--issued", "2024-05-06", "hoàn thành trước tháng 12 năm 2024"], tmp_path
    )
    assert json.loads(result.stdout) == {
        "phrase": "hoàn thành trước tháng 12 năm 2024",
        "due": "2024-11-30",
        "granularity": "month",
        "kind": "deadline",
    }


def test_the_demo_runs_offline_and_prints_a_transcript(tmp_path: Path) -> None:
    result = run(["demo"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "đã đăng ký làm cán bộ đầu mối của Bộ Công an" in out
    assert "đã đăng ký làm cán bộ đầu mối của Bộ Khoa học và Công nghệ" in out
    assert out.count("Nhắc việc:") >= 5
    assert "Đã ghi nhận: #" in out
    assert "đề xuất lùi thời hạn đến 30/9/2025" in out
    assert "đã đồng ý gia hạn" in out  # the office's button
    assert "Văn phòng theo dõi đã đồng ý gia hạn" in out  # told to the focal point
    assert "báo cáo hoàn thành" in out  # forwarded to the admin


def test_the_token_never_reaches_a_log_line() -> None:
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "POST %s", (f"http://x/bot{TOKEN}/getUpdates",), None
    )
    assert RedactSecrets(TOKEN).filter(record)
    assert TOKEN not in record.getMessage()
    assert "<token>" in record.getMessage()


def test_a_rehearsal_clock_starts_where_asked_and_runs_faster() -> None:
    ticks = iter([100.0, 100.0, 160.0])
    clock = ShiftedClock(
        datetime(2026, 3, 2, 1, 0, tzinfo=UTC), 60.0, monotonic=lambda: next(ticks)
    )
    assert clock.now() == datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    assert clock.now() == datetime(2026, 3, 2, 1, 0, tzinfo=UTC) + timedelta(hours=1)


def test_import_previews_as_json_then_stores_once(tmp_path: Path) -> None:
    notice = ROOT / "seeds" / "tb-203-vpcp-2024-05-06.txt"
    preview = run(["import", str(notice), "--dry-run", "--json"], tmp_path)
    assert preview.returncode == 0, preview.stderr
    records = [json.loads(line) for line in preview.stdout.splitlines()]
    first = next(r for r in records if r["ref"] == "B.II.1.a")
    assert (first["lead"], first["due"], first["granularity"]) == (
        "Các bộ, cơ quan, địa phương",
        "2024-05-10",
        "day",
    )
    assert {"ref", "lead", "co", "title", "text", "due", "granularity", "kind", "phrase"} <= set(
        first
    )
    stored = run(["import", str(notice)], tmp_path)
    assert stored.returncode == 0, stored.stderr
    # The seeds (loaded first) already hold 203/TB-VPCP: importing it adds no duplicate.
    assert "0 new tasks" in stored.stdout
    missing = run(["import", str(tmp_path / "nope.txt"), "--dry-run"], tmp_path)
    assert missing.returncode == 2


def test_storing_names_the_tasks_given_to_a_whole_group(tmp_path: Path) -> None:
    """The chat holds a bare group for the admin's word; the command line stores it as the
    whole group, and says so, with the number of agencies, in its summary line."""
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "THÔNG BÁO\n\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ\n\nNgày 10 tháng 11 năm 2025, Phó "
        "Thủ tướng đã kết luận:\n\nI. NHIỆM VỤ, GIẢI PHÁP\n\n1. Bộ Y tế trình Đề án trong "
        "tháng 12 năm 2025.\n\n2. Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương "
        "rà soát các cơ sở dữ liệu trong tháng 12 năm 2025.\n\n3. Các tỉnh Nghệ An, Quảng "
        "Ngãi báo cáo trong tháng 12 năm 2025.\n",
        encoding="utf-8",
    )
    stored = run(
        ["import", str(notice), "--notice", "99/TB-VPCP", "--issued", "2025-11-12"], tmp_path
    )
    assert stored.returncode == 0, stored.stderr
    assert "3 new tasks" in stored.stdout
    assert "given to the whole group Các địa phương (34 agencies): task 2\n" in stored.stdout
    assert stored.stdout.count("whole group") == 1  # the named provinces are no whole group


def test_a_task_without_a_lead_is_listed_once_by_its_preview_number(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "THÔNG BÁO\n\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ\n\nNgày 10 tháng 11 năm 2025, Phó "
        "Thủ tướng đã kết luận:\n\nI. NHIỆM VỤ, GIẢI PHÁP\n\n1. Bộ Y tế trình Đề án trong "
        "tháng 12 năm 2025.\n\n2. Rà soát các cơ sở dữ liệu trong tháng 12 năm 2025.\n",
        encoding="utf-8",
    )
    shown = run(["import", str(notice), "--issued", "2025-11-20", "--dry-run"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    # One block, numbered as the tasks are shown: no second warning by item.
    assert "⚠️ 1 nhiệm vụ chưa rõ cơ quan chủ trì:\n• “không ghi”: số 2" in shown.stdout
    assert "không thấy cơ quan chủ trì" not in shown.stdout
    listed = run(["import", str(notice), "--issued", "2025-11-20", "--dry-run", "--json"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "task 2 (item I.2) names no lead agency" in listed.stderr
    assert "task 1 " not in listed.stderr

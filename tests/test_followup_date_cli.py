"""``bot.py import`` sets undated tasks' follow-up dates as the chat's 📅 does: the preview
shows them, ``--accept-followups`` takes the proposed ones, ``--followup N=DATE`` sets one,
and a refused date stores nothing. A real process on a real SQLite file, on a rehearsal
clock (Wednesday 2/12/2026 10:00)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_cli import run

NOTICE = (
    "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC PHÁP CHẾ\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
    "I. NHIỆM VỤ\n\n"
    "1. Bộ Công an chủ trì rà soát văn bản, hoàn thành trước ngày 20 tháng 12 năm 2026.\n\n"
    "2. Bộ Công an khẩn trương hoàn thiện hồ sơ định danh điện tử.\n\n"
    "3. Bộ Công an sớm tổng kết việc thí điểm cấp căn cước.\n"
)
CLOCK = ["--clock-start", "2026-12-02T10:00+07:00"]


def followups(database: Path) -> list[tuple[str, str | None, str]]:
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT t.title, t.followup_on, r.at FROM reminders r JOIN assignments a "
            "ON a.id = r.assignment_id JOIN tasks t ON t.id = a.task_id "
            "WHERE r.kind = 'followup' AND t.followup_on IS NOT NULL ORDER BY t.id"
        ).fetchall()
    return [(title, on, str(at)[:10]) for title, on, at in rows]


def test_the_command_line_sets_follow_up_dates_or_refuses_and_stores_nothing(
    tmp_path: Path,
) -> None:
    notice = tmp_path / "tb.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    shown = run(
        [*CLOCK, "import", str(notice), "--dry-run", "--followup", "3=2026-12-21"], tmp_path
    )
    assert shown.returncode == 0, shown.stderr
    assert "Ngày đôn đốc: 9/12/2026 (đề xuất)" in shown.stdout
    assert "Ngày đôn đốc: 21/12/2026 (đã chọn)" in shown.stdout

    for pick, problem in (
        ("1=2026-12-15", "task 1 has a deadline"),
        ("2=2026-12-01", "the date is today or has passed"),
        ("2=2026-12-02", "the date is today or has passed"),
        ("2=2028-01-05", "more than a year ahead"),
        ("9=2026-12-15", "no task 9"),
    ):
        refused = run([*CLOCK, "import", str(notice), "--followup", pick], tmp_path)
        assert refused.returncode == 2, pick
        assert problem in refused.stderr, (pick, refused.stderr)
    garbage = run([*CLOCK, "import", str(notice), "--followup", "2=sau Tết"], tmp_path)
    assert garbage.returncode == 2
    assert "N=YYYY-MM-DD" in garbage.stderr
    database = tmp_path / "cli.sqlite3"
    assert not database.exists()  # refused before the database was even opened

    stored = run(
        [*CLOCK, "import", str(notice), "--accept-followups", "--followup", "3=2026-12-21"],
        tmp_path,
    )
    assert stored.returncode == 0, stored.stderr
    assert "3 new tasks" in stored.stdout
    assert followups(database) == [
        ("Hoàn thiện hồ sơ định danh điện tử", "2026-12-09", "2026-12-09"),
        ("Tổng kết việc thí điểm cấp căn cước", "2026-12-21", "2026-12-21"),
    ]
    # Only the two undated tasks were given a date.
    with sqlite3.connect(database) as db:
        dated = db.execute(
            "SELECT followup_on FROM tasks WHERE title = 'Rà soát văn bản'"
        ).fetchall()
    assert dated == [(None,)]

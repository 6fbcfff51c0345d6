"""Report figures against the hand-computed history of ``tests/report_fixture.py``; the
Excel appendix opened with openpyxl; the chart opened with Pillow; the command line."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.clock import FakeClock
from reports.figures import (
    Report,
    ScopeKind,
    UnknownScope,
    build_report,
    changes_since,
    resolve_scope,
    weekly_overdue,
)
from reports.states import Obligation, ReportStatus, load_obligations, state_as_of
from settings import load_settings
from tests.cli_run import Ran, run_bot
from tests.report_files import (
    DETAIL_SHEET,
    SUMMARY_SHEET,
    grey_spread,
    load_workbook,
    open_image,
    render_chart,
    write_xlsx,
)
from tests.report_fixture import BCA, BTC, BYT, EXPECTED, R1, R2, RATES, VN, build_fixture
from wiring import Core, build_core

TODAY = date(2026, 7, 20)


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'reports.sqlite3'}"},
        require_bot=False,
    )
    built = build_core(settings, FakeClock(datetime(2026, 7, 20, 9, tzinfo=VN)))
    await built.prepare(seed=False)
    await build_fixture(built)
    try:
        yield built
    finally:
        await built.close()


async def _obligations(core: Core) -> list[Obligation]:
    return await load_obligations(core.sessions, core.registry, VN)


def _cells(report: Report, agency: str | None) -> tuple[int, ...]:
    if agency is None:
        f = report.totals
    else:
        [row] = [r for r in report.rows if r.agency == agency]
        f = row.figures
    return (
        f.assigned,
        f.due,
        f.done_on_time,
        f.done_late,
        f.in_time,
        f.overdue,
        f.undated,
        f.standing,
        f.cancelled,
    )


@pytest.mark.parametrize("as_of", [R1, R2])
async def test_figures_agree_with_the_hand_computed_history(core: Core, as_of: date) -> None:
    report = build_report(await _obligations(core), core.registry, as_of=as_of, today=TODAY)
    for agency, cells in EXPECTED[as_of].items():
        assert _cells(report, agency) == cells, (as_of, agency)
    for agency, rate in RATES[as_of].items():
        figures = (
            report.totals
            if agency is None
            else next(r for r in report.rows if r.agency == agency).figures
        )
        assert figures.on_time_rate == pytest.approx(rate), (as_of, agency)
    assert not report.planned


async def test_a_report_for_a_past_day_is_the_same_whichever_day_it_is_asked(
    core: Core,
) -> None:
    obligations = await _obligations(core)
    asked_early = build_report(obligations, core.registry, as_of=R1, today=date(2026, 6, 1))
    asked_late = build_report(obligations, core.registry, as_of=R1, today=TODAY)
    assert asked_early.rows == asked_late.rows
    assert asked_early.totals == asked_late.totals


async def test_a_proposal_never_moves_the_deadline_in_force(core: Core) -> None:
    report = build_report(await _obligations(core), core.registry, as_of=R1, today=TODAY)
    [item] = [i for i in report.items if i.obligation.title == "Trình đề án tài chính"]
    assert item.state.status is ReportStatus.OVERDUE
    assert item.state.deadline_in_force == date(2026, 4, 30)
    assert item.state.proposed_deadline == date(2026, 6, 30)
    assert item.state.proposal_decision == "chờ duyệt"
    # Before the proposal was made (20/4) there was none, and it was in time.
    before = build_report(
        await _obligations(core), core.registry, as_of=date(2026, 4, 19), today=TODAY
    )
    [early] = [i for i in before.items if i.obligation.title == "Trình đề án tài chính"]
    assert early.state.status is ReportStatus.IN_TIME
    assert early.state.proposed_deadline is None


async def test_an_approved_extension_is_the_deadline_in_force(core: Core) -> None:
    obligations = await _obligations(core)
    [ob] = [o for o in obligations if o.title == "Sửa đổi nghị định về định danh"]
    states = {
        day: state_as_of(ob, day)
        for day in (date(2026, 4, 26), date(2026, 5, 31), date(2026, 6, 10))
    }
    waiting = states[date(2026, 4, 26)]
    assert waiting is not None
    assert (waiting.status, waiting.deadline_in_force) == (ReportStatus.IN_TIME, date(2026, 4, 30))
    assert (waiting.proposed_deadline, waiting.proposal_decision) == (
        date(2026, 6, 15),
        "chờ duyệt",
    )
    approved = states[date(2026, 5, 31)]
    assert approved is not None
    # Past the assigned 30/4 but within the approved 15/6: in time, not overdue.
    assert (approved.status, approved.deadline_in_force) == (
        ReportStatus.IN_TIME,
        date(2026, 6, 15),
    )
    assert approved.deadline_assigned == date(2026, 4, 30)
    assert (approved.proposed_deadline, approved.proposal_decision) == (None, "đồng ý")
    done = states[date(2026, 6, 10)]
    assert done is not None
    assert (done.status, done.done_at) == (ReportStatus.DONE_ON_TIME, date(2026, 6, 10))


async def test_scopes_by_agency_and_by_notice(core: Core) -> None:
    obligations = await _obligations(core)
    by_agency = resolve_scope("bo y te", core.registry, obligations)
    assert by_agency.kind is ScopeKind.AGENCY
    report = build_report(obligations, core.registry, as_of=R2, today=TODAY, scope=by_agency)
    assert [r.agency for r in report.rows] == [BYT]
    assert _cells(report, None) == EXPECTED[R2][BYT]

    by_notice = resolve_scope("20/tb-vpcp", core.registry, obligations)
    assert (by_notice.kind, by_notice.notice) == (ScopeKind.NOTICE, "20/TB-VPCP")
    report = build_report(obligations, core.registry, as_of=R2, today=TODAY, scope=by_notice)
    assert {r.agency: (r.figures.standing, r.figures.in_time) for r in report.rows} == {
        BTC: (1, 0),
        BYT: (0, 1),
    }
    # Before the notice was issued it has nothing to report.
    assert build_report(obligations, core.registry, as_of=R1, today=TODAY, scope=by_notice).empty

    for unknown in ("Bộ Không Tồn Tại", "99/TB-VPCP"):
        with pytest.raises(UnknownScope):
            resolve_scope(unknown, core.registry, obligations)


async def test_a_day_still_to_come_gives_the_planned_figures(core: Core) -> None:
    report = build_report(
        await _obligations(core), core.registry, as_of=date(2026, 8, 1), today=TODAY
    )
    assert report.planned
    # #8 (31/7) is overdue by then unless someone reports it.
    assert report.totals.overdue == EXPECTED[R2][None][5] + 1


async def test_changes_since_last_week_and_the_weekly_trend(core: Core) -> None:
    obligations = await _obligations(core)
    report = build_report(obligations, core.registry, as_of=date(2026, 6, 3), today=TODAY)
    changes = changes_since(report, date(2026, 5, 27))
    assert [(i.obligation.title, i.agency) for i in changes.newly_done] == [
        ("Phối hợp xây dựng cơ sở dữ liệu", BYT)
    ]
    assert changes.newly_overdue == ()
    assert [i.obligation.title for i in changes.pending_proposals] == ["Trình đề án tài chính"]

    trend = weekly_overdue(obligations, as_of=R2, weeks=4)
    assert [day for day, _ in trend] == [
        date(2026, 6, 24),
        date(2026, 7, 1),
        date(2026, 7, 8),
        date(2026, 7, 15),
    ]
    # #3 overdue throughout; #5 (30/6) from 1/7.
    assert [count for _, count in trend] == [1, 2, 2, 2]


async def test_the_excel_appendix_holds_the_figures_and_the_detail(core: Core) -> None:
    report = build_report(await _obligations(core), core.registry, as_of=R2, today=TODAY)
    book = load_workbook(write_xlsx(report))
    assert book.sheetnames == [SUMMARY_SHEET, DETAIL_SHEET]
    summary = book[SUMMARY_SHEET]
    assert "15/7/2026" in str(summary["A1"].value)
    header = [c.value for c in summary[2]]
    assert header[:4] == ["STT", "Cơ quan", "Số nhiệm vụ được giao", "Đến hạn"]
    assert header[-1] == "Tỷ lệ hoàn thành đúng hạn"
    assert summary.freeze_panes == "C3"
    assert summary.column_dimensions["B"].width == 42
    rows = {row[1]: row for row in summary.iter_rows(min_row=3, values_only=True)}
    # agency · assigned · due · on time · late · in time · overdue · undated+standing · rate
    assert rows[BYT][2:] == (3, 2, 0, 1, 1, 1, 0, 0)
    assert rows[BTC][2:9] == (3, 1, 0, 0, 0, 1, 2)
    assert rows[BTC][9] == 0
    total = rows["Tổng cộng"]
    assert total[2:9] == (10, 7, 3, 2, 1, 2, 2)
    assert total[9] == pytest.approx(3 / 7)
    assert "Nhiệm vụ đã rút (không tính): 1" in rows
    assert summary.cell(row=3 + len(report.rows), column=10).number_format == "0.0%"

    detail = book[DETAIL_SHEET]
    assert detail.freeze_panes == "D2"
    lines = list(detail.iter_rows(values_only=True))
    assert lines[0][0] == "Thông báo"
    assert len(lines) == 1 + 11
    [proposal] = [line for line in lines if line[2] == "Trình đề án tài chính"]
    assert proposal[0] == "10/TB-VPCP"
    assert proposal[3] == BTC
    assert proposal[6] == "trước 30/4/2026"
    assert proposal[7] == datetime(2026, 4, 30)
    assert proposal[8] == datetime(2026, 4, 30)
    assert proposal[9] == "quá hạn chưa hoàn thành"
    assert str(proposal[11]).startswith("chờ ý kiến Bộ Tư pháp")
    assert proposal[12] == datetime(2026, 6, 30)
    assert proposal[13] == "chờ duyệt"
    [late] = [
        line for line in lines if line[2] == "Phối hợp xây dựng cơ sở dữ liệu" and line[4] == BYT
    ]
    assert late[9] == "hoàn thành quá hạn"
    assert late[10] == datetime(2026, 6, 1)
    [extended] = [line for line in lines if line[2] == "Sửa đổi nghị định về định danh"]
    assert extended[7:] == (
        datetime(2026, 4, 30),
        datetime(2026, 6, 15),
        "hoàn thành đúng hạn",
        datetime(2026, 6, 10),
        "đã gửi báo cáo",
        datetime(2026, 6, 15),
        "đồng ý",
    )
    [withdrawn] = [line for line in lines if line[2] == "Xây dựng luật thuế mới"]
    assert withdrawn[9] == "đã rút"


async def test_the_appendix_carries_odd_text_as_written(core: Core) -> None:
    """Markup, ampersands, spaces at the ends and line breaks survive; characters XML
    cannot carry (a control character pasted from a PDF) are dropped, not fatal."""
    odd = "  Báo cáo <b>A&B</b> > 5%\x01\n dòng hai "
    obligations = [
        replace(o, title=odd, notes=((R1, "ghi chú\x0b & <i>"),)) if o.task_id == 1 else o
        for o in await _obligations(core)
    ]
    report = build_report(obligations, core.registry, as_of=R2, today=TODAY)
    lines = list(load_workbook(write_xlsx(report))[DETAIL_SHEET].iter_rows(values_only=True))
    [line] = [line for line in lines if line[2] and "A&B" in str(line[2])]
    assert line[2] == "  Báo cáo <b>A&B</b> > 5%\n dòng hai "
    assert line[11] == "ghi chú & <i>"
    assert len(lines) == 1 + 11


def _assert_real_chart(png: bytes, *, min_height: int) -> Any:
    image = open_image(png)
    assert image.format == "PNG"
    width, height = image.size
    assert 600 <= width <= 1200
    assert height >= min_height
    # Not blank: a white page has no spread of grey levels.
    assert grey_spread(image) > 20
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None
    present = {rgb for _, rgb in colours}
    assert (0xC6, 0x28, 0x28) in present  # overdue red
    assert (0x2E, 0x7D, 0x32) in present  # on-time green
    return image


async def test_the_chart_is_a_real_picture_with_the_four_cells(core: Core) -> None:
    obligations = await _obligations(core)
    report = build_report(obligations, core.registry, as_of=R2, today=TODAY)
    png = render_chart(report, weekly_overdue(obligations, as_of=R2))
    assert png is not None
    _assert_real_chart(png, min_height=400)


async def test_fifty_one_agencies_make_a_tall_readable_chart(tmp_path: Path) -> None:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'seeded.sqlite3'}"},
        require_bot=False,
    )
    seeded = build_core(settings, FakeClock(datetime(2026, 7, 20, 9, tzinfo=VN)))
    await seeded.prepare()
    try:
        obligations = await _obligations(seeded)
        report = build_report(obligations, seeded.registry, as_of=TODAY, today=TODAY)
        assert len(report.rows) == 51
        png = render_chart(report)
        assert png is not None
        image = _assert_real_chart(png, min_height=1500)
        # About 30 pixels per agency: each bar and its label stay legible on a phone.
        assert image.size[1] / 51 >= 28
    finally:
        await seeded.close()


async def test_nothing_to_draw_gives_no_picture(core: Core) -> None:
    obligations = [o for o in await _obligations(core) if o.title in ("Rà soát các khoản chi",)]
    report = build_report(obligations, core.registry, as_of=R2, today=TODAY)
    assert report.totals.undated == 1
    assert render_chart(report) is None


# ---------------------------------------------------------------- the command line


def _cli(args: list[str], database: Path, tmp_path: Path) -> Ran:
    """``bot.py report args`` on ``database`` with nothing else in its environment, through
    the script's own ``main`` in a thread of this process (the test's loop is running)."""
    argv = [
        "--env-file",
        str(tmp_path / "none.env"),
        "--clock-start",
        "2026-07-20T09:00+07:00",
        "report",
        *args,
    ]
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{database}", "PATH": "/usr/bin:/bin"}
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(run_bot, argv, env=env, cwd=tmp_path).result()


async def test_the_command_line_prints_json_writes_files_and_refuses_bad_input(
    core: Core, tmp_path: Path
) -> None:
    database = tmp_path / "reports.sqlite3"
    result = _cli(["--as-of", R1.isoformat(), "--json"], database, tmp_path)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["agency"] for r in records] == [BCA, BTC, BYT, None]
    keys = [
        "agency",
        "assigned",
        "due",
        "done_on_time",
        "done_late",
        "in_time",
        "overdue",
        "undated",
        "standing",
        "cancelled",
        "on_time_rate",
    ]
    assert all(list(r) == keys for r in records)
    for record in records:
        expected = EXPECTED[R1][record["agency"]]
        got = tuple(record[k] for k in keys[1:10])
        assert got == expected, record
    assert records[-1]["on_time_rate"] == 0.4

    result = _cli(
        ["--as-of", R2.isoformat(), "--notice", "20/TB-VPCP", "--json"], database, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["assigned"] == 2

    xlsx, png = tmp_path / "a.xlsx", tmp_path / "a.png"
    assert _cli(["--agency", "Bộ Y tế", "--xlsx", str(xlsx)], database, tmp_path).returncode == 0
    assert load_workbook(xlsx)[SUMMARY_SHEET]["B3"].value == BYT
    assert _cli(["--png", str(png)], database, tmp_path).returncode == 0
    _assert_real_chart(png.read_bytes(), min_height=300)

    table = _cli([], database, tmp_path)
    assert table.returncode == 0
    assert "Tổng cộng" in table.stdout

    future = _cli(["--as-of", "2026-12-31", "--json"], database, tmp_path)
    assert future.returncode == 0
    assert "still to come" in future.stderr

    for args, message in [
        (["--agency", "Bộ Không Tồn Tại"], "unknown agency"),
        (["--notice", "99/TB-VPCP"], "unknown notice"),
        (["--as-of", "31/5/2026"], "expected YYYY-MM-DD"),
        (["--as-of", "2025-01-01", "--xlsx", str(tmp_path / "none.xlsx")], "nothing assigned"),
    ]:
        refused = _cli(args, database, tmp_path)
        assert refused.returncode in (1, 2), args
        assert message in refused.stderr, (args, refused.stderr)
        assert "Traceback" not in refused.stderr
    assert not (tmp_path / "none.xlsx").exists()

    empty = _cli(["--png", str(tmp_path / "empty.png")], tmp_path / "empty.sqlite3", tmp_path)
    assert empty.returncode == 1
    assert "no tasks" in empty.stderr
    assert not (tmp_path / "empty.png").exists()


def test_digest_settings_and_slots() -> None:
    from domain.errors import ConfigError
    from reports.digest import DigestPlan
    from settings import digest_settings

    assert digest_settings({}) == (0, time(8, 30), frozenset())
    assert digest_settings({"SEND_TIME": "07:45"})[1] == time(7, 45)
    assert digest_settings(
        {"DIGEST_DAY": "thu6", "DIGEST_TIME": "16:00", "LEADERSHIP_CHAT_IDS": "-100123, 42"}
    ) == (4, time(16, 0), frozenset({-100123, 42}))
    assert digest_settings({"DIGEST_DAY": "off"})[0] is None
    for env, name in [
        ({"DIGEST_DAY": "someday"}, "DIGEST_DAY"),
        ({"DIGEST_TIME": "25:00"}, "DIGEST_TIME"),
        ({"LEADERSHIP_CHAT_IDS": "@lanhdao"}, "LEADERSHIP_CHAT_IDS"),
    ]:
        with pytest.raises(ConfigError, match=name):
            digest_settings(env)

    plan = DigestPlan(weekday=0, at=time(8, 30), timezone=VN)
    monday = datetime(2026, 7, 20, 8, 30, tzinfo=VN)
    assert plan.slot(monday) == monday
    assert plan.slot(monday - timedelta(minutes=1)) == monday - timedelta(days=7)
    assert plan.slot(datetime(2026, 7, 23, 12, 0, tzinfo=VN)) == monday
    assert DigestPlan(weekday=None, at=time(8, 30), timezone=VN).slot(monday) is None

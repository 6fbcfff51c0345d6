"""The importer over the reference corpus: twelve real notices, plans, resolutions and
press articles it was not tuned on one by one. Every file must import; a few facts, checked
by reading the files, must come out right."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from bench.shared import SHARED
from domain.agencies import AgencyRegistry
from domain.deadline import DeadlineKind, Granularity
from notices.importer import TITLE_MAX, IssueDateMissing, Layout, ParsedNotice, import_notice
from notices.sources import read_notice
from storage.agency_files import shipped_registry

CORPUS = SHARED / "corpus" / "notices"

# CI always has shared/ beside the checkout: there a missing corpus is a failure, not a skip.
if os.environ.get("CI") and not CORPUS.is_dir():
    raise RuntimeError(f"the reference corpus is missing at {CORPUS}")
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the reference corpus is not checked out at {CORPUS}"
)


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def load(registry: AgencyRegistry, prefix: str) -> ParsedNotice:
    """Import a corpus file as ``bot.py import`` does: the text's own issue date, or the
    header's ``date:`` when the text has none."""
    (path,) = [p for p in corpus_files() if p.name.startswith(prefix)]
    source = read_notice(path)
    try:
        return import_notice(source.text, registry)
    except IssueDateMissing:
        return import_notice(source.text, registry, issued=source.issued_hint)


def task(parsed: ParsedNotice, ref: str, seq: int = 1) -> tuple[str, date | None]:
    (found,) = [t for t in parsed.tasks if (t.ref, t.seq) == (ref, seq)]
    return found.lead, found.deadline.due


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_imports_into_well_formed_tasks(
    registry: AgencyRegistry, path: Path
) -> None:
    source = read_notice(path)
    assert source.issued_hint is not None
    try:
        parsed = import_notice(source.text, registry)
    except IssueDateMissing:
        parsed = import_notice(source.text, registry, issued=source.issued_hint)

    assert parsed.tasks, f"{path.name}: no task found ({parsed.warnings})"
    assert parsed.issued is not None
    # The text's own date is the notice's, or the article's a day later.
    assert abs((parsed.issued - source.issued_hint).days) <= 1
    keys = [(t.ref, t.seq) for t in parsed.tasks]
    assert len(set(keys)) == len(keys)
    for found in parsed.tasks:
        assert found.ref
        assert found.seq >= 1
        assert found.text
        assert 0 < len(found.title) <= TITLE_MAX
        assert (found.deadline.due is not None) == (found.deadline.kind is DeadlineKind.DEADLINE)
        assert (
            found.lead_known
            or not found.lead
            or found.lead in (parsed.vague_groups if found.lead_vague else parsed.unknown_agencies)
        )


def test_tb634_thanh_hoa_reads_its_header_and_its_answers_to_the_province(
    registry: AgencyRegistry,
) -> None:
    parsed = load(registry, "01_")

    assert (parsed.number, parsed.issued, parsed.layout) == (
        "634/TB-VPCP",
        date(2025, 11, 22),
        Layout.FORMAL,
    )
    assert task(parsed, "III.6") == ("UBND tỉnh Thanh Hóa", date(2025, 12, 1))
    assert task(parsed, "III.7") == ("Bộ Tài chính", date(2025, 12, 25))
    assert task(parsed, "III.8") == ("Bộ Nội vụ", date(2025, 11, 30))
    assert next(t for t in parsed.tasks if t.ref == "III.7").co == ("Bộ Xây dựng",)
    # Section I (ĐÁNH GIÁ CHUNG) is background; II and III hold 10 numbered items each,
    # and two of III's items address a second body ("…; Bộ Khoa học và Công nghệ hướng dẫn").
    assert not any(t.ref.startswith("I.") for t in parsed.tasks)
    assert 20 <= len(parsed.tasks) <= 24


def test_tb627_transport_reads_province_lists_and_named_provinces(
    registry: AgencyRegistry,
) -> None:
    parsed = load(registry, "02_")

    found = next(t for t in parsed.tasks if t.ref == "III.3.a")
    assert (found.lead, found.deadline.due, found.deadline.granularity) == (
        "Các địa phương",
        date(2025, 12, 31),
        Granularity.YEAR,
    )
    assert found.members == ("UBND tỉnh Nghệ An", "UBND tỉnh Quảng Ngãi", "UBND tỉnh Cao Bằng")
    assert task(parsed, "III.5.b") == ("UBND tỉnh Hưng Yên", date(2025, 11, 15))
    # I. ĐÁNH GIÁ CHUNG is background and II. MỘT SỐ YÊU CẦU has no numbered items: every
    # task is one of the 23 lettered items of III (III.2.a adds a paragraph of its own).
    assert {t.ref.split(".")[0] for t in parsed.tasks} == {"III"}
    assert 23 <= len(parsed.tasks) <= 25


def test_kh310_reads_its_appendix_table_with_bodies_the_registry_does_not_know(
    registry: AgencyRegistry,
) -> None:
    parsed = load(registry, "05_")

    rows = [t for t in parsed.tasks if t.ref.startswith("PL.")]
    board = "Ban Quản lý các khu công nghệ cao và khu công nghiệp"
    assert [t.ref for t in rows] == [f"PL.{n}" for n in range(1, 7)]
    assert (rows[0].lead, rows[0].lead_known) == (board, False)
    assert (rows[0].deadline.due, rows[0].deadline.granularity) == (
        date(2026, 9, 30),
        Granularity.QUARTER,
    )
    assert rows[2].deadline.kind is DeadlineKind.ONGOING
    assert rows[5].deadline.granularity is Granularity.YEARLY
    assert board in parsed.unknown_agencies
    assert "Sở Khoa học và Công nghệ" in parsed.unknown_agencies


def test_kh141_reads_who_and_when_from_plan_blocks(registry: AgencyRegistry) -> None:
    parsed = load(registry, "06_")

    assert task(parsed, "III.7", 2) == ("Sở Khoa học và Công nghệ", date(2025, 12, 31))
    assert next(t for t in parsed.tasks if t.ref == "III.8").deadline.kind is (
        DeadlineKind.RECURRING
    )


@pytest.mark.parametrize(
    ("prefix", "ref", "lead", "due"),
    [
        pytest.param("08_", "P31", "Bộ Công an", date(2025, 4, 10), id="nq74-article"),
        pytest.param("09_", "P26", "Bộ Tài chính", date(2025, 6, 15), id="tb285-article"),
        pytest.param("12_", "2", "Bộ Tài chính", date(2025, 8, 29), id="cd149-article"),
    ],
)
def test_articles_give_the_dated_task_they_report(
    registry: AgencyRegistry, prefix: str, ref: str, lead: str, due: date
) -> None:
    assert task(load(registry, prefix), ref) == (lead, due)


def test_an_article_without_a_date_line_needs_the_header_date(registry: AgencyRegistry) -> None:
    (path,) = [p for p in corpus_files() if p.name.startswith("11_")]
    source = read_notice(path)

    with pytest.raises(IssueDateMissing):
        import_notice(source.text, registry)
    parsed = import_notice(source.text, registry, issued=source.issued_hint)
    assert task(parsed, "P7") == ("Các địa phương", date(2025, 12, 1))

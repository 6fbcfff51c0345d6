"""The curated task list: the shipped seeds/tasks.toml and the loader's checks."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from domain.agencies import AgencyRegistry
from domain.deadline import DeadlineKind, Granularity
from domain.errors import SeedError
from domain.seedfile import SeedFile, SeedTask
from domain.titles import NOTICE_TITLE_MAX
from storage.agency_files import load_registry
from storage.seed_files import load_seed_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return load_registry(SEEDS / "agencies.toml")


@pytest.fixture(scope="module")
def seeds(registry: AgencyRegistry) -> SeedFile:
    return load_seed_file(SEEDS / "tasks.toml", registry)


def _task(seeds: SeedFile, key: str) -> SeedTask:
    (task,) = [task for task in seeds.tasks if task.key == key]
    return task


# --- the shipped task list ------------------------------------------------------------------


def test_it_loads_every_task_of_the_three_notices(seeds: SeedFile) -> None:
    assert [notice.key for notice in seeds.notices] == [
        "203/TB-VPCP",
        "56/TB-VPCP",
        "KL-2025-12-22",
    ]
    assert Counter(task.notice for task in seeds.tasks) == {
        "203/TB-VPCP": 24,
        "56/TB-VPCP": 36,
        "KL-2025-12-22": 33,
    }
    assert len(seeds.tasks_of("56/TB-VPCP")) == 36


def test_it_counts_tasks_by_kind_of_timing(seeds: SeedFile) -> None:
    assert Counter(task.deadline.kind for task in seeds.tasks) == {
        DeadlineKind.DEADLINE: 64,
        DeadlineKind.NONE: 25,
        DeadlineKind.ONGOING: 3,
        DeadlineKind.RECURRING: 1,
    }


def test_the_notice_without_a_number_is_keyed_by_its_date(seeds: SeedFile) -> None:
    (notice,) = [n for n in seeds.notices if n.key == "KL-2025-12-22"]
    assert notice.number == ""
    assert notice.issued == date(2025, 12, 22)
    assert notice.source == "seeds/bao-thong-bao-ket-luan-2025-12-22.txt"


def test_every_lead_and_co_resolves_in_the_registry(
    seeds: SeedFile, registry: AgencyRegistry
) -> None:
    for task in seeds.tasks:
        assert registry.find(task.lead) or registry.resolve_group(task.lead), task.key
        for name in (*task.members, *task.co):
            registry.resolve(name)


@pytest.mark.parametrize(
    ("key", "due", "granularity", "kind", "lead"),
    [
        pytest.param(
            "203/TB-VPCP|B.II.1.a|1",
            date(2024, 5, 10),
            Granularity.DAY,
            DeadlineKind.DEADLINE,
            "group:bo-nganh-dia-phuong",
            id="203-kien-toan-ban-chi-dao",
        ),
        pytest.param(
            "203/TB-VPCP|B.II.1.c|1",
            date(2024, 6, 30),
            Granularity.DAY,
            DeadlineKind.DEADLINE,
            "group:bo-nganh-dia-phuong",
            id="203-precise-parenthesis",
        ),
        pytest.param(
            "203/TB-VPCP|B.II.1.g|1",
            date(2024, 11, 30),
            Granularity.MONTH,
            DeadlineKind.DEADLINE,
            "group:dia-phuong",
            id="203-before-december",
        ),
        pytest.param(
            "203/TB-VPCP|B.II.3.d|1",
            None,
            None,
            DeadlineKind.NONE,
            "bo-ca",
            id="203-inline-item-d",
        ),
        pytest.param(
            "203/TB-VPCP|B.II.5|1",
            None,
            None,
            DeadlineKind.NONE,
            "bo-nv",
            id="203-session-without-month",
        ),
        pytest.param(
            "56/TB-VPCP|IV.1.b|1",
            date(2025, 2, 28),
            Granularity.MONTH,
            DeadlineKind.DEADLINE,
            "group:bo-nganh-dia-phuong",
            id="56-notice-wins-over-press",
        ),
        pytest.param(
            "56/TB-VPCP|IV.3.a|1",
            date(2025, 5, 31),
            Granularity.MONTH,
            DeadlineKind.DEADLINE,
            "bo-tttt",
            id="56-session-in-may",
        ),
        pytest.param(
            "56/TB-VPCP|IV.4.d|1",
            None,
            None,
            DeadlineKind.ONGOING,
            "bo-ca",
            id="56-thuong-xuyen",
        ),
        pytest.param(
            "56/TB-VPCP|IV.7.a|1",
            date(2025, 6, 30),
            Granularity.HALF,
            DeadlineKind.DEADLINE,
            "bo-tc",
            id="56-first-half",
        ),
        pytest.param(
            "56/TB-VPCP|IV.10|1",
            date(2025, 3, 31),
            Granularity.MONTH,
            DeadlineKind.DEADLINE,
            "bo-ca",
            id="56-two-leads",
        ),
        pytest.param(
            "KL-2025-12-22|P20|1",
            date(2026, 3, 1),
            Granularity.DAY,
            DeadlineKind.DEADLINE,
            "bo-ca",
            id="2025-he-thong-dieu-phoi",
        ),
        pytest.param(
            "KL-2025-12-22|P25|1",
            None,
            None,
            DeadlineKind.ONGOING,
            "group:bo-nganh",
            id="2025-nhiem-vu-thuong-xuyen",
        ),
        pytest.param(
            "KL-2025-12-22|P29|1",
            None,
            Granularity.MONTHLY,
            DeadlineKind.RECURRING,
            "bo-nv",
            id="2025-hang-thang",
        ),
        pytest.param(
            "KL-2025-12-22|P24|1",
            None,
            None,
            DeadlineKind.NONE,
            "group:co-quan-chu-quan-csdl",
            id="2025-database-owners",
        ),
    ],
)
def test_a_hand_checked_task_has_its_deadline_and_lead(
    seeds: SeedFile,
    registry: AgencyRegistry,
    key: str,
    due: date | None,
    granularity: Granularity | None,
    kind: DeadlineKind,
    lead: str,
) -> None:
    task = _task(seeds, key)
    assert (task.deadline.due, task.deadline.granularity, task.deadline.kind) == (
        due,
        granularity,
        kind,
    )
    agency = registry.find(task.lead)
    group = registry.resolve_group(task.lead)
    assert (agency.id if agency else f"group:{group.id if group else None}") == lead


def test_one_item_with_two_dated_obligations_gives_two_tasks(seeds: SeedFile) -> None:
    tasks = [t for t in seeds.tasks if t.notice == "56/TB-VPCP" and t.ref == "IV.1.đ"]
    assert [(t.seq, t.deadline.due) for t in tasks] == [
        (1, date(2025, 3, 31)),
        (2, date(2025, 6, 30)),
    ]
    assert tasks[0].co == ("Bộ Tư pháp", "Bộ Công an")
    assert tasks[1].co == ("Bộ Tài nguyên và Môi trường",)
    assert tasks[0].text == tasks[1].text


def test_an_item_with_three_dated_obligations_gives_three_tasks(seeds: SeedFile) -> None:
    tasks = [t for t in seeds.tasks if t.notice == "56/TB-VPCP" and t.ref == "IV.4.đ"]
    assert [(t.deadline.due, t.deadline.granularity) for t in tasks] == [
        (date(2025, 12, 31), Granularity.QUARTER),
        (date(2025, 3, 31), Granularity.QUARTER),
        (date(2025, 8, 31), Granularity.MONTH),
    ]


def test_the_seven_provinces_keep_their_2024_names_as_members(
    seeds: SeedFile, registry: AgencyRegistry
) -> None:
    task = _task(seeds, "203/TB-VPCP|B.II.1.d|2")
    assert task.deadline.due == date(2024, 5, 31)
    assert len(task.members) == 7
    assert "UBND tỉnh Kiên Giang" in task.members
    owners = {registry.owner_today(registry.resolve(m).id).short for m in task.members}
    assert owners == {"UBND An Giang", "UBND Cần Thơ", "UBND Lâm Đồng", "UBND Tây Ninh"} | {
        "UBND TP.HCM"
    }


def test_texts_are_verbatim_and_phrases_come_from_them(seeds: SeedFile) -> None:
    sources = {
        notice.key: " ".join((SEEDS.parent / notice.source).read_text(encoding="utf-8").split())
        for notice in seeds.notices
    }
    for task in seeds.tasks:
        text = " ".join(task.text.split())
        assert text in sources[task.notice], task.key
        assert " ".join(task.deadline.phrase.split()) in text, task.key
        assert 0 < len(task.title) <= NOTICE_TITLE_MAX, task.key


# --- the loader's checks --------------------------------------------------------------------

_SOURCE = "Bộ Công an chủ trì, phối hợp với Bộ Tư pháp hoàn thành\ntrong tháng 5 năm 2024."
_NOTICE = """
[[notice]]
key = "1/TB-X"
number = "1/TB-X"
issued = 2024-05-06
title = "Thông báo thử"
source = "seeds/source.txt"
"""
_FIELDS = {
    "notice": '"1/TB-X"',
    "ref": '"A.1"',
    "seq": "1",
    "title": '"Hoàn thành việc thử"',
    "text": '"Bộ Công an chủ trì, phối hợp với Bộ Tư pháp hoàn thành trong tháng 5 năm 2024."',
    "lead": '"Bộ Công an"',
    "co": '["Bộ Tư pháp"]',
    "due": "2024-05-31",
    "granularity": '"month"',
    "kind": '"deadline"',
    "phrase": '"trong tháng 5 năm 2024"',
}


def _write(tmp_path: Path, body: str) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "source.txt").write_text(_SOURCE, encoding="utf-8")
    path = seeds / "tasks.toml"
    path.write_text(_NOTICE + body, encoding="utf-8")
    return path


def _task_table(**changes: str | None) -> str:
    fields = {**_FIELDS, **changes}
    lines = [f"{name} = {value}" for name, value in fields.items() if value is not None]
    return "[[task]]\n" + "\n".join(lines) + "\n"


def test_a_well_formed_file_loads(tmp_path: Path, registry: AgencyRegistry) -> None:
    loaded = load_seed_file(_write(tmp_path, _task_table()), registry)
    (task,) = loaded.tasks
    assert task.key == "1/TB-X|A.1|1"
    assert task.co == ("Bộ Tư pháp",)
    assert task.members == ()
    assert task.deadline.due == date(2024, 5, 31)


def test_seq_defaults_to_one(tmp_path: Path, registry: AgencyRegistry) -> None:
    loaded = load_seed_file(_write(tmp_path, _task_table(seq=None)), registry)
    assert loaded.tasks[0].seq == 1


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        pytest.param({"notice": '"2/TB-X"'}, "notice: unknown notice", id="unknown-notice"),
        pytest.param(
            {"lead": '"Bộ Không Có"'}, "lead: 'Bộ Không Có' is neither", id="unknown-lead"
        ),
        pytest.param({"co": '["Sở Tư pháp"]'}, "co: unknown agency", id="unknown-co"),
        pytest.param(
            {"lead": '"Các địa phương"', "members": '["An Giang", "Tỉnh Mới"]'},
            "members: unknown agency 'Tỉnh Mới'",
            id="unknown-member",
        ),
        pytest.param(
            {"lead": '"Các địa phương"', "members": '["Bộ Tư pháp"]'},
            "members: 'Bộ Tư pháp' is not of the kinds",
            id="member-outside-the-group",
        ),
        pytest.param(
            {"members": '["An Giang"]'},
            "members: the lead 'Bộ Công an' must be the members' group",
            id="members-under-an-agency",
        ),
        pytest.param({"due": None}, "due: kind deadline needs due", id="deadline-without-due"),
        pytest.param(
            {"granularity": '"monthly"'}, "due: kind deadline needs", id="deadline-with-a-period"
        ),
        pytest.param({"kind": '"none"'}, "due: kind none takes neither", id="none-with-a-due"),
        pytest.param(
            {"kind": '"recurring"', "due": None, "granularity": None},
            "due: kind recurring needs",
            id="recurring-without-period",
        ),
        pytest.param({"kind": '"soon"'}, "kind: 'soon' is not one of", id="unknown-kind"),
        pytest.param(
            {"granularity": '"week"'}, "granularity: 'week' is not one of", id="bad-granularity"
        ),
        pytest.param({"due": '"2024-05-31"'}, "due: a date", id="quoted-date"),
        pytest.param({"title": '""'}, "title: a non-empty string", id="empty-title"),
        pytest.param(
            {"title": '"' + "x" * (NOTICE_TITLE_MAX + 1) + '"'},
            f"title: {NOTICE_TITLE_MAX + 1} characters",
            id="long-title",
        ),
        pytest.param({"text": '"  "'}, "text: a non-empty string", id="empty-text"),
        pytest.param(
            {"text": '"Bộ Công an chủ trì hoàn thành trong tháng 5 năm 2024."'},
            "text: not found in the notice's source file",
            id="text-not-in-source",
        ),
        pytest.param(
            {"phrase": '"trước ngày 31 tháng 5 năm 2024"'},
            "phrase: 'trước ngày 31 tháng 5 năm 2024' is not in the task's text",
            id="phrase-not-in-text",
        ),
        pytest.param(
            {"phrase": '""'}, "phrase: kind deadline needs the wording", id="deadline-no-phrase"
        ),
        pytest.param({"owner": '"Bộ Công an"'}, "unknown field(s): owner", id="misspelt-field"),
        pytest.param({"ref": '""'}, "ref: a non-empty string", id="empty-ref"),
    ],
)
def test_it_rejects_a_bad_task_naming_the_task_and_the_field(
    tmp_path: Path, registry: AgencyRegistry, changes: dict[str, str | None], problem: str
) -> None:
    path = _write(tmp_path, _task_table(**changes))
    with pytest.raises(SeedError) as raised:
        load_seed_file(path, registry)
    named = {**_FIELDS, **changes}
    notice, ref = (str(named[field]).strip('"') for field in ("notice", "ref"))
    assert raised.value.where == f"tasks.toml: task {notice}|{ref}|1"
    assert raised.value.problem.startswith(problem)


def test_it_rejects_a_duplicate_task_key(tmp_path: Path, registry: AgencyRegistry) -> None:
    path = _write(tmp_path, _task_table() + _task_table(title='"Một việc khác"'))
    with pytest.raises(SeedError) as raised:
        load_seed_file(path, registry)
    assert raised.value.where == "tasks.toml: task 1/TB-X|A.1|1"
    assert raised.value.problem == "ref/seq: duplicate key"


def test_a_second_obligation_of_the_same_item_is_told_apart_by_seq(
    tmp_path: Path, registry: AgencyRegistry
) -> None:
    path = _write(tmp_path, _task_table() + _task_table(seq="2"))
    assert [task.key for task in load_seed_file(path, registry).tasks] == [
        "1/TB-X|A.1|1",
        "1/TB-X|A.1|2",
    ]


def test_it_rejects_a_notice_whose_source_is_missing(
    tmp_path: Path, registry: AgencyRegistry
) -> None:
    path = _write(tmp_path, _task_table())
    path.write_text(_NOTICE.replace("source.txt", "missing.txt"), encoding="utf-8")
    with pytest.raises(SeedError) as raised:
        load_seed_file(path, registry)
    assert raised.value.where == "tasks.toml: notice 1/TB-X"
    assert raised.value.problem.startswith("source: cannot read seeds/missing.txt")

"""A registry group written bare in a notice is held for the admin in the import proposal,
never taken as every member of the group; a named list keeps exactly its members. The
admin's answers: "Cả nhóm", "trừ …" (with or without diacritics) and names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bench.shared import SHARED
from notices.importer import IssueDateMissing, import_notice
from notices.sources import read_notice
from storage.agency_files import shipped_registry
from tracking import import_edits as edits
from tracking.import_proposal import (
    ImportProposal,
    hold_whole_groups,
    is_waiting,
    proposal_of,
    whole_group,
)
from tracking.imports import new_tasks
from wiring import SEEDS

REGISTRY = shipped_registry()

NOTICE = (
    "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC ĐẤT ĐAI\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
    "I. NHIỆM VỤ\n\n"
    "1. Các bộ, ngành khẩn trương rà soát quy định, hoàn thành trước ngày 20 tháng 12 năm "
    "2026.\n\n"
    "2. Các địa phương rà soát các dự án, báo cáo trước ngày 25 tháng 12 năm 2026.\n\n"
    "3. Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ rà soát thủ tục, báo cáo trước "
    "ngày 26 tháng 12 năm 2026.\n\n"
    "4. Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương kiểm kê đất đai trước ngày "
    "27 tháng 12 năm 2026.\n\n"
    "5. Các Bộ, cơ quan: Tài chính, Công Thương, Y tế xây dựng kế hoạch trước ngày 28 tháng "
    "12 năm 2026.\n\n"
    "6. Các tỉnh Nghệ An, Quảng Ngãi hoàn thành giải phóng mặt bằng trước ngày 29 tháng 12 "
    "năm 2026.\n\n"
    "7. Các bộ, ngành, địa phương tăng cường kiểm tra, hoàn thành trước ngày 30 tháng 12 năm "
    "2026.\n\n"
    "8. Bộ Tài chính chủ trì, phối hợp với các bộ, ngành liên quan rà soát, hoàn thành trước "
    "ngày 30 tháng 12 năm 2026.\n\n"
    "9. Các bộ, ngành liên quan báo cáo trước ngày 31 tháng 12 năm 2026.\n"
)


def _held(text: str = NOTICE) -> ImportProposal:
    return hold_whole_groups(proposal_of(import_notice(text, REGISTRY), text), REGISTRY)


def test_bare_groups_wait_for_the_admin_and_named_lists_keep_their_members() -> None:
    proposal = _held()
    shown = [(t.lead, t.lead_known, t.group, t.members) for t in proposal.tasks]
    assert shown == [
        ("Các bộ, ngành", False, "Các bộ, ngành", ()),
        ("Các địa phương", False, "Các địa phương", ()),
        ("Các bộ, ngành", False, "Các bộ, ngành", ()),
        ("Các địa phương", False, "Các địa phương", ()),
        ("Các bộ, ngành", True, "", ("Bộ Tài chính", "Bộ Công Thương", "Bộ Y tế")),
        ("Các địa phương", True, "", ("UBND tỉnh Nghệ An", "UBND tỉnh Quảng Ngãi")),
        ("Các bộ, cơ quan, địa phương", False, "Các bộ, cơ quan, địa phương", ()),
        ("Bộ Tài chính", True, "", ()),
        ("Các bộ, ngành liên quan", False, "Các bộ, ngành liên quan", ()),
    ]
    # The groups to map, in preview order; the held ones are the registry's.
    assert proposal.unresolved_groups() == {
        "Các bộ, ngành": [1, 3],
        "Các địa phương": [2, 4],
        "Các bộ, cơ quan, địa phương": [7],
        "Các bộ, ngành liên quan": [9],
    }
    assert [g.id if (g := whole_group(n, REGISTRY)) else None for n in proposal.groups] == [
        "bo-nganh",
        "dia-phuong",
        "bo-nganh-dia-phuong",
        None,  # narrowed: the text does not say which; no "Cả nhóm"
    ]
    assert all(is_waiting(proposal.tasks[n - 1], REGISTRY) for n in (1, 2, 3, 4, 7, 9))
    # Nothing of a held group is stored without the admin's word.
    assert [t.ref for t in new_tasks(proposal)] == ["I.5", "I.6", "I.8"]


def test_holding_is_idempotent_and_keeps_what_the_admin_dropped_or_mapped() -> None:
    proposal = _held()
    assert hold_whole_groups(proposal, REGISTRY) == proposal
    members = [a.name for a in REGISTRY.members("bo-nganh")]
    mapped, _ = edits.map_group(proposal, index=1, agencies=members, only=True)
    assert hold_whole_groups(mapped, REGISTRY) == mapped  # members named now: kept
    plain = proposal_of(import_notice(NOTICE, REGISTRY), NOTICE)
    assert hold_whole_groups(plain, REGISTRY).groups[:2] == ("Các bộ, ngành", "Các địa phương")


def _documents() -> list[Path]:
    documents = sorted([*SEEDS.glob("*.txt"), *(SHARED / "corpus").rglob("*.txt")])
    assert len(documents) > 20, SHARED  # the corpus is found
    return documents


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_no_document_gives_a_whole_group_without_the_admin(path: Path) -> None:
    source = read_notice(path)
    try:
        parsed = import_notice(source.text, REGISTRY, issued=source.issued_hint)
    except IssueDateMissing:
        parsed = import_notice(source.text, REGISTRY, issued=date(2025, 6, 1))
    before = proposal_of(parsed, source.text)
    after = hold_whole_groups(before, REGISTRY)
    assert len(after.tasks) == len(before.tasks)
    for old, new in zip(before.tasks, after.tasks, strict=True):
        bare = old.lead_known and not old.members and REGISTRY.resolve_group(old.lead)
        if bare:
            assert (new.lead_known, new.group, new.lead) == (False, old.lead, old.lead)
            assert whole_group(new.group_name, REGISTRY) is not None
        else:
            assert new == old  # agencies, named lists, unknown bodies: as read
    assert not [t.ref for t in new_tasks(after) if REGISTRY.resolve_group(t.lead) and not t.members]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Cả nhóm", ""),
        ("ca nhom", ""),
        ("Cả nhóm.", ""),
        ("Tất cả", ""),
        ("trừ Bộ Tài chính", "Bộ Tài chính"),
        ("Trừ: Bộ Tài chính", "Bộ Tài chính"),
        ("tru bo tai chinh", "bo tai chinh"),
        ("cả nhóm trừ Bộ Y tế, Bộ Công an", "Bộ Y tế, Bộ Công an"),
        ("Cả nhóm, trừ Bộ Y tế", "Bộ Y tế"),
        ("ngoại trừ Bộ Y tế", "Bộ Y tế"),
        ("ngoai tru bo y te", "bo y te"),
        # Look-alikes: answers by names, read as names.
        ("trừ", None),
        ("Bộ Tài chính", None),
        ("Bộ Tài chính; Bộ Y tế", None),
        ("Cả nhóm Bộ Y tế", None),
        ("Truyền hình Việt Nam", None),
        ("Trung ương Đoàn", None),
        ("Tất cả các tỉnh", None),
    ],
)
def test_an_answer_is_read_as_the_whole_group_the_group_but_or_names(
    typed: str, read: str | None
) -> None:
    assert edits.read_whole_group(typed) == read


def test_the_group_but_the_agencies_named() -> None:
    ministries = [a.name for a in REGISTRY.members("bo-nganh")]
    but = edits.group_except(REGISTRY, "bo-nganh", "bo tai chinh")
    assert but.kept == tuple(m for m in ministries if m != "Bộ Tài chính")
    assert (but.excluded, but.unmatched, but.outside) == (("Bộ Tài chính",), (), ())
    both = edits.group_except(REGISTRY, "bo-nganh", "Bộ Tài chính và Bộ Y tế")
    assert both.excluded == ("Bộ Tài chính", "Bộ Y tế")
    assert len(both.kept) == len(ministries) - 2
    # A name with "và" inside is one agency.
    culture = edits.group_except(REGISTRY, "bo-nganh", "Bộ Văn hóa, Thể thao và Du lịch")
    assert culture.excluded == ("Bộ Văn hóa, Thể thao và Du lịch",)
    mixed = edits.group_except(REGISTRY, "bo-nganh", "Bộ Y tế; UBND tỉnh Nghệ An; Bộ Không Có")
    assert mixed.excluded == ("Bộ Y tế",)
    assert mixed.outside == ("UBND tỉnh Nghệ An",)
    assert mixed.unmatched == ("Bộ Không Có",)
    # A group named after "trừ" stands for its members: the ministries but the provinces.
    provinces = edits.group_except(REGISTRY, "bo-nganh-dia-phuong", "Các địa phương")
    assert provinces.kept == tuple(ministries)


def test_mapping_only_replaces_what_was_chosen_before() -> None:
    proposal = _held()
    proposal, first = edits.map_group(proposal, index=1, agencies=["Bộ Y tế"])
    assert first.agencies == ("Bộ Y tế",)
    proposal, added = edits.map_group(proposal, index=1, agencies=["Bộ Tài chính"])
    assert added.agencies == ("Bộ Y tế", "Bộ Tài chính")
    kept = edits.group_except(REGISTRY, "bo-nganh", "Bộ Công an").kept
    proposal, but = edits.map_group(proposal, index=1, agencies=kept, only=True)
    assert but.agencies == kept
    assert but.numbers == (1, 3)
    for number in but.numbers:
        task = proposal.tasks[number - 1]
        assert (task.lead, task.lead_known, task.members) == ("Các bộ, ngành", True, kept)

"""The agency registry: the shipped seeds/agencies.toml, lookups, reorganisations, free text."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from domain.agencies import Agency, AgencyKind, AgencyRegistry, normalise_name
from domain.errors import SeedError, UnknownAgency
from storage.agency_files import load_registry

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return load_registry(SEEDS / "agencies.toml")


# --- the shipped registry ------------------------------------------------------------------


def test_it_counts_the_ministries_and_provinces_before_and_after_2025(
    registry: AgencyRegistry,
) -> None:
    everything = Counter(agency.kind for agency in registry.all())
    today = Counter(agency.kind for agency in registry.active())
    assert today[AgencyKind.MINISTRY] == 14
    assert today[AgencyKind.MINISTRY_LEVEL] == 3
    assert today[AgencyKind.PROVINCE] == 34
    assert everything[AgencyKind.MINISTRY] == 14 + 6  # six merged away on 1 March 2025
    assert everything[AgencyKind.MINISTRY_LEVEL] == 3 + 1  # Ủy ban Dân tộc
    before_july_2025 = [
        agency
        for agency in registry.all()
        if agency.kind is AgencyKind.PROVINCE
        and (agency.active or (agency.reorganised or date.max) <= date(2025, 7, 1))
    ]
    assert len(before_july_2025) == 63


def test_it_has_the_fourteen_ministries_of_today(registry: AgencyRegistry) -> None:
    names = {a.name for a in registry.active() if a.kind is AgencyKind.MINISTRY}
    assert names == {
        "Bộ Quốc phòng",
        "Bộ Công an",
        "Bộ Ngoại giao",
        "Bộ Nội vụ",
        "Bộ Tư pháp",
        "Bộ Tài chính",
        "Bộ Công Thương",
        "Bộ Nông nghiệp và Môi trường",
        "Bộ Xây dựng",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Bộ Khoa học và Công nghệ",
        "Bộ Giáo dục và Đào tạo",
        "Bộ Y tế",
        "Bộ Dân tộc và Tôn giáo",
    }


def test_every_name_resolves_to_its_own_agency(registry: AgencyRegistry) -> None:
    for agency in registry.all():
        for name in (agency.id, agency.name, agency.short, *agency.aliases):
            assert registry.resolve(name).id == agency.id, name
            assert registry.resolve_group(name) is None, name


def test_every_group_name_resolves_to_its_own_group(registry: AgencyRegistry) -> None:
    for group in registry.groups():
        for name in (group.id, group.name, *group.aliases):
            found = registry.resolve_group(name)
            assert found is not None, name
            assert found.id == group.id, name
            assert registry.find(name) is None, name


def test_every_successor_chain_ends_at_an_active_agency(registry: AgencyRegistry) -> None:
    for agency in registry.all():
        owner = registry.owner_today(agency.id)
        assert owner.active
        assert (agency.successor is None) == (agency.reorganised is None)
        assert (owner.id == agency.id) == agency.active


def test_provinces_merged_in_july_2025_were_reorganised_on_the_first(
    registry: AgencyRegistry,
) -> None:
    merged = [a for a in registry.all() if a.kind is AgencyKind.PROVINCE and not a.active]
    assert len(merged) == 29
    assert {a.reorganised for a in merged} == {date(2025, 7, 1)}


@pytest.mark.parametrize(
    ("assigned", "owner_today"),
    [
        ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
        ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"),
        ("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Giao thông vận tải", "Bộ Xây dựng"),
        ("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ"),
        ("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
        ("Ủy ban Quốc gia về chuyển đổi số", "BCĐ Chính phủ về KHCN, ĐMST, CĐS và Đề án 06"),
        ("Kiên Giang", "UBND tỉnh An Giang"),
        ("UBND tỉnh Sóc Trăng", "UBND thành phố Cần Thơ"),
        ("tỉnh Hậu Giang", "UBND thành phố Cần Thơ"),
        ("Đắk Nông", "UBND tỉnh Lâm Đồng"),
        ("Bình Thuận", "UBND tỉnh Lâm Đồng"),
        ("Long An", "UBND tỉnh Tây Ninh"),
        ("Bình Dương", "UBND thành phố Hồ Chí Minh"),
        ("Bà Rịa–Vũng Tàu", "UBND thành phố Hồ Chí Minh"),
        ("Quảng Nam", "UBND thành phố Đà Nẵng"),
        ("Thừa Thiên Huế", "UBND thành phố Huế"),
        ("An Giang", "UBND tỉnh An Giang"),
        ("Bộ Công an", "Bộ Công an"),
    ],
)
def test_it_follows_a_2025_reorganisation_to_todays_owner(
    registry: AgencyRegistry, assigned: str, owner_today: str
) -> None:
    owner = registry.owner_today(registry.resolve(assigned).id)
    assert owner_today in (owner.name, owner.short)


# --- lookups --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "agency_id"),
    [
        ("Bộ Thông tin và Truyền thông", "bo-tttt"),
        ("BTTTT", "bo-tttt"),
        ("bộ tt&tt", "bo-tttt"),
        ("Bộ Kế hoạch Đầu tư", "bo-khdt"),
        ("  Bộ   Công\nan ", "bo-ca"),
        ("BCA", "bo-ca"),
        ("BCT", "bo-ct"),
        ("NHNN", "nhnn"),
        ("Ngân hàng nhà nước Việt Nam", "nhnn"),
        ("VPCP", "vpcp"),
        ("TP.HCM", "ubnd-ho-chi-minh"),
        ("TP. Hồ Chí Minh", "ubnd-ho-chi-minh"),
        ("Thành phố Hồ Chí Minh", "ubnd-ho-chi-minh"),
        ("Ủy ban nhân dân tỉnh An Giang", "ubnd-an-giang"),
        ("Uỷ ban nhân dân tỉnh Khánh Hoà", "ubnd-khanh-hoa"),
        ("Bà Rịa - Vũng Tàu", "ubnd-ba-ria-vung-tau"),
        ("Bà Rịa-Vũng Tàu", "ubnd-ba-ria-vung-tau"),
        ("Đăk Nông", "ubnd-dak-nong"),
        ("Vietcombank", "vietcombank"),
        ("Bệnh viện Chợ Rẫy", "bv-cho-ray"),
        (unicodedata.normalize("NFD", "Bộ Giáo dục và Đào tạo"), "bo-gddt"),
    ],
)
def test_it_resolves_the_names_notices_use(
    registry: AgencyRegistry, written: str, agency_id: str
) -> None:
    assert registry.resolve(written).id == agency_id


@pytest.mark.parametrize(
    "written",
    ["Bộ Tài nguyên", "Sở Tài chính", "Ủy ban nhân dân các tỉnh, thành phố", ""],
)
def test_it_refuses_a_name_it_does_not_know(registry: AgencyRegistry, written: str) -> None:
    assert registry.find(written) is None
    with pytest.raises(UnknownAgency) as raised:
        registry.resolve(written)
    assert raised.value.name == written


@pytest.mark.parametrize(
    ("written", "agency_id"),
    [("Bo Cong an", "bo-ca"), ("bo tai chinh", "bo-tc"), ("BO Y TE", "bo-yt")],
)
def test_a_name_typed_without_diacritics_is_found_when_it_fits_one_agency(
    registry: AgencyRegistry, written: str, agency_id: str
) -> None:
    assert registry.resolve(written).id == agency_id


def _local(agency_id: str, name: str) -> Agency:
    return Agency(
        id=agency_id,
        name=name,
        short=name,
        kind=AgencyKind.OTHER,
        aliases=(),
        successor=None,
        reorganised=None,
    )


def test_a_name_without_diacritics_that_fits_two_agencies_gives_candidates() -> None:
    two = AgencyRegistry([_local("ha-nam", "Sở Hà Nam"), _local("ha-nam-2", "Sở Hà Nậm")], [])

    assert two.find("So Ha Nam") is None
    assert [a.id for a in two.candidates("So Ha Nam")] == ["ha-nam", "ha-nam-2"]
    exact = two.find("Sở Hà Nam")
    assert exact is not None
    assert exact.id == "ha-nam"
    assert [a.id for a in two.candidates("Nậm")] == ["ha-nam", "ha-nam-2"]


def test_it_refuses_an_unknown_id(registry: AgencyRegistry) -> None:
    with pytest.raises(UnknownAgency, match="bo-khong-co"):
        registry.get("bo-khong-co")
    with pytest.raises(UnknownAgency, match="nhom-khong-co"):
        registry.members("nhom-khong-co")


@pytest.mark.parametrize(
    ("written", "group_id"),
    [
        ("Các bộ, cơ quan, địa phương", "bo-nganh-dia-phuong"),
        ("các bộ, ngành, địa phương", "bo-nganh-dia-phuong"),
        ("Người đứng đầu các bộ, ngành, địa phương", "bo-nganh-dia-phuong"),
        (
            "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ; Chủ tịch Ủy ban "
            "nhân dân các tỉnh, thành phố trực thuộc Trung ương",
            "bo-nganh-dia-phuong",
        ),
        ("các bộ, ngành", "bo-nganh"),
        ("Các bộ, cơ quan", "bo-nganh"),
        ("các địa phương", "dia-phuong"),
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "dia-phuong"),
        ("Chủ tịch UBND cấp tỉnh", "dia-phuong"),
        ("Các bộ, cơ quan chủ quản các cơ sở dữ liệu", "co-quan-chu-quan-csdl"),
        ("Các cơ quan chủ quản CSDL", "co-quan-chu-quan-csdl"),
    ],
)
def test_it_resolves_collective_addressees_to_groups(
    registry: AgencyRegistry, written: str, group_id: str
) -> None:
    group = registry.resolve_group(written)
    assert group is not None
    assert group.id == group_id


@pytest.mark.parametrize(
    ("group_id", "count"),
    [
        ("bo-nganh-dia-phuong", 14 + 3 + 34),
        ("bo-nganh", 14 + 3),
        ("dia-phuong", 34),
        ("co-quan-chu-quan-csdl", 14 + 3),
    ],
)
def test_a_group_has_every_active_agency_of_its_kinds(
    registry: AgencyRegistry, group_id: str, count: int
) -> None:
    members = registry.members(group_id)
    kinds = registry.get_group(group_id).kinds
    assert len(members) == count
    assert all(member.active and member.kind in kinds for member in members)


def test_group_members_come_by_kind_then_name(registry: AgencyRegistry) -> None:
    members = registry.members("bo-nganh-dia-phuong")
    assert members[0].name == "Bộ Công an"
    assert [m.kind for m in members] == sorted(
        (m.kind for m in members), key=list(AgencyKind).index
    )
    provinces = [m.name for m in members if m.kind is AgencyKind.PROVINCE]
    assert provinces[:6] == [  # Vietnamese order: "Đ" after "D", before "E"
        "UBND thành phố Cần Thơ",
        "UBND thành phố Đà Nẵng",
        "UBND thành phố Hà Nội",
        "UBND thành phố Hải Phòng",
        "UBND thành phố Hồ Chí Minh",
        "UBND thành phố Huế",
    ]


def test_government_agencies_are_not_members_of_the_ministry_groups(
    registry: AgencyRegistry,
) -> None:
    vtv = registry.resolve("Đài Truyền hình Việt Nam")
    assert vtv.kind is AgencyKind.GOVERNMENT_AGENCY
    assert vtv not in registry.members("bo-nganh")


# --- free text ------------------------------------------------------------------------------


def _found(registry: AgencyRegistry, text: str) -> list[str]:
    return [m.agency_id or f"group:{m.group_id}" for m in registry.mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Giao Bộ Thông tin và Truyền thông chủ trì, phối hợp với\nVăn phòng Chính phủ tổng hợp",
            ["bo-tttt", "vpcp"],
            id="lead-and-co-203",
        ),
        pytest.param(
            "Phối hợp với Bộ Tư pháp, Bộ\nCông an số hóa dữ liệu hộ tịch",
            ["bo-tp", "bo-ca"],
            id="two-co-56",
        ),
        pytest.param(
            "e) Phối hợp với Bộ Tài chính, Bộ Kế hoạch Đầu tư\nnghiên cứu phương án",
            ["bo-tc", "bo-khdt"],
            id="missing-va-56",
        ),
        pytest.param(
            "Yêu\ncầu 07 Ủy ban nhân dân các tỉnh, thành phố An\nGiang, Cần Thơ, Đắk Nông, "
            "Kiên Giang, Sóc Trăng, Tây Ninh và Thành phố Hồ Chí\nMinh khẩn trương trình",
            [
                "ubnd-an-giang",
                "ubnd-can-tho",
                "ubnd-dak-nong",
                "ubnd-kien-giang",
                "ubnd-soc-trang",
                "ubnd-tay-ninh",
                "ubnd-ho-chi-minh",
            ],
            id="seven-provinces-203",
        ),
        pytest.param(
            "1. Bộ trưởng, Thủ trưởng cơ quan\nngang bộ, cơ quan thuộc Chính phủ; Chủ tịch Ủy ban "
            "nhân dân các tỉnh, thành phố\ntrực thuộc Trung ương:",
            ["group:bo-nganh-dia-phuong"],
            id="longest-group-wins-56",
        ),
        pytest.param(
            "UBND thành phố Đà Nẵng và UBND thành phố Huế chủ trì, phối hợp với Bộ Khoa học và "
            "Công nghệ và các bộ, ngành liên quan",
            ["ubnd-da-nang", "ubnd-hue", "bo-khcn", "group:bo-nganh"],
            id="cities-and-group-2025",
        ),
        pytest.param(
            "Chủ trì, phối hợp với các ngân hàng (Vietinbank,\nVietcombank, BIDV, Agribank, "
            "MB Bank) triển khai",
            ["vietinbank", "vietcombank", "bidv", "agribank", "mb"],
            id="banks-56",
        ),
        pytest.param(
            "theo Thông tư 21/2023/TT-BTTTT ngày 31 tháng 12 năm 2023; Công văn số 73/BCA-C06; "
            "Tờ trình số 844/TTr-BTC",
            [],
            id="document-codes",
        ),
        pytest.param(
            "cán bộ y tế, hòa bình, Phó Thủ tướng Nguyễn Hòa Bình, Sở Khoa học và Công nghệ, "
            "đường Hồ Chí Minh, bca",
            [],
            id="ordinary-words-people-roads",
        ),
        pytest.param(
            "giao bộ tài chính chủ trì, phối hợp với bộ y tế; các Tập đoàn: Bưu chính viễn "
            "thông Việt Nam",
            ["bo-tc", "bo-yt", "vnpt"],
            id="names-written-with-other-capitals",
        ),
        pytest.param(
            "cán bộ tài chính, toàn bộ y tế, tiến bộ khoa học; Thông tin và truyền thông là "
            "ngành; Hòa bình là khát vọng",
            [],
            id="look-alikes-written-small",
        ),
        pytest.param(
            "Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam",
            ["vtv", "vov", "ttxvn"],
            id="broadcasters-2025",
        ),
    ],
)
def test_it_finds_agencies_and_groups_in_running_text(
    registry: AgencyRegistry, text: str, expected: list[str]
) -> None:
    assert _found(registry, text) == expected


def test_a_mention_points_at_the_original_text(registry: AgencyRegistry) -> None:
    text = "Thành phố Hồ Chí\n  Minh và Uỷ ban Quốc gia về chuyển đổi số"
    mentions = registry.mentions(text)
    assert [(m.start, m.end) for m in mentions] == [(0, 23), (27, len(text))]
    assert [m.text for m in mentions] == [text[0:23], text[27:]]


def test_a_mention_in_decomposed_unicode_points_at_the_original_text(
    registry: AgencyRegistry,
) -> None:
    text = unicodedata.normalize("NFD", "phối hợp với Bộ Tư pháp.")
    (mention,) = registry.mentions(text)
    assert mention.agency_id == "bo-tp"
    assert unicodedata.normalize("NFC", mention.text) == "Bộ Tư pháp"


def test_it_scans_a_30_kb_notice_whole(registry: AgencyRegistry) -> None:
    """Its speed is measured by ``bench.bench_import`` (the last line), not here."""
    notice = (SEEDS / "tb-203-vpcp-2024-05-06.txt").read_text(encoding="utf-8")
    text = (notice * 2)[:30_000]
    mentions = registry.mentions(text)
    assert len(mentions) > 100
    assert mentions == sorted(mentions, key=lambda m: m.start)
    assert mentions[-1].end > 25_000  # to the end of the text, not stopped part way
    assert all(text[m.start : m.end] == m.text for m in mentions)


# --- the loader's checks --------------------------------------------------------------------

_BASE = """
[[agency]]
id = "bo-a"
name = "Bộ A"
short = "BA"
kind = "ministry"
aliases = ["Bộ Anh"]
"""


@pytest.mark.parametrize(
    ("extra", "where", "problem"),
    [
        pytest.param(
            '[[agency]]\nid = "bo-a"\nname = "Bộ B"\nshort = "BB"\nkind = "ministry"\n',
            "agency 'bo-a'",
            "id: duplicate",
            id="duplicate-id",
        ),
        pytest.param(
            '[[agency]]\nid = "bo-b"\nname = "Bộ B"\nshort = "BB"\nkind = "ministry"\n'
            'aliases = ["BỘ  ANH"]\n',
            "agency 'bo-b'",
            "name 'BỘ  ANH' already belongs to 'bo-a'",
            id="alias-shared-after-normalising",
        ),
        pytest.param(
            '[[agency]]\nid = "bo-b"\nname = "Bộ B"\nshort = "BB"\nkind = "ministry"\n'
            'successor = "bo-z"\nreorganised = 2025-03-01\n',
            "agency 'bo-b'",
            "successor: unknown agency 'bo-z'",
            id="unknown-successor",
        ),
        pytest.param(
            '[[agency]]\nid = "bo-b"\nname = "Bộ B"\nshort = "BB"\nkind = "ministry"\n'
            'successor = "bo-c"\nreorganised = 2025-03-01\n'
            '[[agency]]\nid = "bo-c"\nname = "Bộ C"\nshort = "BC"\nkind = "ministry"\n'
            'successor = "bo-b"\nreorganised = 2025-03-01\n',
            "agency 'bo-c'",
            "successor: cycle bo-b -> bo-c -> bo-b",
            id="successor-cycle",
        ),
        pytest.param(
            '[[agency]]\nid = "bo-b"\nname = "Bộ B"\nshort = "BB"\nkind = "ministry"\n'
            'successor = "bo-a"\n',
            "agency #2 'bo-b'",
            "successor and reorganised go together",
            id="successor-without-date",
        ),
        pytest.param(
            '[[agency]]\nid = "bo-b"\nname = "Bộ B"\nshort = "BB"\nkind = "bureau"\n',
            "agency #2 'bo-b'",
            "kind: 'bureau' is not one of",
            id="unknown-kind",
        ),
        pytest.param(
            '[[agency]]\nid = "Bo B"\nname = "Bộ B"\nshort = "BB"\nkind = "ministry"\n',
            "agency #2 'Bo B'",
            "id: lowercase ascii words",
            id="id-not-a-slug",
        ),
        pytest.param(
            '[[agency]]\nid = "bo-b"\nname = "Bộ B"\nshort = "BB"\nkind = "ministry"\n'
            'alias = ["B"]\n',
            "agency #2 'bo-b'",
            "unknown field(s): alias",
            id="misspelt-field",
        ),
        pytest.param(
            '[[group]]\nid = "nhom"\nname = "Các bộ"\nkinds = []\n',
            "group #1 'nhom'",
            "kinds: at least one kind is required",
            id="group-without-kinds",
        ),
        pytest.param(
            '[[group]]\nid = "nhom"\nname = "Các bộ"\naliases = ["bộ anh"]\nkinds = ["ministry"]\n',
            "group 'nhom'",
            "name 'bộ anh' already belongs to 'bo-a'",
            id="group-alias-shared-with-agency",
        ),
    ],
)
def test_it_rejects_an_inconsistent_registry(
    tmp_path: Path, extra: str, where: str, problem: str
) -> None:
    path = tmp_path / "agencies.toml"
    path.write_text(_BASE + extra, encoding="utf-8")
    with pytest.raises(SeedError) as raised:
        load_registry(path)
    assert raised.value.where == f"agencies.toml: {where}"
    assert raised.value.problem.startswith(problem)


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Uỷ ban", "ủy ban"),
        ("Khánh Hoà", "khánh hòa"),
        ("Bà Rịa – Vũng Tàu", "bà rịa-vũng tàu"),
        ("TP. Hồ  Chí\nMinh", "tp.hồ chí minh"),
        ("Quý I", "quý i"),
        ("Hoàng", "hoàng"),
    ],
)
def test_it_normalises_names_but_keeps_diacritics(written: str, normalised: str) -> None:
    assert normalise_name(written) == normalised


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("bo tai chinh", "Bộ Tài chính"),
        ("Tài chính", "Bộ Tài chính"),
        ("cong an", "Bộ Công an"),
        ("an giang", "UBND tỉnh An Giang"),
        ("TP Hồ Chí Minh", "UBND thành phố Hồ Chí Minh"),
        ("tinh an giang", "UBND tỉnh An Giang"),
    ],
)
def test_a_name_without_diacritics_or_kind_word_finds_its_agency(
    registry: AgencyRegistry, typed: str, name: str
) -> None:
    found = registry.find_loose(typed)
    assert found is not None
    assert found.name == name


def test_a_loose_name_several_agencies_fit_is_left_to_the_candidates(
    registry: AgencyRegistry,
) -> None:
    assert registry.find_loose("Khoa học") is None
    assert "Bộ Khoa học và Công nghệ" in [a.name for a in registry.candidates("Khoa học")]
    assert registry.find_loose("Bộ Không Tồn Tại") is None

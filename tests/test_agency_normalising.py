"""Names are normalised in whole-string operations, and the result is the one the
character-by-character normaliser (which also maps every character back to the text, for
mentions) gives: the registry and every lookup rely on both agreeing."""

from __future__ import annotations

import random
import unicodedata

from domain.agencies import (
    Agency,
    AgencyKind,
    fold_name,
    normalise_name,
)
from domain.agencies.names import _normalise_with_map, _normalised
from storage.agency_files import shipped_registry

# Letters, Vietnamese letters precomposed and decomposed, old-style tone placement,
# every sort of space and dash, dots, the eth stand-in for "Đ", and "İ".
_PIECES = (
    *"aAbBoOuUyYqQđĐðÐ.,-/()&İı",
    *"ồỐủỦỷỶàÀáÁẻẺẽẼếẾưƯơƠ",
    "o\u0300",
    "U\u0309",
    "e\u0302\u0301",
    "Hoà",
    "Uỷ",
    "khoẻ",
    "quý",
    "hoàng",
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    "\u2003",
    "\u2013",
    "\u2014",
    "\u2212",
    " - ",
    ". ",
    "TP. ",
)


def _random_names(count: int) -> list[str]:
    chosen = random.Random(20261202)
    return ["".join(chosen.choices(_PIECES, k=chosen.randint(0, 12))) for _ in range(count)]


def _fold_by_characters(text: str) -> str:
    """The former fold: the mapped normaliser, then each combining mark dropped."""
    decomposed = unicodedata.normalize("NFD", _normalise_with_map(text, fold_case=True)[0])
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "d")


def test_whole_string_normalising_agrees_with_the_character_loop() -> None:
    names = [
        *_random_names(20_000),
        *(a.name for a in shipped_registry().all()),
        *(alias for a in shipped_registry().all() for alias in a.aliases),
        "UBND tỉnh Bà Rịa – Vũng Tàu",
        "  TP.  Hồ Chí Minh ",
        "Ủy ban Dân tộc",
        "Uỷ ban Dân tộc",
    ]
    for name in names:
        for fold_case in (True, False):
            assert (
                _normalised(name, fold_case=fold_case)
                == (_normalise_with_map(name, fold_case=fold_case)[0])
            ), (name, fold_case)
        assert fold_name(name) == _fold_by_characters(name), name
        key = normalise_name(name)
        assert normalise_name(key) == key, name  # the registry folds its keys as they are


def test_a_registry_of_many_agencies_still_finds_names_typed_and_in_text() -> None:
    extra = [
        Agency(
            id=f"local-phong-{n}",
            name=f"Phòng Nghiệp vụ số {n} tỉnh Nghệ An",
            short=f"PNV{n}",
            kind=AgencyKind.OTHER,
            aliases=(),
            successor=None,
            reorganised=None,
        )
        for n in range(2_000)
    ]
    registry = shipped_registry().with_agencies(extra)
    assert registry.find("phong nghiep vu so 1999 tinh nghe an") is extra[-1]
    assert registry.find("PNV123") is extra[123]
    mentions = registry.mentions("Giao Phòng Nghiệp vụ số 42 tỉnh Nghệ An và Bộ Tài chính.")
    assert [m.agency_id for m in mentions] == ["local-phong-42", "bo-tc"]

"""Names in notices are found through an index of their first words, built once, instead
of one pattern of every name (whose compilation takes seconds at 100,000 bodies): on every
document of the corpus and the seeds it finds exactly what the pattern finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.shared import SHARED
from domain.agencies import Agency, AgencyKind, AgencyRegistry
from domain.local_agencies import LocalAgency
from storage.agency_files import shipped_registry
from storage.local_agency_files import scanning_registry_for, write_local_agencies

ROOT = Path(__file__).resolve().parents[1]
CORPUS = SHARED / "corpus"
TEXTS = sorted(
    [*(ROOT / "seeds").glob("*.txt"), *CORPUS.glob("notices/*.txt"), *CORPUS.glob("practice/*.txt")]
)

# A name that does not start with a word cannot be indexed by its first word: a registry
# holding one finds every name with the one pattern, as before the index.
ODD = Agency(
    id="odd-body",
    name="(Tổ) Công tác liên ngành số 7",
    short="(Tổ) 7",
    kind=AgencyKind.OTHER,
    aliases=(),
    successor=None,
    reorganised=None,
)


@pytest.fixture(scope="module")
def both() -> tuple[AgencyRegistry, AgencyRegistry]:
    shipped = shipped_registry()
    return shipped, shipped.with_agencies([ODD])


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_the_index_finds_what_the_pattern_finds(
    both: tuple[AgencyRegistry, AgencyRegistry], path: Path
) -> None:
    indexed, patterned = both
    text = path.read_text(encoding="utf-8")

    found = indexed.mentions(text)

    assert found == patterned.mentions(text)
    assert found  # every document names some agency


def test_look_alikes_of_names_are_not_names(both: tuple[AgencyRegistry, AgencyRegistry]) -> None:
    indexed, patterned = both
    text = (
        "Bộ Y tếp, cán bộ y tế, Bộ Y tế-BYT, 73/BCA-C06, Bộ Công an. Bộ Công Thương và UBND tỉnh "
        "Nghệ An; Văn phòng Chính phủ (VPCP); TP.HCM, Thành phố Hồ Chí Minh"
    )
    found = [(m.agency_id, m.text) for m in indexed.mentions(text)]

    assert found == [(m.agency_id, m.text) for m in patterned.mentions(text)]
    assert ("bo-yt", "Bộ Y tếp") not in found
    assert ("bo-ca", "Bộ Công an") in found


def test_an_import_child_process_needs_no_pattern_at_scale(tmp_path: Path) -> None:
    """With 2,000 local bodies the cache beside the file holds no pattern source, and
    finding names compiles none."""
    path = tmp_path / "local_agencies.toml"
    write_local_agencies(
        path,
        [
            LocalAgency(name=f"Phòng Nghiệp vụ số {n} tỉnh Nghệ An", aliases=(f"PNV{n}",))
            for n in range(2000)
        ],
    )
    scanning_registry_for(path)  # builds both caches
    registry = scanning_registry_for(path)  # a child process: from the caches

    found = registry.mentions(
        "Giao Phòng Nghiệp vụ số 1234 tỉnh Nghệ An và PNV7 phối hợp với Bộ Y tế."
    )

    assert [m.text for m in found] == ["Phòng Nghiệp vụ số 1234 tỉnh Nghệ An", "PNV7", "Bộ Y tế"]
    assert registry.scanning_snapshot()[1] == ""

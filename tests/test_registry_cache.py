"""The registry built from a deployment's agencies file is kept beside it and loaded from
there while the files are unchanged: the same registry in every respect (names, aliases,
lookups, mentions in a notice), rebuilt when the file changes or the cache is damaged; and
a database mirrored from the same files is known up to date without listing the agencies."""

from __future__ import annotations

import marshal
from pathlib import Path

from sqlalchemy import select

from domain.agencies import AgencyRegistry
from domain.clock import FakeClock
from domain.local_agencies import LocalAgency
from settings import load_settings
from storage.agency_files import load_registry
from storage.agency_mirror import FINGERPRINT_KEY, fingerprint, mirror_rows
from storage.local_agency_files import (
    cache_path,
    registry_for,
    scanning_cache_path,
    scanning_registry_for,
    write_local_agencies,
)
from storage.models import AgencyRow, MetaRow
from tests.test_agency_mirror import NOW, _statements, _writes
from wiring import Core, build_core

ROOT = Path(__file__).resolve().parent.parent
BODIES = [
    LocalAgency(name="Sở Tư pháp", aliases=("STP", "Sở TP"), parent="UBND tỉnh Nghệ An"),
    LocalAgency(name="Sở Tài chính tỉnh Nghệ An", aliases=("STC",)),
    LocalAgency(name="Ban Quản lý dự án số 2", aliases=("BQLDA2",)),
    LocalAgency(name="Trung tâm Dịch vụ hành chính công"),
]
LOOKUPS = (
    "Sở Tư pháp",
    "so tu phap",
    "STP",
    "stc",
    "Bộ Công an",
    "bo cong an",
    "Tài chính",
    "an giang",
    "Ban quan ly du an so 2",
    "Sở",
    "không có",
)


def _same(one: AgencyRegistry, other: AgencyRegistry) -> None:
    assert one.all() == other.all()
    assert one.groups() == other.groups()
    for name in LOOKUPS:
        assert one.find(name) == other.find(name), name
        assert one.find_loose(name) == other.find_loose(name), name
        assert one.candidates(name) == other.candidates(name), name
        assert one.resolve_group(name) == other.resolve_group(name), name
    notice = (ROOT / "seeds" / "tb-56-vpcp-2025-02-23.txt").read_text(encoding="utf-8")
    text = notice + "\nGiao Sở Tư pháp, STC và Ban Quản lý dự án số 2 phối hợp."
    assert one.mentions(text) == other.mentions(text)
    group = one.resolve_group("Các bộ, cơ quan, địa phương")
    assert group is not None
    assert one.members(group.id) == other.members(group.id)


def test_the_cached_registry_is_the_one_the_files_make(tmp_path: Path) -> None:
    path = tmp_path / "local_agencies.toml"
    write_local_agencies(path, BODIES)
    built = registry_for(path)
    cache = cache_path(path)
    stored = cache.read_bytes()
    loaded = registry_for(path)
    assert cache.read_bytes() == stored  # read, not built and written again
    from_files = registry_for(path, load_registry(ROOT / "seeds" / "agencies.toml"))
    _same(loaded, from_files)
    _same(built, from_files)
    assert loaded.source is not None
    assert loaded.source == built.source
    assert from_files.source is None  # a registry given: nothing to say where it came from


def test_a_changed_file_or_a_damaged_cache_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "local_agencies.toml"
    write_local_agencies(path, BODIES)
    first = registry_for(path)
    write_local_agencies(path, [*BODIES, LocalAgency(name="Sở Nội vụ", aliases=("SNV",))])
    grown = registry_for(path)
    assert first.find("SNV") is None
    found = grown.find("snv")
    assert found is not None
    assert found.name == "Sở Nội vụ"
    assert grown.source != first.source
    cache_path(path).write_bytes(marshal.dumps((grown.source, ("not", "a", "snapshot"))))
    again = registry_for(path)
    _same(again, grown)
    cache_path(path).write_bytes(b"\x00garbage")
    _same(registry_for(path), grown)
    _same(registry_for(path), grown)  # from the cache written again


def test_what_scanning_notices_needs_is_cached_too_and_finds_the_same_names(
    tmp_path: Path,
) -> None:
    path = tmp_path / "local_agencies.toml"
    write_local_agencies(path, BODIES)
    first = scanning_registry_for(path)
    stored = scanning_cache_path(path).read_bytes()
    loaded = scanning_registry_for(path)
    assert scanning_cache_path(path).read_bytes() == stored  # read, not built again
    from_files = registry_for(path, load_registry(ROOT / "seeds" / "agencies.toml"))
    _same(loaded, from_files)
    _same(first, from_files)
    scanning_cache_path(path).write_bytes(marshal.dumps((loaded.source, ({"x": 1}, 2))))
    _same(scanning_registry_for(path), from_files)
    write_local_agencies(path, [*BODIES, LocalAgency(name="Sở Nội vụ", aliases=("SNV",))])
    grown = scanning_registry_for(path)
    assert [m.text for m in grown.mentions("Giao Sở Nội vụ (SNV) chủ trì.")] == ["Sở Nội vụ", "SNV"]


def test_a_registry_grown_in_place_no_longer_claims_its_files(tmp_path: Path) -> None:
    path = tmp_path / "local_agencies.toml"
    write_local_agencies(path, BODIES)
    registry = registry_for(path)
    registry.add([LocalAgency(name="Sở Y tế").agency()])
    assert registry.source is None
    assert registry.find("Sở Y tế") is not None


def _core(db: Path, path: Path) -> Core:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{db}", "LOCAL_AGENCIES_FILE": str(path)},
        require_bot=False,
    )
    return build_core(settings, FakeClock(NOW))


async def _meta(core: Core) -> str | None:
    async with core.sessions() as session:
        return await session.scalar(select(MetaRow.value).where(MetaRow.key == FINGERPRINT_KEY))


async def test_a_database_mirrored_from_the_same_files_is_not_listed_again(
    tmp_path: Path,
) -> None:
    db, path = tmp_path / "db.sqlite3", tmp_path / "local_agencies.toml"
    write_local_agencies(path, BODIES)
    first = _core(db, path)
    await first.prepare(seed=False)
    stored = await _meta(first)
    assert stored is not None
    assert stored.split(" ")[0] == fingerprint(mirror_rows(first.registry))
    await first.close()

    again = _core(db, path)
    with _statements(again) as sent:
        await again.prepare(seed=False)
    assert _writes(sent) == []
    assert await _meta(again) == stored
    await again.close()

    write_local_agencies(path, [*BODIES, LocalAgency(name="Sở Nội vụ", aliases=("SNV",))])
    grown = _core(db, path)
    await grown.prepare(seed=False)
    async with grown.sessions() as session:
        names = set((await session.scalars(select(AgencyRow.name))).all())
    assert "Sở Nội vụ" in names
    assert await _meta(grown) != stored
    await grown.close()


async def test_a_dropped_fingerprint_mirrors_again_whatever_the_files(tmp_path: Path) -> None:
    db, path = tmp_path / "db.sqlite3", tmp_path / "local_agencies.toml"
    write_local_agencies(path, BODIES)
    first = _core(db, path)
    await first.prepare(seed=False)
    async with first.sessions.begin() as session:
        # What a migration rewriting the agencies does: drop the fingerprint.
        await session.execute(MetaRow.__table__.delete().where(MetaRow.key == FINGERPRINT_KEY))
        await session.execute(AgencyRow.__table__.update().values(name="cũ"))
    await first.close()
    again = _core(db, path)
    await again.prepare(seed=False)
    async with again.sessions() as session:
        name = await session.scalar(select(AgencyRow.name).where(AgencyRow.short == "STP"))
    assert name == "Sở Tư pháp"
    await again.close()

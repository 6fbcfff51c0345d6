"""No module of the product, its benchmarks or its tooling is over 400 lines: a file that
grows past it holds more than one concept and is split along its seams (as the importer,
the emulator, the tracker and the chat surface were). Tests and data are not counted."""

from __future__ import annotations

from pathlib import Path

from tests.test_layering import ROOT, _product_files

LIMIT = 400


def _counted() -> list[Path]:
    tooling = [ROOT / "dev.py", *sorted((ROOT / "bench").rglob("*.py"))]
    return [*_product_files(), *(path for path in tooling if path.exists())]


def oversized(paths: list[Path], limit: int = LIMIT, root: Path = ROOT) -> list[str]:
    """The files of ``paths`` longer than ``limit`` lines, with their lengths."""
    found = []
    for path in paths:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append(f"{path.relative_to(root)}: {lines} lines")
    return found


def test_no_module_is_over_the_limit() -> None:
    counted = _counted()
    assert len(counted) > 100  # the walk found the product, not an empty folder
    assert {"bot.py", "cli/import_notice.py", "bench/bench_scale.py"} <= {
        str(path.relative_to(ROOT)) for path in counted
    }
    assert oversized(counted) == []


def test_a_file_one_line_over_is_named(tmp_path: Path) -> None:
    long, short = tmp_path / "long.py", tmp_path / "short.py"
    long.write_text("x = 1\n" * (LIMIT + 1), encoding="utf-8")
    short.write_text("x = 1\n" * LIMIT, encoding="utf-8")
    assert oversized([long, short], root=tmp_path) == [f"long.py: {LIMIT + 1} lines"]

"""Where the shared material (reference corpus, practice corpus, seeds) is found.

It lives beside the checkout (``../shared``). A worktree kept in a directory of worktrees
(``wt/NAME``) finds it one level further up, so tests and benchmarks run the same there."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir(root: Path = ROOT) -> Path:
    """The nearest ``shared/`` holding a corpus beside ``root`` or beside its parent;
    ``root.parent / "shared"`` when there is none (callers then skip or fail as before)."""
    for base in (root.parent, root.parent.parent):
        candidate = base / "shared"
        if (candidate / "corpus").is_dir():
            return candidate
    return root.parent / "shared"


SHARED = shared_dir()

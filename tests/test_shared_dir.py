"""The shared material is found beside the checkout, or beside the directory of worktrees a
worktree is kept in — so the corpus tests run (not skip) in either."""

from __future__ import annotations

from pathlib import Path

from bench.shared import shared_dir


def test_shared_beside_the_checkout_is_found(tmp_path: Path) -> None:
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    (tmp_path / "checkout").mkdir()
    assert shared_dir(tmp_path / "checkout") == tmp_path / "shared"


def test_a_worktree_in_a_directory_of_worktrees_finds_it_one_level_up(tmp_path: Path) -> None:
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    (tmp_path / "wt" / "name").mkdir(parents=True)
    assert shared_dir(tmp_path / "wt" / "name") == tmp_path / "shared"


def test_the_nearer_one_wins(tmp_path: Path) -> None:
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    (tmp_path / "wt" / "shared" / "corpus").mkdir(parents=True)
    (tmp_path / "wt" / "name").mkdir(parents=True)
    assert shared_dir(tmp_path / "wt" / "name") == tmp_path / "wt" / "shared"


def test_a_shared_directory_without_a_corpus_is_not_taken(tmp_path: Path) -> None:
    (tmp_path / "wt" / "shared").mkdir(parents=True)  # e.g. some other "shared" folder
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    (tmp_path / "wt" / "name").mkdir(parents=True)
    assert shared_dir(tmp_path / "wt" / "name") == tmp_path / "shared"


def test_with_none_it_names_the_usual_place(tmp_path: Path) -> None:
    (tmp_path / "checkout").mkdir()
    assert shared_dir(tmp_path / "checkout") == tmp_path / "shared"

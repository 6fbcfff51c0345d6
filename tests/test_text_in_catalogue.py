"""Every sentence a user reads lives in a catalogue module, where ``test_catalogue.py``
renders it and checks it against ``docs/ui-language.md``. This walks the product's source
(ast) and fails on a string constant with Vietnamese letters in any other module, unless
it is listed below with why it is no sentence for a reader: the words a parser reads
(input, not output), a setting's default, the demo's script.

Docstrings and other bare string statements are documentation and are not read. The lists
only shrink: an entry that matches nothing any more fails too, so whoever moves the last
such literal removes its entry.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The product's packages and top-level modules (as ``test_layering.py`` lists them).
PRODUCT = (
    "domain",
    "notices",
    "storage",
    "tracking",
    "scheduler",
    "reports",
    "chat",
    "cli",
    "demo",
    "bot.py",
    "wiring",
    "settings.py",
)

#: Catalogue modules beyond ``chat/*_messages.py``.
CATALOGUE = {
    "chat.messages": "the chat's main catalogue",
    "chat.refusals": "the chat's refusals",
    "chat.status_words": "the office's status labels, shared by the catalogues",
    "tracking.wording": "the words ``tracking`` records or renders (it may not import chat)",
    "reports.wording": "the words of the reports' files (``reports`` may not import chat)",
}

#: Modules (or packages) whose Vietnamese literals are all data, and why.
DATA_MODULES = {
    "notices": "the importer reads Vietnamese notices: its patterns are the notices' words",
    "domain.agencies": "kind words and prefixes that match agency names as typed",
    "demo.run": "the demo's script: what its people type, and the console's narration",
    "cli.parse_deadline": "its --help quotes deadline phrases as examples of what to type",
    "settings": "the settings' --help (English), quoting a button and a default",
    "reports.states": (
        "the office's decision on a proposal as the Excel column names it (DECISION_LABEL): "
        "goes to reports.wording once the state carries the decision rather than its label "
        "(reports.wording reads reports.states)"
    ),
}

#: Single literals that are data, per module, and why.
DATA_WORDS: dict[str, tuple[frozenset[str], str]] = {
    "tracking.corrections.edit": (
        frozenset({"hạn", "tên", "chủ trì", "phối hợp", "không", "bỏ"}),
        "the field words /edit reads, and the word for none",
    ),
    "tracking.fix_words": (
        frozenset(
            {
                "hạn",
                "chủ trì",
                "tên",
                "bỏ",
                "đôn đốc",
                "tất cả",
                r"\s*(?:→|->|=>|\bthành\b|\bthanh\b)\s*",
            }
        ),
        "the field words /fix reads",
    ),
    "chat.followdate": (
        frozenset({"đôn đốc", "theo dõi"}),
        "'/addtask … | đôn đốc 15/1/2027' as typed",
    ),
    "chat.joining": (
        frozenset({r"\s*[-–,:(]?\s*(lãnh đạo|lanh dao)\s*\)?\s*$"}),
        "'/invite … lãnh đạo' as typed",
    ),
    "chat.local_agencies": (frozenset({"thêm"}), "'/coquan thêm' as typed"),
    "reports.scopes": (frozenset({"đ"}), "folding a typed scope without diacritics"),
    "chat.late_dates": (
        frozenset({"đĐ", "tháng ", "Quý "}),
        "folding, and the phrases handed to the deadline normaliser (input, not output)",
    ),
}

#: A Vietnamese letter: any letter with a diacritic, or đ.
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _product_files() -> Iterator[Path]:
    for top in PRODUCT:
        path = ROOT / top
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def is_catalogue(module: str) -> bool:
    return module in CATALOGUE or (module.startswith("chat.") and module.endswith("_messages"))


def _within(module: str, key: str) -> bool:
    return module == key or module.startswith(key + ".")


def vietnamese_literals(source: str) -> list[tuple[int, str]]:
    """Each string constant with a Vietnamese letter (f-strings' parts included), with its
    line; docstrings and other bare string statements are left out."""
    tree = ast.parse(source)
    documentation = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in documentation
        and VIETNAMESE.search(node.value)
    ]


def outside_the_catalogue(module: str, source: str) -> list[str]:
    """The Vietnamese literals of ``module`` that neither a catalogue nor a list allows."""
    if is_catalogue(module) or any(_within(module, key) for key in DATA_MODULES):
        return []
    words = DATA_WORDS.get(module, (frozenset(), ""))[0]
    return [
        f"{module}:{line}: {text[:70]!r}"
        for line, text in vietnamese_literals(source)
        if text not in words
    ]


def _sources() -> dict[str, str]:
    return {_module_name(path): path.read_text(encoding="utf-8") for path in _product_files()}


def test_the_scan_catches_a_sentence_and_leaves_docstrings_alone() -> None:
    planted = (
        '"""Tài liệu."""\n'
        "def f(n: int) -> str:\n"
        '    """Hàm."""\n'
        '    "ghi chú"\n'
        '    return f"Đã lưu {n} nhiệm vụ" + "ok"\n'
    )
    assert vietnamese_literals(planted) == [(5, "Đã lưu "), (5, " nhiệm vụ")]
    assert outside_the_catalogue("tracking.service", planted)
    assert not outside_the_catalogue("chat.report_messages", planted)
    assert not outside_the_catalogue("tracking.wording", planted)
    assert not outside_the_catalogue("notices.importer.prose", planted)
    assert outside_the_catalogue("tracking.corrections.edit", planted), "a list allows words only"
    assert not outside_the_catalogue("tracking.corrections.edit", 'FIELD = "chủ trì"\n')


def test_no_user_visible_vietnamese_outside_the_catalogue() -> None:
    found = [
        problem
        for module, source in _sources().items()
        for problem in outside_the_catalogue(module, source)
    ]
    assert not found, "move these into a catalogue module (or list them, with why):\n" + (
        "\n".join(found)
    )


def test_the_lists_still_match_something_so_they_only_shrink() -> None:
    sources = _sources()
    literals = {
        module: {text for _, text in vietnamese_literals(s)} for module, s in sources.items()
    }
    for key in [*CATALOGUE, *DATA_MODULES]:
        assert any(_within(module, key) for module in sources), f"{key}: no such module"
    for key in DATA_MODULES:
        assert any(literals[m] for m in sources if _within(m, key)), f"{key}: nothing left"
    for module, (words, _) in DATA_WORDS.items():
        stale = words - literals.get(module, set())
        assert not stale, f"{module}: no longer in the source, remove from DATA_WORDS: {stale}"

"""The packages form one direction of imports, read from the source (ast), not from a list.

    domain ← notices ← storage ← delivery, scheduler ← tracking, reports ← chat ← cli, bot.py, wiring

A module may import its own package and the packages of lower layers; packages of one layer
may import each other as long as no cycle forms. ``delivery`` (the outbox, claiming and
sending its messages, retries) and ``scheduler`` (planning reminders and firing them into
the outbox) sit below the other use cases: they plan and queue through them, and those
reach the use cases only through what the composition root injects (the renderer, the
transport, the sweeps, the hooks); the scheduler queues through delivery, never the
reverse (no cycle). ``domain`` holds pure types and rules: no I/O. ``botapi_emulator`` stands apart (a stand-in for Telegram): it imports no product
package, and only the demo uses it.

What still points the wrong way today is listed below by name, each with what it is and
where it goes: the lists only shrink — an entry that no longer exists fails the test too,
so whoever removes a violation removes its entry.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Each top-level package or module of the product, and its layer (lower is more basic).
LAYERS = {
    "domain": 0,
    "notices": 1,
    "storage": 2,
    "delivery": 3,
    "scheduler": 3,
    "tracking": 4,
    "reports": 4,
    "chat": 5,
    "cli": 6,
    "bot": 6,
    "wiring": 6,
    "settings": 6,
    "demo": 6,
}
#: Stands apart: imports no product package; only these may import it.
EMULATOR = "botapi_emulator"
EMULATOR_USERS = {"demo"}

#: Imports against the order, (importing module, imported module): why, and where it goes.
KNOWN_AGAINST_ORDER: dict[tuple[str, str], str] = {}

#: Imports that close a cycle between packages of one layer, named edge by edge.
KNOWN_CYCLES: dict[tuple[str, str], str] = {}

#: Modules of ``domain`` that still do I/O (read files, the environment): where it goes.
KNOWN_IMPURE_DOMAIN: dict[str, str] = {}

#: What counts as I/O in ``domain``: modules that reach outside, and file calls.
IO_MODULES = {
    "os",
    "io",
    "shutil",
    "socket",
    "sqlite3",
    "subprocess",
    "tempfile",
    "urllib",
    "aiohttp",
    "httpx",
    "sqlalchemy",
    "telegram",
    "aiosqlite",
    "asyncpg",
    "requests",
    "storage",
}
IO_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "load", "dump"}
#: What ``domain`` may take from ``pathlib``: names of paths, which read nothing.
PURE_PATHS = {"PurePath", "PurePosixPath", "PureWindowsPath"}


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    imported: str  # dotted module (or package) name
    line: int

    @property
    def source(self) -> str:
        return self.importer.split(".")[0]

    @property
    def target(self) -> str:
        return self.imported.split(".")[0]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _product_files() -> Iterator[Path]:
    for top in [*LAYERS, EMULATOR]:
        package = ROOT / top
        if package.is_dir():
            yield from sorted(package.rglob("*.py"))
        elif (ROOT / f"{top}.py").exists():
            yield ROOT / f"{top}.py"


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imports_of(path: Path) -> Iterator[Import]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: set[str] = set()
        if isinstance(node, ast.Import):
            targets = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # ``from chat import messages`` imports the module chat.messages.
            for alias in node.names:
                name = f"{target}.{alias.name}"
                targets.add(name if _is_module(name) else target)
        for target in sorted(targets):
            yield Import(module, target, node.lineno)


def _product_imports() -> list[Import]:
    known = {*LAYERS, EMULATOR}
    return [
        found
        for path in _product_files()
        for found in _imports_of(path)
        if found.target in known and found.target != found.source
    ]


def _edge(found: Import) -> tuple[str, str]:
    return found.importer, found.imported


def against_order(imports: list[Import]) -> list[str]:
    """The imports that point up the layers (or into or out of the emulator), unlisted."""
    wrong = []
    for found in imports:
        where = f"{found.importer}:{found.line}"
        if found.target == EMULATOR:
            if found.source not in EMULATOR_USERS:
                wrong.append(f"{where} imports the emulator")
        elif found.source == EMULATOR:
            wrong.append(f"{where} (the emulator) imports {found.imported}")
        elif (
            LAYERS[found.target] > LAYERS[found.source] and _edge(found) not in KNOWN_AGAINST_ORDER
        ):
            wrong.append(f"{where} imports {found.imported}, a higher layer")
    return wrong


def package_cycles(imports: list[Import]) -> list[list[str]]:
    """Cycles between packages, leaving out the listed imports."""
    graph: dict[str, set[str]] = defaultdict(set)
    for found in imports:
        if _edge(found) not in KNOWN_CYCLES and _edge(found) not in KNOWN_AGAINST_ORDER:
            graph[found.source].add(found.target)

    def cycle_from(start: str, path: list[str]) -> list[str] | None:
        for successor in sorted(graph[path[-1]]):
            if successor == start:
                return [*path, start]
            if successor not in path and (cycle := cycle_from(start, [*path, successor])):
                return cycle
        return None

    return [cycle for start in sorted(graph) if (cycle := cycle_from(start, [start]))]


def io_in(path: Path) -> list[str]:
    """What in a module reaches outside: I/O modules imported, file calls made."""
    return io_in_source(path.read_text(encoding="utf-8"))


def io_in_source(source: str) -> list[str]:
    """What a module's ``source`` reaches outside with: I/O modules (and ``pathlib``'s
    reading paths) imported, file calls (``open``, ``read_text``, ``json.load``…) made."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
            found += [f"imports pathlib on line {node.lineno}" for n in names if n == "pathlib"]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if node.module == "pathlib":
                found += [
                    f"imports pathlib.{alias.name} on line {node.lineno}"
                    for alias in node.names
                    if alias.name not in PURE_PATHS
                ]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in IO_CALLS:
                found.append(f"calls {name}() on line {node.lineno}")
            continue
        else:
            continue
        found += [
            f"imports {n} on line {node.lineno}" for n in names if n.split(".")[0] in IO_MODULES
        ]
    return found


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    """Each check fails on a made-up violation (so a green run means something)."""
    assert against_order([Import("domain.deadline", "chat.messages", 1)])
    assert against_order([Import("storage.db", "tracking.service", 1)])
    assert against_order([Import("chat.handlers", "botapi_emulator.server", 1)])
    assert against_order([Import("botapi_emulator.state", "domain.clock", 1)])
    assert not against_order([Import("chat.handlers", "tracking.service", 1)])
    # Planning and delivery (the outbox, its sending) are below the other use cases.
    assert against_order([Import("scheduler.dispatch", "tracking.service", 1)])
    assert against_order([Import("delivery.sending", "chat.transport", 1)])
    assert not against_order([Import("tracking.service", "delivery.outbox", 1)])
    assert not against_order([Import("delivery.sending", "storage.claims", 1)])
    assert package_cycles(
        [Import("scheduler.firing", "delivery.outbox", 1), Import("delivery.x", "scheduler.y", 2)]
    ) == [["delivery", "scheduler", "delivery"], ["scheduler", "delivery", "scheduler"]]
    assert not against_order([Import("demo.harness", "botapi_emulator", 1)])
    assert package_cycles(
        [Import("tracking.plan", "reports.figures", 1), Import("reports.cli", "tracking.x", 2)]
    ) == [["reports", "tracking", "reports"], ["tracking", "reports", "tracking"]]
    impure = tmp_path / "impure.py"
    impure.write_text("import os\nfrom pathlib import Path\nPath('x').read_text()\n")
    assert io_in(impure) == [
        "imports os on line 1",
        "imports pathlib.Path on line 2",
        "calls read_text() on line 3",
    ]


def test_the_io_check_fails_on_a_planted_violation() -> None:
    """Each way a domain module could reach outside is caught; names of paths are not."""
    assert io_in_source("with open('seeds/agencies.toml') as f:\n    f.read()\n") == [
        "calls open() on line 1"
    ]
    assert io_in_source("import json\njson.load(f)\n") == ["calls load() on line 2"]
    assert io_in_source("from storage.db import create_engine\n") == [
        "imports storage.db on line 1"
    ]
    assert io_in_source("import sqlite3, io\n") == [
        "imports sqlite3 on line 1",
        "imports io on line 1",
    ]
    assert io_in_source("from sqlalchemy import select\nimport telegram\n") == [
        "imports sqlalchemy on line 1",
        "imports telegram on line 2",
    ]
    assert io_in_source("import httpx\nfrom aiohttp import web\nimport aiosqlite\n") == [
        "imports httpx on line 1",
        "imports aiohttp on line 2",
        "imports aiosqlite on line 3",
    ]
    assert io_in_source("import pathlib\n") == ["imports pathlib on line 1"]
    assert not io_in_source("from pathlib import PurePath\nimport re\nre.compile('x')\n")


def test_the_scan_sees_the_packages_and_their_imports() -> None:
    scanned = {_module_name(path).split(".")[0] for path in _product_files()}
    assert scanned == {*LAYERS, EMULATOR}
    imports = _product_imports()
    assert Import("wiring.parts", "chat.assigned_messages", 0) in {
        Import(f.importer, f.imported, 0) for f in imports
    }, "``from chat import assigned_messages`` is read as an import of that module"


def test_no_import_points_against_the_order() -> None:
    wrong = against_order(_product_imports())
    assert not wrong, "\n".join(wrong)


def test_packages_form_no_cycle() -> None:
    cycles = package_cycles(_product_imports())
    assert not cycles, "package cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_domain_does_no_io() -> None:
    found = {
        _module_name(path): what
        for path in sorted((ROOT / "domain").rglob("*.py"))
        if (what := io_in(path))
    }
    unexpected = {
        module: what for module, what in found.items() if module not in KNOWN_IMPURE_DOMAIN
    }
    assert not unexpected, unexpected
    pure_now = KNOWN_IMPURE_DOMAIN.keys() - found.keys()
    assert not pure_now, f"no I/O any more, remove from KNOWN_IMPURE_DOMAIN: {pure_now}"


def test_the_listed_violations_still_exist_so_the_lists_only_shrink() -> None:
    imports = _product_imports()
    edges = {_edge(found) for found in imports}
    gone = [edge for edge in [*KNOWN_AGAINST_ORDER, *KNOWN_CYCLES] if edge not in edges]
    assert not gone, f"no longer imported, remove from the lists: {gone}"
    upward = {
        _edge(f)
        for f in imports
        if f.source in LAYERS and f.target in LAYERS and LAYERS[f.target] > LAYERS[f.source]
    }
    assert set(KNOWN_AGAINST_ORDER) <= upward, "listed as against the order but is not"

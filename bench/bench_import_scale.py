"""An import's child process with a deployment of many agencies of its own.

    .venv/bin/python -m bench.bench_import_scale [--agencies 100000] [--runs 3]
        [--notice ../shared/corpus/notices/03_nq380-khacphuc-thientai.txt]

Generates ``--agencies`` bodies in a ``LOCAL_AGENCIES_FILE`` of a temporary folder (as
``bench.bench_startup`` does), lets a first process build the caches beside it, then runs
``--runs`` fresh processes that each do what an import's child process does: load the
registry ready to find names (``scanning_registry_for``) and import the notice. Prints the
median seconds of the load, of the import and of both.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.bench_startup import generate
from bench.shared import SHARED

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_NOTICE = SHARED / "corpus" / "notices" / "03_nq380-khacphuc-thientai.txt"

_CHILD = """
import json, sys, time
from pathlib import Path
began = time.perf_counter()
from storage.local_agency_files import scanning_registry_for
from notices.importer import import_notice
from notices.sources import read_notice
source = read_notice(Path(sys.argv[2]))
loading = time.perf_counter()
registry = scanning_registry_for(Path(sys.argv[1]))
loaded = time.perf_counter()
parsed = import_notice(source.text, registry, issued=source.issued_hint)
done = time.perf_counter()
print(json.dumps({"load_s": loaded - loading, "import_s": done - loaded, "tasks": len(parsed.tasks),
                  "agencies": len(registry.all())}))
"""


def child(agencies_file: Path, notice: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(agencies_file), str(notice)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--notice", type=Path, default=DEFAULT_NOTICE)
    args = parser.parse_args(argv)
    if not args.notice.exists():
        print(f"no notice at {args.notice}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        agencies_file = Path(folder) / "local_agencies.toml"
        generate(args.agencies, agencies_file)
        child(agencies_file, args.notice)  # the first one after a change builds the caches
        runs = [child(agencies_file, args.notice) for _ in range(args.runs)]
    load = statistics.median(r["load_s"] for r in runs)
    work = statistics.median(r["import_s"] for r in runs)
    total = statistics.median(r["load_s"] + r["import_s"] for r in runs)
    print(
        f"{int(runs[0]['agencies'])} agencies, {args.notice.name} ({int(runs[0]['tasks'])} tasks): "
        f"load {load:.2f} s, import {work:.2f} s, both {total:.2f} s (median of {args.runs})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Start-up cost: the real bot process from exec to its first getUpdates, and the registry.

    .venv/bin/python -m bench.bench_startup [--agencies 0,10000,100000] [--timeout 180]

For each registry — the shipped one (``0``: no body of the deployment's own) and ones grown
by ``N`` generated bodies supplied the way a deployment supplies its own
(``LOCAL_AGENCIES_FILE``) — it prints:

* the registry's build: reading the shipped file and the deployment's and building the
  registry (``registry_for`` on a registry given), the build alone from agencies already
  read (``AgencyRegistry(...)``), and what a start does, loading it from the cache beside
  the file (``registry_for``), median of 3;
* the cold start of ``bot.py`` (exec → its first ``getUpdates`` on the Bot API emulator) on a
  fresh SQLite file (migrations, registry mirror, seeds), then on the same file again (up to
  date: nothing to do).

A start that does not reach ``getUpdates`` within ``--timeout`` seconds is reported as such.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN
from domain.agencies import AgencyRegistry
from domain.local_agencies import LocalAgency
from storage.agency_files import load_registry, shipped_registry
from storage.local_agency_files import load_local_agencies, registry_for, write_local_agencies

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "seeds" / "agencies.toml"
PROVINCES = ("Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Quảng Bình", "Lào Cai", "Cà Mau")
UNITS = ("Phòng Nghiệp vụ", "Trung tâm Dịch vụ", "Ban Quản lý dự án", "Chi cục Kiểm tra")


def generate(count: int, path: Path) -> None:
    """``count`` bodies of a deployment, each with an acronym and a parent, in one file."""
    bodies = [
        LocalAgency(
            name=f"{UNITS[n % len(UNITS)]} số {n} tỉnh {PROVINCES[n % len(PROVINCES)]}",
            aliases=(f"DV{n}",),
            parent=f"UBND tỉnh {PROVINCES[n % len(PROVINCES)]}",
        )
        for n in range(count)
    ]
    write_local_agencies(path, bodies)


def _median_seconds(action: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
        if times[-1] > 10:  # the slow code of old: once is enough
            break
    return statistics.median(times)


def build_times(path: Path) -> tuple[float, float, float]:
    """(read both files and build, build alone, from the cache beside the file) in
    seconds; the cache is written first, as the first start after a change writes it."""
    base = shipped_registry()
    agencies = [*base.all(), *(body.agency() for body in load_local_agencies(path))]
    read_and_build = _median_seconds(lambda: registry_for(path, load_registry(SHIPPED)))
    build = _median_seconds(lambda: AgencyRegistry(agencies, base.groups()))
    registry_for(path)
    cached = _median_seconds(lambda: registry_for(path))
    return read_and_build, build, cached


@dataclass(frozen=True, kw_only=True, slots=True)
class Start:
    """One start of ``bot.py``: seconds to its first ``getUpdates``, the CPU seconds it had
    used by then and its peak RSS then."""

    seconds: float
    peak_rss_mb: float
    cpu_s: float = float("nan")


def peak_rss_mb(pid: int) -> float:
    """The peak resident set of a running process (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time a running process has used so far (``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def cold_start(
    emulator: BotApiEmulator, folder: Path, agencies_file: Path, limit: float
) -> float | None:
    """Seconds from exec of ``bot.py`` to its first ``getUpdates``; None past ``limit`` seconds."""
    start = await start_bot(emulator, folder, agencies_file, limit)
    return start.seconds if start is not None else None


async def start_bot(
    emulator: BotApiEmulator,
    folder: Path,
    agencies_file: Path,
    limit: float,
    *,
    arguments: Sequence[str] = (),
    settle: float = 0.0,
) -> Start | None:
    """Exec ``bot.py`` (with ``arguments`` before its command, e.g. ``--clock-start``) on the
    database ``folder/bot.sqlite3``; its time to the first ``getUpdates`` and its peak RSS
    ``settle`` seconds after it (its first pass runs then), or None past ``limit`` seconds."""
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_", "LOCAL_AGENCIES"))
        },
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "ADMIN_IDS": "1001",
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'bot.sqlite3'}",
        "LOCAL_AGENCIES_FILE": str(agencies_file),
        "DIGEST_DAY": "off",
    }
    seen = len(emulator.calls)

    def polled() -> bool:
        return any(call.method == "getUpdates" for call in emulator.calls[seen:])

    with (folder / "bot.log").open("ab") as log:
        began = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "bot.py"),
            "--env-file",
            str(folder / "none.env"),
            *arguments,
            cwd=folder,
            env=env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            await emulator.wait_for(polled, timeout=limit)
            took = time.monotonic() - began
            cpu = cpu_seconds(process.pid)
            await asyncio.sleep(settle)
            start: Start | None = Start(
                seconds=took, peak_rss_mb=peak_rss_mb(process.pid), cpu_s=cpu
            )
        except TimeoutError:
            start = None
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 60)
        except TimeoutError:
            process.kill()
            await process.wait()
    return start


def _seconds(value: float | None, limit: float) -> str:
    return f"{value:.2f} s" if value is not None else f"> {limit:g} s (no getUpdates)"


async def measure(count: int, limit: float) -> None:
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            agencies_file = folder / "local_agencies.toml"
            generate(count, agencies_file)
            read_and_build, build, cached = build_times(agencies_file)
            total = len(registry_for(agencies_file).all())
            fresh = await cold_start(emulator, folder, agencies_file, limit)
            again = await cold_start(emulator, folder, agencies_file, limit)
    finally:
        await emulator.stop()
    label = "shipped registry" if count == 0 else f"shipped + {count:,} generated"
    print(f"{label} ({total:,} agencies)")
    print(
        f"  registry: read + build {read_and_build:.3f} s, build alone {build:.3f} s, "
        f"from the cache {cached:.3f} s"
    )
    print(f"  cold start, fresh database:      {_seconds(fresh, limit)}")
    print(f"  cold start, up-to-date database: {_seconds(again, limit)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--agencies",
        default="0,10000,100000",
        help="generated bodies added to the shipped registry, comma-separated (default "
        "0,10000,100000; 0 is the shipped registry alone)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=180,
        help="seconds a start may take to reach getUpdates (default 180)",
    )
    arguments = parser.parse_args()
    for count in (int(n) for n in arguments.agencies.split(",")):
        asyncio.run(measure(count, arguments.timeout))


if __name__ == "__main__":
    main()

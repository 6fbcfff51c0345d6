"""What ``bench.bench_scale`` measures at one N, and how it is printed: a JSON object with
exactly the keys of :class:`Figures` (the peer's on stderr, marked as the peer's), or lines
for people."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass

PEER = "apscheduler3-sqlalchemyjobstore"
KEYS = (
    "obligations",
    "chats",
    "agencies",
    "build_s",
    "sweep_1000_ms",
    "idle_pass_ms",
    "cold_start_s",
    "peak_rss_mb",
    "db_mb",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Figures:
    """What one N measured (the JSON object's keys, in order)."""

    obligations: int
    chats: int
    agencies: int
    build_s: float
    sweep_1000_ms: float
    idle_pass_ms: float
    cold_start_s: float
    peak_rss_mb: float
    db_mb: float


@dataclass(frozen=True, kw_only=True, slots=True)
class Measured:
    """The figures, and what people are told besides."""

    figures: Figures
    reminders: int
    messages: int
    sweep_cpu_ms: float = 0.0
    """The sweep's CPU time in this process (its database thread's too): on a shared
    machine, what the sweep cost apart from waiting for the processor."""


def _line(
    label: str, figures: Figures, reminders: int = 0, messages: int = 0, cpu_ms: float = 0.0
) -> str:
    rate = figures.obligations / figures.build_s
    planned = f", {reminders:,} reminders ({reminders / figures.build_s:,.0f}/s)"
    cpu = f", {cpu_ms:.1f} ms of CPU" if cpu_ms else ""
    queued = f" ({messages:,} messages{cpu})" if messages else ""
    return (
        f"{label}\n"
        f"  build            {figures.build_s:8.1f} s   {rate:9,.0f} obligations/s"
        f"{planned if reminders else ''}\n"
        f"  sweep, 1,000     {figures.sweep_1000_ms:8.1f} ms{queued}\n"
        f"  idle pass        {figures.idle_pass_ms:8.2f} ms\n"
        f"  cold start       {figures.cold_start_s:8.2f} s\n"
        f"  peak RSS         {figures.peak_rss_mb:8.0f} MB\n"
        f"  database         {figures.db_mb:8.0f} MB"
    )


def report(measured: Measured, *, as_json: bool, peer: bool = False) -> None:
    """Print one N's figures: a JSON object with exactly the keys of ``Figures`` (the
    peer's on stderr, marked as the peer's), or lines for people."""
    figures = measured.figures
    if as_json:
        if peer:
            print(json.dumps({"peer": PEER, **asdict(figures)}), file=sys.stderr, flush=True)
        else:
            print(json.dumps(asdict(figures)), flush=True)
        return
    if peer:
        label = f"{PEER}: {figures.obligations:,} obligations, one job per reminder"
    else:
        label = (
            f"{figures.obligations:,} obligations, {figures.chats:,} chats, "
            f"{figures.agencies:,} generated agencies"
        )
    print(
        _line(label, figures, measured.reminders, measured.messages, measured.sweep_cpu_ms),
        flush=True,
    )

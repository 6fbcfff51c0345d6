"""Copying a SQLite file's write-ahead log back into the database, off the writers' path.

By SQLite's default the commit that takes the log past 1,000 pages copies the whole log
back into the database and syncs both files to disk, in the committing connection: on this
bot a sweep's, a sender's or a reply's commit, on the event loop's thread. A due sweep of
1,000 reminders writes about 300 pages, so about one sweep in three paid for it: at a
million obligations 1,200–1,500 pages written across a 1.27 GB file and two syncs, 5–10 ms
instead of 1–2 ms, with the event loop stopped (``bench.scale_sweep`` shows it statement by
statement).

The product's connections raise that threshold to :data:`BACKSTOP_PAGES`, a bound for
when nothing else copies the log back (a CLI process on its own), and the running bot
looks after each pass and each heartbeat (``scheduler.runner``) and, once
:data:`THRESHOLD_PAGES` wait, copies them back in a thread of its own on a connection of
its own: ``PRAGMA wal_checkpoint(PASSIVE)``, which waits for no reader and no writer
(writers go on appending while it copies). The next writer after a complete copy starts
the log again from its beginning, as before. Durability is the same: the checkpoint syncs the log before it
copies and the database after, as the automatic one does, with ``synchronous=NORMAL``.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

BACKSTOP_PAGES = 5000
"""``PRAGMA wal_autocheckpoint`` on the product's SQLite connections: a commit that takes
the log past this many pages (20 MB at SQLite's 4 KB pages) copies it back itself. Above
what a pass writes (a sweep of 1,000 reminders about 300 pages); reached only when nothing
checkpointed for a long while, or by a transaction that large on its own."""


THRESHOLD_PAGES = 1000
"""The checkpointer copies the log back once this many of its pages wait (SQLite's own
default threshold): each copy makes the next writer start the log again and sync its new
header, so a pass that wrote a few pages leaves them for later."""


class Checkpoint(NamedTuple):
    """What one ``PRAGMA wal_checkpoint`` said."""

    busy: bool
    """It could not run at all (another checkpoint, or a process switching journal mode)."""
    frames: int
    """Pages in the log."""
    copied: int
    """Of them, copied back into the database (all of them: the log starts again)."""


def sqlite_file(url: str) -> Path | None:
    """The SQLite file of a database URL, or None (another database, or in memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


_SHM_HEAD = 100  # two copies of the 48-byte wal-index header, then nBackfill


class Checkpointer:
    """Copies the log of ``path`` back into it on a connection and a thread of its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoint")
        self._connection: sqlite3.Connection | None = None
        self.last: Checkpoint | None = None
        """What the last checkpoint said (tests and the health of the log read it)."""
        self.runs = 0
        """Checkpoints run so far."""
        self.skipped = 0
        """Times fewer than :data:`THRESHOLD_PAGES` pages waited (nothing was copied)."""

    async def run(self, *, threshold: int = THRESHOLD_PAGES) -> Checkpoint | None:
        """In the checkpointer's thread, one passive checkpoint if ``threshold`` pages or
        more of the log wait to be copied back; None when fewer did, or when it failed
        (logged: the next one tries again, and the connections' bound still holds)."""
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._thread, self._checkpoint, threshold)
        except (OSError, sqlite3.Error):
            log.warning("checkpoint of %s failed; the next pass tries again", self.path)
            return None
        if result is None:
            self.skipped += 1
            return None
        self.last = result
        self.runs += 1
        return result

    def waiting(self) -> int | None:
        """Pages of the log not yet copied back, as the wal-index header at the start of
        the ``-shm`` file says (https://www.sqlite.org/walformat.html: the last valid frame
        at byte 16, and of the checkpoint information that follows two copies of the
        header, the frames copied back at byte 96, in the machine's byte order); None when
        it cannot be read or its two copies of the header differ (a writer is updating it)."""
        shm = self.path.with_name(self.path.name + "-shm")
        try:
            with shm.open("rb") as file:
                head = file.read(_SHM_HEAD)
        except FileNotFoundError:
            return 0  # no log (it was removed with the last connection): nothing waits
        if len(head) < _SHM_HEAD or head[:48] != head[48:96]:
            return None
        frames: int = struct.unpack_from("=I", head, 16)[0]
        copied: int = struct.unpack_from("=I", head, 96)[0]
        return max(0, frames - copied)

    def _checkpoint(self, threshold: int) -> Checkpoint | None:
        waiting = self.waiting()
        if waiting is not None and waiting < threshold:
            return None
        if self._connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None)
            # The same syncs as the automatic checkpoint of the product's connections.
            connection.execute("PRAGMA synchronous=NORMAL")
            self._connection = connection
        busy, frames, copied = self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return Checkpoint(busy=bool(busy), frames=frames, copied=copied)

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        """Close the checkpointer's connection and end its thread (after a checkpoint under
        way)."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread, self._close)
        self._thread.shutdown(wait=True)

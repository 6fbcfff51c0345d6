"""Noticing that the Bot API refuses the bot's token while the bot runs (it was revoked or
changed in @BotFather): every call then answers 401 Unauthorized, which PTB raises as
``InvalidToken``.

Nothing here changes how updates are fetched or messages sent; the refusal is observed
where each path already ends up with it:

* ``getUpdates``: PTB's polling loop logs ``InvalidToken`` ("Invalid token. Aborting retry
  loop.") and ends — it calls no error callback for it. :meth:`TokenWatch.polling_filter`,
  a filter on the logger it logs to, sees that record (and drops its traceback).
* sends of the outbox: ``chat.transport`` classifies the 401 (the message stays pending)
  and calls :meth:`TokenWatch.refused`.
* a handler's own reply: the error reaches the application's error handler,
  :meth:`TokenWatch.on_error`.

The run loop (``wiring.run_loop``) waits on :meth:`TokenWatch.wait` beside the signals and
stops the bot as for SIGTERM.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import InvalidToken

log = logging.getLogger(__name__)

#: The logger of PTB's network retry loop (``telegram.ext._utils.networkloop``), which
#: polls ``getUpdates``.
POLLING_LOGGER = "telegram.ext"


class TokenWatch:
    """Set once the Bot API refused the token while the bot ran."""

    def __init__(self) -> None:
        self._refused = asyncio.Event()
        self.where: str | None = None
        """The call that was refused first (``getUpdates``, ``sendMessage``, a reply)."""
        self.answer = ""
        """The Bot API's answer to it (``Unauthorized``; ``Not Found`` for a base URL that
        no longer serves the Bot API, which PTB raises the same way)."""

    @property
    def is_refused(self) -> bool:
        return self._refused.is_set()

    def refused(self, where: str, error: InvalidToken) -> None:
        """The Bot API refused the token in its answer to ``where``; the first refusal is
        remembered."""
        if self.where is None:
            self.where, self.answer = where, str(error)
        self._refused.set()

    async def wait(self) -> None:
        """Until the token is refused."""
        await self._refused.wait()

    def polling_filter(self, record: logging.LogRecord) -> bool:
        """A filter for :data:`POLLING_LOGGER`: PTB's record of a poll refused with 401 is
        noted and dropped (the run loop says it in one line); every other record passes."""
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, InvalidToken):
            self.refused("getUpdates", error)
            return False
        return True

    async def on_error(self, update: object, context: Any) -> None:
        """The application's error handler: a handler's call refused with 401 is noted;
        any other error is logged as PTB logs it without an error handler."""
        error = getattr(context, "error", None)
        if isinstance(error, InvalidToken):
            self.refused("a reply", error)
            return
        log.error("an update could not be handled", exc_info=error)

"""What delivery needs from Telegram, declared where it is used: send one message and say
how the attempt ended. ``chat.transport.TelegramTransport`` implements it over
python-telegram-bot; ``wiring`` (``wiring/product.py``) injects it into the dispatcher (tests inject fakes).
Nothing here loads PTB."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.status import DeliveryOutcome

Keyboard = list[list[dict[str, str]]]
"""Inline keyboard rows as stored in the outbox: ``[[{"text": …, "data": …}]]``."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SendResult:
    """How one attempt ended."""

    outcome: DeliveryOutcome
    message_id: int | None = None
    retry_after: float | None = None
    new_chat_id: int | None = None
    detail: str = ""
    attempted: bool = True
    """False when nothing reached Telegram (the bot was stopping): not an attempt."""


class Transport(Protocol):
    """Something that sends an HTML message with an optional inline keyboard."""

    async def send(
        self,
        chat_id: int,
        html: str,
        keyboard: Keyboard | None,
        reply_to: int | None = None,
        *,
        silent: bool = False,
    ) -> SendResult:
        """Send once (quoting message ``reply_to`` if given, when it still exists; ``silent``:
        without a sound); never raises for Telegram or network failures."""
        ...

    def stop(self) -> None:
        """Sends not yet under way end as not attempted (the bot is stopping)."""
        ...

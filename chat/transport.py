"""Sending one message to Telegram, with every failure classified (never raised).

Classification follows what the failure means for the product: permanent (blocked, kicked,
chat not found: disable the recipient and tell an admin), migrate (store the new id and
retry), transient (flood control, timeouts, network: retry later), rejected (Telegram
refused this message itself: do not retry it forever).

The types it answers in (``SendResult``, ``Keyboard``) and the ``Transport`` protocol it
implements are declared where delivery uses them, in ``delivery.transport`` (re-exported
here); ``wiring`` (``wiring/product.py``) hands a ``TelegramTransport`` to the dispatcher.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot

from chat.fitting import shorten
from chat.pacing import NO_RETRY, FloodLimiter, NotSent
from chat.token_watch import TokenWatch
from delivery.transport import Keyboard, SendResult, Transport
from domain.status import DeliveryOutcome

__all__ = ["Keyboard", "SendResult", "TelegramTransport", "Transport", "markup"]

log = logging.getLogger(__name__)


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    """The PTB markup for a stored keyboard."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b["text"], callback_data=b["data"]) for b in row]
            for row in keyboard
        ]
    )


class TelegramTransport:
    """The real transport over a PTB bot. With a flood limiter on the bot, a 429 is not
    retried inside the limiter (``NO_RETRY``): the outbox reschedules the message
    and every other send waits out the pause."""

    def __init__(self, bot: Bot, watch: TokenWatch | None = None) -> None:
        self._bot = bot
        self._watch = watch
        # An application's bot (ExtBot) carries the flood limiter; a plain Bot has none.
        self._limiter = bot.rate_limiter if isinstance(bot, ExtBot) else None

    def stop(self) -> None:
        if isinstance(self._limiter, FloodLimiter):
            self._limiter.stop_waiting()

    async def send(
        self,
        chat_id: int,
        html: str,
        keyboard: Keyboard | None,
        reply_to: int | None = None,
        *,
        silent: bool = False,
    ) -> SendResult:
        try:
            paced: dict[str, Any] = {} if self._limiter is None else {"rate_limit_args": NO_RETRY}
            message = await self._bot.send_message(
                chat_id=chat_id,
                text=shorten(html),  # the limit is checked after rendering, here last
                parse_mode=ParseMode.HTML,
                reply_markup=markup(keyboard),
                disable_notification=silent,
                link_preview_options=None,
                reply_parameters=ReplyParameters(
                    message_id=reply_to, allow_sending_without_reply=True
                )
                if reply_to is not None
                else None,
                **paced,
            )
        except NotSent:
            return SendResult(
                outcome=DeliveryOutcome.TRANSIENT, detail="not sent: stopping", attempted=False
            )
        except RetryAfter as error:
            return SendResult(
                outcome=DeliveryOutcome.RETRY_AFTER,
                retry_after=_seconds(error.retry_after),
                detail=str(error),
            )
        except ChatMigrated as error:
            return SendResult(
                outcome=DeliveryOutcome.MIGRATED, new_chat_id=error.new_chat_id, detail=str(error)
            )
        except Forbidden as error:
            return SendResult(outcome=DeliveryOutcome.BLOCKED, detail=str(error))
        except BadRequest as error:
            text = str(error).lower()
            if "chat not found" in text or "user not found" in text or "chat_id is empty" in text:
                return SendResult(outcome=DeliveryOutcome.CHAT_NOT_FOUND, detail=str(error))
            log.error("Telegram rejected a message to chat %s: %s", chat_id, error)
            return SendResult(outcome=DeliveryOutcome.REJECTED, detail=str(error))
        except (TimedOut, NetworkError) as error:
            return SendResult(outcome=DeliveryOutcome.TRANSIENT, detail=str(error))
        except InvalidToken as error:
            # The token was revoked: the message waits for the next start (the process
            # stops, told by the watch); PTB's message here is the Bot API's, no token.
            if self._watch is not None:
                self._watch.refused("sendMessage", error)
            return SendResult(outcome=DeliveryOutcome.TRANSIENT, detail=str(error))
        except TelegramError as error:
            return SendResult(outcome=DeliveryOutcome.TRANSIENT, detail=str(error))
        return SendResult(outcome=DeliveryOutcome.SENT, message_id=message.message_id)


def _seconds(value: Any) -> float:
    # PTB gives an int or a timedelta depending on its settings.
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)

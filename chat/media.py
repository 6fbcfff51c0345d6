"""Sending a photo (the weekly digest's chart) with every failure classified, never raised,
next to ``chat.transport`` (which sends text)."""

from __future__ import annotations

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from chat.fitting import CAPTION_LIMIT, shorten
from chat.token_watch import TokenWatch
from chat.transport import SendResult, TelegramTransport, _seconds
from domain.status import DeliveryOutcome


async def send_photo(bot: Bot, chat_id: int, png: bytes, caption: str) -> SendResult:
    """``sendPhoto`` once; the outcome says what to do next."""
    try:
        message = await bot.send_photo(
            chat_id=chat_id,
            photo=png,
            caption=shorten(caption, CAPTION_LIMIT),  # measured after rendering, here last
            parse_mode=ParseMode.HTML,
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
        if "chat not found" in text or "user not found" in text:
            return SendResult(outcome=DeliveryOutcome.CHAT_NOT_FOUND, detail=str(error))
        return SendResult(outcome=DeliveryOutcome.REJECTED, detail=str(error))
    except (TimedOut, NetworkError, TelegramError) as error:
        return SendResult(outcome=DeliveryOutcome.TRANSIENT, detail=str(error))
    return SendResult(outcome=DeliveryOutcome.SENT, message_id=message.message_id)


class TelegramMedia:
    """The digest's sender: text through the transport, the chart through ``sendPhoto``."""

    def __init__(self, bot: Bot, watch: TokenWatch | None = None) -> None:
        self._bot = bot
        self._text = TelegramTransport(bot, watch)

    async def send_text(self, chat_id: int, html: str) -> SendResult:
        return await self._text.send(chat_id, html, None)

    async def send_photo(self, chat_id: int, png: bytes, caption: str) -> SendResult:
        return await send_photo(self._bot, chat_id, png, caption)

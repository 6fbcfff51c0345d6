"""Downloading a user's file with a cap on the bytes actually received.

The ``file_size`` of an update is optional and set by the sender's client, so it is only
a first, cheap refusal; the bound that holds is counted on the stream itself: the download
stops as soon as it passes the cap.
"""

from __future__ import annotations

import httpx
from telegram import Bot


class FileTooLarge(Exception):
    """The file has (or announces) more bytes than allowed."""


class DownloadFailed(Exception):
    """The file could not be fetched (its URL, which holds the token, is not in the message)."""


async def download_capped(bot: Bot, file_id: str, limit: int, *, timeout: float = 60.0) -> bytes:  # noqa: ASYNC109
    """The file's bytes; raises :class:`FileTooLarge` past ``limit``, never reading more
    than ``limit`` plus one chunk."""
    telegram_file = await bot.get_file(file_id)
    if telegram_file.file_size is not None and telegram_file.file_size > limit:
        raise FileTooLarge
    url = telegram_file.file_path
    if not url:
        raise DownloadFailed
    received = bytearray()
    try:
        async with (
            httpx.AsyncClient(timeout=timeout) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise DownloadFailed
            declared = response.headers.get("content-length", "")
            if declared.isascii() and declared.isdigit() and int(declared) > limit:
                raise FileTooLarge
            async for chunk in response.aiter_bytes():
                received += chunk
                if len(received) > limit:
                    raise FileTooLarge
    except httpx.HTTPError:
        raise DownloadFailed from None
    return bytes(received)


__all__ = ["DownloadFailed", "FileTooLarge", "download_capped"]

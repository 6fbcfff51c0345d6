"""The bot's HTTP client for the Bot API: PTB's request interface over aiohttp.

PTB's own client (httpx) costs about 1.5 ms of CPU per call here, five times aiohttp's
(``bench/bench_http.py`` measures both against the emulator); at a wave of reminders or a
burst of replies that is most of a core. This class gives PTB the same answers with the
same errors: a call that does not complete in time is :class:`telegram.error.TimedOut`
(it may have reached Telegram), a connection that fails is
:class:`telegram.error.NetworkError`; the status and body of every answer go back to PTB,
which reads them as it reads httpx's. Messages of errors carry no request URL (the URL
holds the bot token), only the Bot API's host.
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB's defaults for its own client (HTTPXRequest), kept for the same calls.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
MEDIA_WRITE_TIMEOUT = 20.0


class AiohttpRequest(BaseRequest):
    """One connection pool of ``connection_pool_size`` to the Bot API, opened by
    :meth:`initialize` (or by the first call: a worker standing by for the polling lock
    sends without its application started) and closed by :meth:`shutdown`."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 1,
        read_timeout: float | None = READ_TIMEOUT,
        write_timeout: float | None = WRITE_TIMEOUT,
        connect_timeout: float | None = CONNECT_TIMEOUT,
        pool_timeout: float | None = POOL_TIMEOUT,
        media_write_timeout: float | None = MEDIA_WRITE_TIMEOUT,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._shut = False

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        self._shut = False
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0)
            self._session = aiohttp.ClientSession(connector=connector, auto_decompress=True)

    async def shutdown(self) -> None:
        self._shut = True
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._shut:
            raise RuntimeError("This AiohttpRequest is shut down")
        if self._session is None:  # usable before initialize(), as PTB's own client is
            await self.initialize()
        assert self._session is not None
        files = bool(request_data and request_data.contains_files)
        timeout = self._timeout(
            _value(read_timeout, self._read),
            _value(write_timeout, self._media_write if files else self._write),
            _value(connect_timeout, self._connect),
            _value(pool_timeout, self._pool),
        )
        try:
            async with self._session.request(
                method,
                url,
                data=_body(request_data),
                headers={"User-Agent": self.USER_AGENT},
                timeout=timeout,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's timeouts are TimeoutErrors (and ClientErrors)
            raise TimedOut(f"Timed out ({type(err).__name__})") from None
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {_words(err, url)}") from None

    @staticmethod
    def _timeout(
        read: float | None, write: float | None, connect: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        """aiohttp has no write timeout: the whole call is bounded by the sum of the four,
        the wait for a pooled connection and its opening by ``pool + connect``, the wait
        for each piece of the answer by ``read``."""
        parts = (read, write, connect, pool)
        total = None if any(p is None for p in parts) else sum(p or 0.0 for p in parts)
        waiting = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(
            total=total, connect=waiting, sock_connect=connect, sock_read=read
        )


def _value(given: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(given, DefaultValue) else given


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """The call's parameters as a form, as PTB's client sends them: each value JSON-encoded,
    and files as parts of a multipart form."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    form = aiohttp.FormData(quote_fields=False)
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form


def _words(err: aiohttp.ClientError, url: str) -> str:
    """What the error says, without the URL some of aiohttp's errors quote (it holds the
    token): the Bot API's address is named by its host alone."""
    text = str(err) or (type(err).__doc__ or "").strip()
    host = url.split("/bot", 1)[0]
    return text.replace(url, host)


__all__ = ["AiohttpRequest"]

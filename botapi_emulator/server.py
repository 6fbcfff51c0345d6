"""A local Telegram Bot API server for tests and the offline demo.

Telegram cannot be reached from development and CI machines, so the bot talks real HTTP
to this emulator instead. It answers like the real (and the self-hosted) Bot API server,
so the product code and python-telegram-bot run unchanged against it.

URL layout (identical to ``api.telegram.org``)::

    GET|POST {base}/bot<token>/<method>      method call; query string, form, multipart or JSON
    GET      {base}/file/bot<token>/<path>   download of a file reported by getFile

Every answer is ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N,
"description": "...", "parameters": {...}}`` with the HTTP status equal to ``error_code``.
A wrong token is 401 ``Unauthorized`` (``emu.token = other`` revokes the bot's token while
it runs: its waiting long poll and held requests answer 401 at once); an unknown method is
404 ``Not Found: method not found``. Method names are case-insensitive, as on Telegram.

Implemented methods: getMe, getUpdates (long poll; a newer poll terminates a waiting one
with 409 Conflict), deleteWebhook, getWebhookInfo, sendMessage, editMessageText,
editMessageReplyMarkup, deleteMessage, answerCallbackQuery, setMyCommands, getMyCommands,
deleteMyCommands, sendDocument, sendPhoto, getFile, sendChatAction, getChat, close, logOut.
``parse_mode`` may be HTML (validated like Telegram, see :mod:`botapi_emulator.html`) or
absent; other parse modes are rejected with 400 so nothing unverified reaches production.

Control API for tests (same asyncio loop as the bot; nothing here blocks)::

    emu = BotApiEmulator(token)                 # or: async with BotApiEmulator(token) as emu
    base = await emu.start()                    # "http://127.0.0.1:PORT"; port 0 = any free port
    emu.add_user(user_id, first_name, username=None) -> SimUser   # + private chat, id == user id
    emu.add_group(chat_id, title, members, username=None, supergroup=None) -> SimChat
    emu.add_member(chat_id, user_id)
    await emu.send_text(chat_id, user_id, text, reply_to=None) -> dict       # queues an update
    await emu.send_document(chat_id, user_id, filename, content, mime_type, caption=None) -> dict
    await emu.send_photo(chat_id, user_id, width=, height=, caption=None) -> dict   # and:
    #   send_sticker(emoji=), send_voice(duration=), send_video(), send_audio(file_name=),
    #   send_animation() (also a document, as on Telegram), send_video_note(),
    #   send_location(lat, lon), send_contact(phone, first_name): Message shapes of the Bot API
    await emu.click(chat_id, user_id, message_id, callback_data) -> str    # callback_query id
    emu.messages(chat_id) / emu.bot_messages(chat_id) -> list[SentMessage]
    mark = emu.mark()                           # before the action the bot answers
    await emu.wait_for_bot_message(chat_id, predicate=None, timeout=10, after_message_id=None,
                                   since=None)  # since=mark: also what came before the wait
    await emu.wait_for_callback_answer(query_id, timeout=10) -> CallbackAnswer
    await emu.wait_for_call(method, predicate=None, timeout=10) -> ApiCall
    await emu.wait_for(condition, timeout=10)    # any condition, re-checked on every change
    emu.calls, emu.callback_answers, emu.updates, emu.pending_updates, emu.long_poll_waiting
    emu.commands(scope=None, language_code=""), emu.file(file_id) -> StoredFile
    emu.on_bot_message(listener)                # called for every bot send and edit
    emu.fail_next(method, chat_id, error_code=..., description=..., retry_after=...,
                  migrate_to_chat_id=..., times=1)
    emu.block(chat_id) / emu.unblock(chat_id)   # 403 bot was blocked by the user
    emu.kick_bot(chat_id)                       # 403 bot was kicked from the group chat
    emu.delete_chat(chat_id)                    # 400 chat not found
    emu.migrate(chat_id, new_chat_id)           # 400 group chat was upgraded, migrate_to_chat_id
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
from typing import Any

from aiohttp import web

from botapi_emulator.control import EmulatorControl
from botapi_emulator.faults import (
    COUNTED_METHODS,
    Fault,
)
from botapi_emulator.methods import BotApiMethods
from botapi_emulator.objects import (
    MAX_UPLOAD_BYTES,
    ApiCall,
    ApiError,
    CallbackAnswer,
    JsonDict,
    SentMessage,
    SimChat,
    SimUser,
    StoredFile,
    _Upload,
)
from botapi_emulator.params import _decode_params, _read_params

__all__ = [
    "ApiCall",
    "BotApiEmulator",
    "CallbackAnswer",
    "SentMessage",
    "SimChat",
    "SimUser",
    "StoredFile",
]

_log = logging.getLogger(__name__)


class BotApiEmulator(EmulatorControl, BotApiMethods):
    """In-process Telegram Bot API server with simulated users, chats and failures."""

    # ------------------------------------------------------------------ lifecycle

    @property
    def api_base_url(self) -> str:
        """What PTB wants as ``base_url`` (the token is appended to it)."""
        return f"{self.base_url}/bot"

    @property
    def file_base_url(self) -> str:
        """What PTB wants as ``base_file_url``."""
        return f"{self.base_url}/file/bot"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on host:port (0 = a free port) and return the base URL."""
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        # A stopping emulator ends its long polls itself, so a short grace period is enough.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = int(self._runner.addresses[0][1])
        self._closing = False
        self.base_url = f"http://{host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        """End waiting long polls (they answer []) and shut the server down."""
        self._closing = True
        self._notify()
        await self.webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ HTTP

    async def _handle_method(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if token != self.token:
            return _reply(ApiError(401, "Unauthorized"))
        requested = request.match_info["method"]
        name, handler = self._methods.get(requested.lower(), (requested, None))
        try:
            raw, uploads = await _read_params(request)
        except ApiError as error:
            return _reply(error)
        try:
            params = _decode_params(raw)
        except ApiError as error:
            self._record_call(name, raw, uploads)
            return _reply(error)
        self._record_call(name, params, uploads)
        if handler is None:
            return _reply(ApiError(404, "Not Found: method not found"))
        try:
            faults = self._striking_faults(name, params)
            for fault in faults:
                if fault.delay_before:
                    stopped = await self._held(fault.delay_before, token)
                    if token != self.token:
                        raise ApiError(401, "Unauthorized")  # revoked while it was held
                    if stopped or request.transport is None or request.transport.is_closing():
                        return web.Response(status=499)  # the client gave up: nothing taken
            for fault in faults:
                if fault.error_code:
                    parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
                    raise ApiError(fault.error_code, fault.description, parameters)
            self._raise_injected_failure(name, params)
            self._check_flood(name, params)
            result = await handler(params, uploads)
            for fault in faults:
                if fault.delay_after:
                    await self._held(fault.delay_after, token)
        except ApiError as error:
            _log.debug("%s -> %s %s", name, error.error_code, error.description)
            return _reply(error)
        except Exception as exc:
            # A bug here must not look like a network failure to the bot under test.
            _log.exception("emulator failed on %s", name)
            return _reply(ApiError(500, f"Internal Server Error: emulator failed: {exc!r}"))
        return _reply_ok(result)

    async def _held(self, seconds: float, token: str) -> bool:
        """A fault's delay: ``seconds``, or less when the emulator stops meanwhile (True
        then), so that a request held for minutes does not hold the shutdown, or when
        ``token`` (the request's) is revoked meanwhile (False then)."""
        deadline = asyncio.get_running_loop().time() + seconds
        while not self._closing:
            if token != self.token:
                return False
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return False
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(left):
                    await changed.wait()
        return True

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self._files_by_path.get(request.match_info["file_path"])
        if request.match_info["token"] != self.token or stored is None:
            return _reply(ApiError(404, "Not Found"))
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    def _record_call(self, method: str, params: JsonDict, uploads: dict[str, _Upload]) -> None:
        recorded = dict(params)
        for name, upload in uploads.items():
            recorded[name] = {
                "filename": upload.filename,
                "mime_type": upload.content_type,
                "size": len(upload.data),
            }
        self.calls.append(ApiCall(method, recorded))
        self._notify()

    def _raise_injected_failure(self, method: str, params: JsonDict) -> None:
        chat_id = self._call_chat_id(params)
        for failure in self._failures:
            if failure.method == method.lower() and failure.chat_id in (None, chat_id):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                raise failure.error

    def _striking_faults(self, method: str, params: JsonDict) -> list[Fault]:
        chat_id = self._call_chat_id(params)
        return [f for f in self.faults if f.matches(method, chat_id) and f.strikes()]

    def _check_flood(self, method: str, params: JsonDict) -> None:
        chat_id = self._call_chat_id(params)
        if self.flood is None or chat_id is None or method.lower() not in COUNTED_METHODS:
            return
        wait = self.flood.check(chat_id)
        if wait is not None:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def _call_chat_id(self, params: JsonDict) -> int | None:
        value = params.get("chat_id")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            chat = self._chat_by_username(value)
            return chat.id if chat else None
        return None


# ------------------------------------------------------------- request decoding, formats


def _reply_ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


def _reply(error: ApiError) -> web.Response:
    return web.json_response(error.body(), status=error.error_code, dumps=_dumps)


_dumps = functools.partial(json.dumps, ensure_ascii=False)

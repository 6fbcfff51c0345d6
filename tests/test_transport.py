"""The transport's classification of every way a send can end, over real HTTP: a PTB bot
talks to the Bot API emulator, which answers as Telegram does (a blocked user, a deleted
chat, a migrated group, HTML it cannot parse) or with an injected error, a held answer or a
closed port; PTB turns each answer into its own exception, and the transport must answer
the outcome delivery acts on, never raise. Every case runs with PTB's own HTTP client
(httpx) and with the bot's (aiohttp, ``chat/bot_http.py``): the same answers, the same
outcomes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.ext import ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from botapi_emulator import BotApiEmulator, Fault
from chat.bot_http import AiohttpRequest
from chat.media import send_photo
from chat.pacing import FloodLimiter, FloodRules
from chat.token_watch import TokenWatch
from chat.transport import TelegramTransport
from delivery.transport import SendResult
from demo.harness import TOKEN
from domain.status import DeliveryOutcome

LAN = 2001
MINH = 2002
GROUP = -4001
SUPERGROUP = -1001000000001
#: How long the bot waits for an answer (seconds): what the timeout case waits out, and
#: more than any answer of the emulator takes on a loaded machine.
READ_TIMEOUT = 2.0
#: How long the bot waits to connect: a local connect only waits for a busy machine.
CONNECT_TIMEOUT = 10.0


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN) as emulator:
        emulator.add_user(LAN, "Lan", "lan_bca")
        emulator.add_user(MINH, "Minh")
        emulator.add_group(GROUP, "Tổ theo dõi", [LAN, MINH])
        yield emulator


@pytest.fixture(params=["httpx", "aiohttp"])
def client(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _request(client: str) -> BaseRequest:
    if client == "httpx":
        return HTTPXRequest(read_timeout=READ_TIMEOUT, connect_timeout=CONNECT_TIMEOUT)
    return AiohttpRequest(
        connection_pool_size=8, read_timeout=READ_TIMEOUT, connect_timeout=CONNECT_TIMEOUT
    )


@pytest.fixture
async def bot(emu: BotApiEmulator, client: str) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emu.api_base_url, request=_request(client)) as bot:
        yield bot


async def send(bot: Bot, chat_id: int = LAN, html: str = "<b>Nhắc việc</b> #12") -> SendResult:
    return await TelegramTransport(bot).send(chat_id, html, None)


async def test_a_message_telegram_takes_is_sent_with_its_id_keyboard_reply_and_silence(
    bot: Bot, emu: BotApiEmulator
) -> None:
    first = await send(bot)
    keyboard = [[{"text": "✅ Đã xong", "data": "done:12"}]]
    second = await TelegramTransport(bot).send(
        LAN, "Nhắc lại <i>#12</i>", keyboard, reply_to=first.message_id, silent=True
    )

    assert first.outcome is DeliveryOutcome.SENT
    assert second.outcome is DeliveryOutcome.SENT
    stored = emu.bot_messages(LAN)
    assert [m.message_id for m in stored] == [first.message_id, second.message_id]
    assert stored[0].text == "Nhắc việc #12"
    assert stored[1].reply_to == first.message_id
    assert stored[1].disable_notification
    assert stored[1].buttons == [{"text": "✅ Đã xong", "callback_data": "done:12"}]


async def test_a_text_past_telegrams_limit_is_shortened_rather_than_refused(
    bot: Bot, emu: BotApiEmulator
) -> None:
    result = await send(bot, html="Bộ Công an & Bộ Tư pháp " * 400)

    assert result.outcome is DeliveryOutcome.SENT
    [stored] = emu.bot_messages(LAN)
    assert len(stored.text) <= 4096
    assert stored.text.endswith("…")


@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize("timedelta_setting", ["false", "true"])
async def test_flood_control_is_retry_after_its_seconds(
    bot: Bot, emu: BotApiEmulator, monkeypatch: pytest.MonkeyPatch, timedelta_setting: str
) -> None:
    # PTB gives retry_after as seconds or as a timedelta, as configured.
    monkeypatch.setenv("PTB_TIMEDELTA", timedelta_setting)
    emu.fail_next(
        "sendMessage",
        LAN,
        error_code=429,
        description="Too Many Requests: retry after 7",
        retry_after=7,
    )

    result = await send(bot)

    assert result.outcome is DeliveryOutcome.RETRY_AFTER
    assert result.retry_after == 7.0
    assert "retry in" in result.detail.lower()
    assert emu.bot_messages(LAN) == []


async def test_with_the_flood_limiter_a_429_is_not_retried_inside_it(
    emu: BotApiEmulator, client: str
) -> None:
    """The delivery loop reschedules a flood-limited message itself: the limiter hands the
    429 back at once (had it retried, the second try would have been taken)."""
    limiter = FloodLimiter(FloodRules(scale=0.001), retries=3)
    emu.fail_next(
        "sendMessage", LAN, error_code=429, description="Too Many Requests", retry_after=1
    )
    async with ExtBot(
        TOKEN, base_url=emu.api_base_url, rate_limiter=limiter, request=_request(client)
    ) as bot:
        result = await send(bot)

    assert result.outcome is DeliveryOutcome.RETRY_AFTER
    assert limiter.flood_waits == 1
    assert emu.bot_messages(LAN) == []


async def test_a_send_waiting_for_its_slot_when_the_bot_stops_is_not_sent_nor_attempted(
    emu: BotApiEmulator,
) -> None:
    limiter = FloodLimiter(FloodRules())
    async with ExtBot(TOKEN, base_url=emu.api_base_url, rate_limiter=limiter) as bot:
        transport = TelegramTransport(bot)
        transport.stop()
        result = await transport.send(LAN, "Nhắc việc", None)

    assert result.outcome is DeliveryOutcome.TRANSIENT
    assert not result.attempted
    assert emu.bot_messages(LAN) == []


async def test_a_migrated_group_answers_its_new_id(bot: Bot, emu: BotApiEmulator) -> None:
    emu.migrate(GROUP, SUPERGROUP)

    result = await send(bot, GROUP)

    assert result.outcome is DeliveryOutcome.MIGRATED
    assert result.new_chat_id == SUPERGROUP


async def test_a_user_who_blocked_the_bot_and_a_group_that_removed_it_are_blocked(
    bot: Bot, emu: BotApiEmulator
) -> None:
    emu.block(LAN)
    emu.kick_bot(GROUP)

    blocked = await send(bot, LAN)
    kicked = await send(bot, GROUP)

    assert blocked.outcome is DeliveryOutcome.BLOCKED
    assert "blocked by the user" in blocked.detail
    assert kicked.outcome is DeliveryOutcome.BLOCKED
    assert "kicked" in kicked.detail


async def test_a_deleted_or_unknown_chat_is_not_found(bot: Bot, emu: BotApiEmulator) -> None:
    emu.delete_chat(MINH)

    deleted = await send(bot, MINH)
    unknown = await send(bot, 987654321)

    assert deleted.outcome is DeliveryOutcome.CHAT_NOT_FOUND
    assert unknown.outcome is DeliveryOutcome.CHAT_NOT_FOUND
    assert unknown.detail.lower() == "chat not found"


@pytest.mark.parametrize(
    "description",
    ["Bad Request: user not found", "Bad Request: chat_id is empty", "Bad Request: CHAT NOT FOUND"],
)
async def test_telegrams_other_words_for_a_missing_chat_are_not_found(
    bot: Bot, emu: BotApiEmulator, description: str
) -> None:
    emu.fail_next("sendMessage", LAN, error_code=400, description=description)

    result = await send(bot)

    assert result.outcome is DeliveryOutcome.CHAT_NOT_FOUND
    assert result.detail.lower() == description.removeprefix("Bad Request: ").lower()


async def test_html_telegram_cannot_parse_is_rejected_not_retried(
    bot: Bot, emu: BotApiEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    result = await send(bot, html="<b>Nhắc việc #12")

    assert result.outcome is DeliveryOutcome.REJECTED
    assert "can't parse entities" in result.detail.lower()
    assert "can't parse entities" in caplog.text.lower(), "a rejected message is logged"
    assert emu.bot_messages(LAN) == []


@pytest.mark.parametrize(
    "description",
    [
        "Bad Request: message is too long",
        "Bad Request: reply markup is too long",
        "Bad Request: BUTTON_DATA_INVALID",
    ],
)
async def test_a_message_telegram_refuses_for_itself_is_rejected(
    bot: Bot, emu: BotApiEmulator, description: str
) -> None:
    emu.fail_next("sendMessage", LAN, error_code=400, description=description)

    result = await send(bot)

    assert result.outcome is DeliveryOutcome.REJECTED
    assert result.detail.lower() == description.removeprefix("Bad Request: ").lower()


async def test_an_answer_that_does_not_come_in_time_is_transient(
    bot: Bot, emu: BotApiEmulator
) -> None:
    held = emu.add_fault(Fault(method="sendMessage", delay_after=READ_TIMEOUT + 0.5))

    result = await send(bot)

    assert held.hits == 1
    assert result.outcome is DeliveryOutcome.TRANSIENT
    assert "timed out" in result.detail.lower()


@pytest.mark.parametrize(
    ("error_code", "description"),
    [(502, "Bad Gateway"), (500, "Internal Server Error"), (409, "Conflict: terminated")],
)
async def test_a_server_error_is_transient(
    bot: Bot, emu: BotApiEmulator, error_code: int, description: str
) -> None:
    emu.fail_next("sendMessage", LAN, error_code=error_code, description=description)

    result = await send(bot)

    assert result.outcome is DeliveryOutcome.TRANSIENT
    assert result.detail == description


async def test_a_bot_api_that_is_gone_is_transient(client: str) -> None:
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    emulator.add_user(LAN, "Lan")
    async with Bot(TOKEN, base_url=emulator.api_base_url, request=_request(client)) as bot:
        await emulator.stop()  # nothing listens on its port any more
        result = await send(bot)

    assert result.outcome is DeliveryOutcome.TRANSIENT
    # Each client says why in its own words: httpx could not connect; aiohttp found the
    # pooled connection closed as it wrote (naming the host, not the URL with the token).
    words = {"httpx": "connect", "aiohttp": "can not write request body for http://127.0.0.1"}
    assert words[client] in result.detail.lower()
    assert TOKEN not in result.detail


async def test_a_revoked_token_is_transient_and_its_detail_holds_no_token(
    bot: Bot, emu: BotApiEmulator
) -> None:
    """The message waits (the process deals with a revoked token, not the outbox); what
    the outbox records of the failure must not carry the token."""
    emu.fail_next("sendMessage", LAN, error_code=401, description="Unauthorized")

    result = await send(bot)

    assert result.outcome is DeliveryOutcome.TRANSIENT
    assert result.detail == "Unauthorized"
    assert TOKEN not in result.detail
    assert TOKEN.split(":")[1] not in result.detail


async def test_a_revoked_token_is_told_to_the_watch_and_other_failures_are_not(
    bot: Bot, emu: BotApiEmulator
) -> None:
    watch = TokenWatch()
    transport = TelegramTransport(bot, watch)
    emu.fail_next("sendMessage", LAN, error_code=500, description="Internal Server Error")
    emu.fail_next("sendMessage", LAN, error_code=403, description="Forbidden: bot was blocked")
    await transport.send(LAN, "một", None)
    await transport.send(LAN, "hai", None)
    assert not watch.is_refused

    emu.token = "999999:revoked-elsewhere-0000000000"
    result = await transport.send(LAN, "ba", None)

    assert result.outcome is DeliveryOutcome.TRANSIENT
    assert watch.is_refused
    assert (watch.where, watch.answer) == ("sendMessage", "Unauthorized")


async def test_a_photo_with_its_caption_is_uploaded_as_a_file(
    bot: Bot, emu: BotApiEmulator
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40

    result = await send_photo(bot, LAN, png, "📈 Tình hình <b>thực hiện</b> &amp; tiến độ")

    assert result.outcome is DeliveryOutcome.SENT
    [photo] = emu.bot_messages(LAN)
    assert photo.kind == "photo"
    assert photo.text == "📈 Tình hình thực hiện & tiến độ"
    assert photo.file_id is not None
    assert emu.file(photo.file_id).data == png


async def test_a_document_keeps_its_name_type_and_bytes(bot: Bot, emu: BotApiEmulator) -> None:
    content = bytes(range(256)) * 300  # 76,800 bytes, every byte value

    message = await bot.send_document(
        LAN, document=content, filename="Phụ lục tháng 7.xlsx", caption="📎 Phụ lục"
    )

    [document] = emu.bot_messages(LAN)
    assert document.message_id == message.message_id
    assert document.document_name == "Phụ lục tháng 7.xlsx"
    assert document.file_id is not None
    assert emu.file(document.file_id).data == content


async def test_a_long_poll_longer_than_the_read_timeout_is_not_cut_short(
    emu: BotApiEmulator, client: str
) -> None:
    """PTB adds the poll's own wait to the read timeout of getUpdates (here 1 s + 0.3 s):
    an empty poll ends as the Bot API ends it, with no updates, and the next one brings
    the message written meanwhile."""
    async with Bot(TOKEN, base_url=emu.api_base_url, request=_request(client)) as bot:
        empty = await bot.get_updates(timeout=1)
        await emu.send_text(LAN, LAN, "/start")
        updates = await bot.get_updates(timeout=1)

    assert empty == ()
    assert [u.message.text for u in updates if u.message] == ["/start"]


async def test_the_bots_client_sends_before_its_application_is_started(
    emu: BotApiEmulator,
) -> None:
    """A worker standing by for the polling lock sends the outbox's messages without having
    started its application: the client opens its connections at the first call, as PTB's
    own does (before, each of its sends failed and was retried for ever), and refuses calls
    once shut down."""
    request = AiohttpRequest(connection_pool_size=4)
    bot = Bot(TOKEN, base_url=emu.api_base_url, request=request)

    result = await send(bot)
    await request.shutdown()

    assert result.outcome is DeliveryOutcome.SENT
    assert [m.text for m in emu.bot_messages(LAN)] == ["Nhắc việc #12"]
    after = await send(bot)
    assert after.outcome is DeliveryOutcome.TRANSIENT
    assert "shut down" in after.detail


async def test_a_new_limiter_sends_nothing_in_its_first_second(emu: BotApiEmulator) -> None:
    """A restart takes less than a second, and the process before it may have used that
    second's allowance: the restarted bot's first message waits one period after start."""
    rules = FloodRules(scale=0.1)  # periods of 0.1 s
    limiter = FloodLimiter(rules)
    started = asyncio.get_running_loop().time()
    async with ExtBot(TOKEN, base_url=emu.api_base_url, rate_limiter=limiter) as bot:
        result = await send(bot)
        sent = asyncio.get_running_loop().time()

    assert result.outcome is DeliveryOutcome.SENT
    assert sent - started >= rules.overall_period * rules.scale


async def test_a_stop_during_the_first_second_drops_a_waiting_delivery_at_once(
    emu: BotApiEmulator,
) -> None:
    limiter = FloodLimiter(FloodRules(scale=1000.0))  # a first period of 1,000 s
    async with ExtBot(TOKEN, base_url=emu.api_base_url, rate_limiter=limiter) as bot:
        transport = TelegramTransport(bot)
        waiting = asyncio.ensure_future(transport.send(LAN, "Nhắc việc", None))
        while limiter._overall is None:  # noqa: ASYNC110 (it takes its slots, then waits)
            await asyncio.sleep(0)
        transport.stop()
        result = await asyncio.wait_for(waiting, 30)

    assert result.outcome is DeliveryOutcome.TRANSIENT
    assert not result.attempted
    assert emu.bot_messages(LAN) == []

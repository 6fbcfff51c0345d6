"""The Bot API emulator, driven over real HTTP by python-telegram-bot's own ``Bot``."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from botapi_emulator import BotApiEmulator, parse_html

TOKEN = "7000000001:AAH-test-token"
LAN, MINH = 1001, 1002
GROUP = -4001
# A 1x1 PNG, the smallest image sendPhoto accepts.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN) as emulator:
        emulator.add_user(LAN, "Lan", "lan_vpcp")
        emulator.add_user(MINH, "Minh")
        emulator.add_group(GROUP, "Tổ theo dõi kết luận", [LAN, MINH])
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emu.api_base_url, base_file_url=emu.file_base_url) as bot:
        yield bot


def _keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.title(), callback_data=d)] for d in data])


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.username, me.is_bot) == (7000000001, "hanchot_bot", True)


async def test_it_starts_on_a_free_port_and_reports_the_urls(emu: BotApiEmulator) -> None:
    assert emu.base_url.startswith("http://127.0.0.1:")
    assert not emu.base_url.endswith(":0")
    assert emu.api_base_url == emu.base_url + "/bot"
    assert emu.file_base_url == emu.base_url + "/file/bot"


async def test_it_sends_html_with_an_inline_keyboard_to_a_private_chat(
    bot: Bot, emu: BotApiEmulator
) -> None:
    sent = await bot.send_message(
        LAN,
        "<b>Hạn chót</b> 15/07 &amp; <i>còn 3 ngày</i>",
        parse_mode=ParseMode.HTML,
        reply_markup=_keyboard("done:1", "snooze:1"),
        disable_notification=True,
    )

    assert sent.text == "Hạn chót 15/07 & còn 3 ngày"
    assert sent.chat.type == "private"
    assert sent.chat.first_name == "Lan"
    assert sent.from_user is not None
    assert sent.from_user.username == "hanchot_bot"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 8),
        ("italic", 17, 10),
    ]
    assert sent.reply_markup == _keyboard("done:1", "snooze:1")
    [shown] = emu.messages(LAN)
    assert shown.message_id == sent.message_id
    assert shown.from_bot
    assert shown.html == "<b>Hạn chót</b> 15/07 &amp; <i>còn 3 ngày</i>"
    assert shown.text == sent.text
    assert [b["callback_data"] for b in shown.buttons] == ["done:1", "snooze:1"]
    assert shown.disable_notification


async def test_it_numbers_messages_per_chat_and_describes_groups(
    bot: Bot, emu: BotApiEmulator
) -> None:
    await emu.send_text(GROUP, LAN, "chào bot")
    to_group = await bot.send_message(GROUP, "Xin chào tổ")
    to_lan = await bot.send_message(LAN, "Xin chào Lan")

    assert to_group.chat.type == "group"
    assert to_group.chat.title == "Tổ theo dõi kết luận"
    assert (to_group.message_id, to_lan.message_id) == (2, 1)
    assert [(m.from_bot, m.text) for m in emu.messages(GROUP)] == [
        (False, "chào bot"),
        (True, "Xin chào tổ"),
    ]
    assert [m.text for m in emu.bot_messages(GROUP)] == ["Xin chào tổ"]


@pytest.mark.parametrize(
    ("html", "wording"),
    [
        ("<foo>x</foo>", 'unsupported start tag "foo" at byte offset 0'),
        ("tiến độ < 50%", 'unsupported start tag "" at byte offset 13'),
        ("<b>đậm", 'can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href=x", "unclosed start tag at byte offset 0"),
    ],
)
async def test_invalid_html_is_rejected_with_telegrams_wording(
    bot: Bot, emu: BotApiEmulator, html: str, wording: str
) -> None:
    with pytest.raises(BadRequest) as raised:
        await bot.send_message(LAN, html, parse_mode=ParseMode.HTML)

    assert raised.value.message.lower() == f"can't parse entities: {wording}"
    assert emu.messages(LAN) == []


async def test_the_text_limit_counts_characters_after_entity_parsing(bot: Bot) -> None:
    fits = "<b>" + "ư" * 4096 + "</b>"
    too_long = "a" * 4097

    assert len((await bot.send_message(LAN, fits, parse_mode=ParseMode.HTML)).text) == 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(LAN, too_long)


async def test_empty_text_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(LAN, "<b> </b>", parse_mode=ParseMode.HTML)


async def test_callback_data_over_64_bytes_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(LAN, "x", reply_markup=_keyboard("đ" * 33))


async def test_markdown_is_refused_rather_than_passed_unchecked(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Unsupported parse_mode"):
        await bot.send_message(LAN, "*x*", parse_mode=ParseMode.MARKDOWN_V2)


async def test_a_waiting_long_poll_returns_as_soon_as_a_user_writes(
    bot: Bot, emu: BotApiEmulator
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await emu.wait_for(lambda: emu.long_poll_waiting, timeout=5)

    await emu.send_text(GROUP, LAN, "/done@hanchot_bot 12")
    [update] = await asyncio.wait_for(poll, timeout=5)

    assert update.message is not None
    assert update.message.text == "/done@hanchot_bot 12"
    assert update.message.chat.id == GROUP
    assert update.message.from_user is not None
    assert update.message.from_user.id == LAN
    assert [(e.type, e.offset, e.length) for e in update.message.entities] == [
        ("bot_command", 0, 17)
    ]


async def test_a_long_poll_without_updates_returns_nothing_after_its_timeout(bot: Bot) -> None:
    assert await asyncio.wait_for(bot.get_updates(timeout=1), timeout=5) == ()


async def test_an_offset_confirms_and_drops_earlier_updates(bot: Bot, emu: BotApiEmulator) -> None:
    await emu.send_text(LAN, LAN, "/start")
    await emu.send_text(LAN, LAN, "/list")

    first = await bot.get_updates()
    again = await bot.get_updates()
    after = await bot.get_updates(offset=first[-1].update_id + 1)

    assert [u.message.text for u in first if u.message] == ["/start", "/list"]
    assert [u.update_id for u in again] == [u.update_id for u in first]
    assert after == ()
    assert emu.pending_updates == []


async def test_a_negative_offset_keeps_only_the_latest_updates(
    bot: Bot, emu: BotApiEmulator
) -> None:
    for text in ("một", "hai", "ba"):
        await emu.send_text(LAN, LAN, text)

    latest = await bot.get_updates(offset=-1)

    assert [u.message.text for u in latest if u.message] == ["ba"]
    assert len(emu.pending_updates) == 1


async def test_a_newer_get_updates_ends_a_waiting_one_with_conflict(
    bot: Bot, emu: BotApiEmulator
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await emu.wait_for(lambda: emu.long_poll_waiting, timeout=5)

    # A second process polling with the same token, as when two bot instances run.
    async with Bot(TOKEN, base_url=emu.api_base_url) as second_instance:
        second = await second_instance.get_updates(timeout=0)

    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, timeout=5)
    assert second == ()


async def test_stopping_the_emulator_ends_a_waiting_long_poll(
    bot: Bot, emu: BotApiEmulator
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await emu.wait_for(lambda: emu.long_poll_waiting, timeout=5)

    await asyncio.wait_for(emu.stop(), timeout=5)

    assert await asyncio.wait_for(poll, timeout=5) == ()


async def test_a_click_becomes_a_callback_query_and_its_answer_is_recorded(
    bot: Bot, emu: BotApiEmulator
) -> None:
    sent = await bot.send_message(GROUP, "Nhiệm vụ 12", reply_markup=_keyboard("done:12"))

    query_id = await emu.click(GROUP, MINH, sent.message_id, "done:12")
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    query = update.callback_query
    await query.answer("Đã ghi nhận", show_alert=True)

    assert query.id == query_id
    assert query.data == "done:12"
    assert query.from_user.id == MINH
    assert query.message is not None
    assert query.message.message_id == sent.message_id
    answer = await emu.wait_for_callback_answer(query_id, timeout=5)
    assert (answer.text, answer.show_alert) == ("Đã ghi nhận", True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer()


async def test_clicking_a_button_the_message_does_not_offer_is_a_test_error(
    bot: Bot, emu: BotApiEmulator
) -> None:
    sent = await bot.send_message(LAN, "x", reply_markup=_keyboard("done:1"))

    with pytest.raises(ValueError, match="no button"):
        await emu.click(LAN, LAN, sent.message_id, "done:2")


async def test_edit_message_text_replaces_what_the_chat_shows(
    bot: Bot, emu: BotApiEmulator
) -> None:
    sent = await bot.send_message(LAN, "Đang xử lý", reply_markup=_keyboard("done:1"))

    edited = await bot.edit_message_text(
        "<b>Đã xong</b>", chat_id=LAN, message_id=sent.message_id, parse_mode=ParseMode.HTML
    )

    assert not isinstance(edited, bool)
    assert edited.edit_date is not None
    [shown] = emu.messages(LAN)
    assert (shown.text, shown.html, shown.edited) == ("Đã xong", "<b>Đã xong</b>", True)
    assert shown.buttons == []  # like Telegram, an edit without reply_markup drops the keyboard
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>Đã xong</b>", chat_id=LAN, message_id=sent.message_id, parse_mode="HTML"
        )


async def test_edit_message_reply_markup_swaps_the_keyboard(bot: Bot, emu: BotApiEmulator) -> None:
    sent = await bot.send_message(LAN, "Chọn", reply_markup=_keyboard("a"))

    await bot.edit_message_reply_markup(LAN, sent.message_id, reply_markup=_keyboard("b"))

    [shown] = emu.messages(LAN)
    assert [b["callback_data"] for b in shown.buttons] == ["b"]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(LAN, sent.message_id, reply_markup=_keyboard("b"))
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_reply_markup(LAN, 999, reply_markup=None)


async def test_waiting_for_a_bot_message_wakes_on_a_send_and_on_an_edit(
    bot: Bot, emu: BotApiEmulator
) -> None:
    waiter = asyncio.create_task(emu.wait_for_bot_message(LAN, lambda m: "Nhắc" in m.text))
    sent = await bot.send_message(LAN, "Nhắc việc: báo cáo quý")
    assert (await asyncio.wait_for(waiter, timeout=5)).message_id == sent.message_id

    edit_waiter = asyncio.create_task(emu.wait_for_bot_message(LAN, timeout=5))
    await bot.edit_message_text("Đã hoàn thành", chat_id=LAN, message_id=sent.message_id)
    assert (await edit_waiter).text == "Đã hoàn thành"

    already_there = await emu.wait_for_bot_message(LAN, after_message_id=0, timeout=1)
    assert already_there.message_id == sent.message_id


async def test_waiting_since_a_mark_sees_a_message_sent_before_the_wait_began(
    bot: Bot, emu: BotApiEmulator
) -> None:
    await bot.send_message(LAN, "Nhắc việc: trước dấu mốc")
    mark = emu.mark()
    sent = await bot.send_message(LAN, "Nhắc việc: báo cáo quý")
    await bot.send_message(LAN, "Đã ghi nhận")

    seen = await emu.wait_for_bot_message(LAN, lambda m: "Nhắc" in m.text, since=mark, timeout=1)
    assert seen.message_id == sent.message_id
    # Without the mark the wait starts now: what came before it is not new.
    with pytest.raises(TimeoutError, match="no new matching bot message"):
        await emu.wait_for_bot_message(LAN, lambda m: "Nhắc" in m.text, timeout=0.05)
    # An edit after the mark counts as new; nothing after a later mark matches.
    later = emu.mark()
    await bot.edit_message_text("Nhắc việc: sửa lại", chat_id=LAN, message_id=sent.message_id)
    edited = await emu.wait_for_bot_message(LAN, lambda m: "sửa" in m.text, since=later)
    assert edited.message_id == sent.message_id
    with pytest.raises(TimeoutError):
        await emu.wait_for_bot_message(LAN, lambda m: "trước" in m.text, since=later, timeout=0.05)


async def test_waiting_for_a_bot_message_that_never_comes_times_out(
    emu: BotApiEmulator,
) -> None:
    with pytest.raises(TimeoutError, match="no new matching bot message"):
        await emu.wait_for_bot_message(LAN, timeout=0.05)


async def test_a_reply_points_at_the_message_it_answers(bot: Bot, emu: BotApiEmulator) -> None:
    asked = await emu.send_text(LAN, LAN, "Hạn của nhiệm vụ 3?")

    reply = await bot.send_message(
        LAN, "Ngày 20/07", reply_parameters=ReplyParameters(asked["message_id"])
    )

    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "Hạn của nhiệm vụ 3?"
    assert emu.bot_messages(LAN)[0].reply_to == asked["message_id"]
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(LAN, "x", reply_parameters=ReplyParameters(999))


async def test_a_document_a_user_sends_can_be_fetched_by_the_bot(
    bot: Bot, emu: BotApiEmulator
) -> None:
    content = "Kết luận số 123/TB-VPCP\n".encode()
    await emu.send_document(LAN, LAN, "thong-bao.txt", content, "text/plain", caption="mới")

    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.document is not None
    document = update.message.document
    file = await bot.get_file(document.file_id)
    downloaded = await file.download_as_bytearray()

    assert (document.file_name, document.mime_type) == ("thong-bao.txt", "text/plain")
    assert update.message.caption == "mới"
    assert file.file_size == len(content)
    assert bytes(downloaded) == content


async def test_documents_and_photos_the_bot_uploads_are_stored(
    bot: Bot, emu: BotApiEmulator
) -> None:
    sent = await bot.send_document(
        LAN,
        b"stt,nhiem_vu\n1,bao cao\n",
        filename="bao-cao.csv",
        caption="<b>Báo cáo</b> tuần",
        parse_mode=ParseMode.HTML,
    )
    photo = await bot.send_photo(GROUP, PNG, caption="ảnh")

    assert sent.document is not None
    assert sent.document.file_name == "bao-cao.csv"
    assert sent.caption == "Báo cáo tuần"
    [shown] = emu.bot_messages(LAN)
    assert (shown.kind, shown.document_name, shown.text) == (
        "document",
        "bao-cao.csv",
        "Báo cáo tuần",
    )
    assert emu.file(sent.document.file_id).data == b"stt,nhiem_vu\n1,bao cao\n"
    assert [(p.width, p.height) for p in photo.photo] == [(1, 1)]
    resent = await bot.send_document(MINH, sent.document.file_id)
    assert resent.document is not None
    assert bytes(await (await resent.document.get_file()).download_as_bytearray()) == (
        b"stt,nhiem_vu\n1,bao cao\n"
    )


async def test_a_photo_that_is_not_an_image_is_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(LAN, b"not an image")


async def test_commands_are_stored_per_scope(bot: Bot, emu: BotApiEmulator) -> None:
    default = [BotCommand("start", "Bắt đầu"), BotCommand("list", "Nhiệm vụ của tôi")]
    in_group = [BotCommand("report", "Báo cáo tổ")]

    await bot.set_my_commands(default)
    await bot.set_my_commands(in_group, scope=BotCommandScopeChat(GROUP))
    await bot.set_my_commands(default[:1], scope=BotCommandScopeAllPrivateChats())

    assert await bot.get_my_commands() == tuple(default)
    assert await bot.get_my_commands(scope=BotCommandScopeChat(GROUP)) == tuple(in_group)
    assert emu.commands() == [c.to_dict() for c in default]
    assert emu.commands({"type": "all_private_chats"}) == [default[0].to_dict()]
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad Command", "x")])


async def test_chat_actions_get_chat_log_out_and_close_answer_like_telegram(bot: Bot) -> None:
    assert await bot.send_chat_action(LAN, "typing")
    chat = await bot.get_chat(GROUP)
    assert (chat.id, chat.type, chat.title) == (GROUP, "group", "Tổ theo dõi kết luận")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.log_out()
    assert await bot.close()


async def test_every_call_is_recorded_with_decoded_parameters(
    bot: Bot, emu: BotApiEmulator
) -> None:
    await bot.send_message(LAN, "x", reply_markup=_keyboard("a"), disable_notification=True)

    [call] = [c for c in emu.calls if c.method == "sendMessage"]

    assert call.params["chat_id"] == LAN
    assert call.params["disable_notification"] is True
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "A", "callback_data": "a"}]]
    }
    assert [c.method for c in emu.calls] == ["getMe", "sendMessage"]


async def test_json_bodies_are_accepted_like_form_bodies(emu: BotApiEmulator) -> None:
    async with httpx.AsyncClient(base_url=f"{emu.api_base_url}{TOKEN}") as client:
        answer = await client.post(
            "/sendMessage",
            json={
                "chat_id": LAN,
                "text": "<i>json</i>",
                "parse_mode": "HTML",
                "reply_markup": {"inline_keyboard": [[{"text": "Ok", "callback_data": "ok"}]]},
            },
        )

    assert answer.status_code == 200
    result = answer.json()["result"]
    assert result["text"] == "json"
    assert result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok"


async def test_unknown_methods_and_wrong_tokens_answer_like_telegram(
    emu: BotApiEmulator,
) -> None:
    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{emu.api_base_url}{TOKEN}/sendTelepathy")
        wrong_token = await client.get(f"{emu.api_base_url}123:wrong/getMe")

    assert unknown.status_code == 404
    assert unknown.json() == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found: method not found",
    }
    assert wrong_token.status_code == 401
    assert wrong_token.json()["description"] == "Unauthorized"


async def test_a_wrong_token_surfaces_as_invalid_token(emu: BotApiEmulator) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("123:wrong", base_url=emu.api_base_url) as stranger:
            await stranger.get_me()


async def test_an_injected_flood_limit_surfaces_as_retry_after(
    bot: Bot, emu: BotApiEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # read retry_after without PTB's deprecation
    emu.fail_next(
        "sendMessage",
        GROUP,
        error_code=429,
        description="Too Many Requests: retry after 5",
        retry_after=5,
    )

    await bot.send_message(LAN, "another chat is not affected")
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(GROUP, "x")

    assert raised.value.retry_after == dtm.timedelta(seconds=5)
    assert (await bot.send_message(GROUP, "the failure was used up")).text


async def test_an_injected_failure_can_repeat(bot: Bot, emu: BotApiEmulator) -> None:
    emu.fail_next("sendmessage", error_code=502, description="Bad Gateway", times=2)

    for _ in range(2):
        with pytest.raises(Exception, match="Bad Gateway"):
            await bot.send_message(LAN, "x")

    assert (await bot.send_message(LAN, "x")).text == "x"


async def test_a_user_who_blocked_the_bot_is_forbidden(bot: Bot, emu: BotApiEmulator) -> None:
    emu.block(LAN)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(LAN, "x")
    emu.unblock(LAN)
    assert (await bot.send_message(LAN, "x")).text == "x"


async def test_deleted_and_unknown_chats_are_not_found(bot: Bot, emu: BotApiEmulator) -> None:
    emu.delete_chat(MINH)

    for chat_id in (MINH, 424242):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(chat_id, "x")


async def test_a_bot_kicked_from_a_group_is_forbidden(bot: Bot, emu: BotApiEmulator) -> None:
    emu.kick_bot(GROUP)

    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(GROUP, "x")


async def test_a_group_upgraded_to_a_supergroup_reports_its_new_id(
    bot: Bot, emu: BotApiEmulator
) -> None:
    new_id = -1001234567890
    emu.migrate(GROUP, new_id)

    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(GROUP, "x")
    moved = await bot.send_message(new_id, "x")
    updates = await bot.get_updates()

    assert raised.value.new_chat_id == new_id
    assert moved.chat.type == "supergroup"
    assert [
        (u.message.migrate_to_chat_id, u.message.migrate_from_chat_id) for u in updates if u.message
    ] == [
        (new_id, None),
        (None, GROUP),
    ]


def test_html_entities_use_utf16_offsets_and_decode_text() -> None:
    parsed = parse_html(
        '😀 <a href="https://vpcp.gov.vn/?a=1&amp;b=2">Cổng</a> '
        '<pre><code class="language-python">x &lt; 1</code></pre> '
        "<blockquote expandable>trích</blockquote> &#7841; AT&T"
    )

    assert parsed.text == "😀 Cổng x < 1 trích ạ AT&T"
    assert parsed.entities == (
        {"type": "text_link", "offset": 3, "length": 4, "url": "https://vpcp.gov.vn/?a=1&b=2"},
        {"type": "pre", "offset": 8, "length": 5, "language": "python"},
        {"type": "expandable_blockquote", "offset": 14, "length": 5},
    )


async def test_waiting_for_a_call_sees_only_calls_made_after_it_started(
    bot: Bot, emu: BotApiEmulator
) -> None:
    await bot.send_chat_action(LAN, "typing")
    waiter = asyncio.create_task(
        emu.wait_for_call("sendChatAction", lambda p: p["chat_id"] == GROUP, timeout=5)
    )
    await bot.send_chat_action(LAN, "typing")
    await bot.send_chat_action(GROUP, "upload_document")

    call = await waiter

    assert call.params == {"chat_id": GROUP, "action": "upload_document"}


async def test_a_polling_ptb_application_answers_commands_and_clicks(
    emu: BotApiEmulator,
) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(
            update.effective_chat.id,
            "Chào <b>bạn</b>",
            parse_mode="HTML",
            reply_markup=_keyboard("ok"),
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Đã nhận")
        await update.callback_query.edit_message_text("Đã xác nhận")

    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(emu.api_base_url)
        .base_file_url(emu.file_base_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        try:
            await emu.send_text(LAN, LAN, "/start")
            greeting = await emu.wait_for_bot_message(LAN, timeout=5)
            query_id = await emu.click(LAN, LAN, greeting.message_id, "ok")
            edited = await emu.wait_for_bot_message(LAN, lambda m: m.edited, timeout=5)
        finally:
            await app.updater.stop()
            await app.stop()

    assert greeting.text == "Chào bạn"
    assert edited.text == "Đã xác nhận"
    assert (await emu.wait_for_callback_answer(query_id, timeout=1)).text == "Đã nhận"

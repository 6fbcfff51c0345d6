"""The emulator's users send photos, stickers, voice and the other media in the Bot API's
shapes: python-telegram-bot's own ``Bot`` reads them over real HTTP and downloads their files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot, Message, Update
from telegram.ext import filters

from botapi_emulator import BotApiEmulator

TOKEN = "7000000001:AAH-test-token"
LAN, MINH = 1001, 1002
GROUP = -4001


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


async def _only_message(bot: Bot) -> Message:
    updates = await bot.get_updates()
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None
    await bot.get_updates(offset=updates[0].update_id + 1)
    return message


def _seconds(duration: int | timedelta) -> float:
    return duration.total_seconds() if isinstance(duration, timedelta) else duration


async def _download(bot: Bot, file_id: str) -> bytes:
    file = await bot.get_file(file_id)
    return bytes(await file.download_as_bytearray())


async def test_a_photo_is_an_array_of_sizes_smallest_first_each_downloadable(
    bot: Bot, emu: BotApiEmulator
) -> None:
    sent = await emu.send_photo(LAN, LAN, width=1600, height=1200, caption="Biên bản họp")
    message = await _only_message(bot)

    sizes = [(p.width, p.height) for p in message.photo]
    assert sizes == [(90, 68), (320, 240), (800, 600), (1600, 1200)]
    assert len({p.file_id for p in message.photo}) == 4
    assert message.caption == "Biên bản họp"
    assert message.text is None
    assert message.document is None
    assert message.sticker is None
    assert [p["width"] for p in sent["photo"]] == [90, 320, 800, 1600]
    largest = await _download(bot, message.photo[-1].file_id)
    assert len(largest) == message.photo[-1].file_size
    assert emu.messages(LAN)[-1].kind == "photo"


async def test_a_small_photo_has_only_the_sizes_smaller_than_itself(
    bot: Bot, emu: BotApiEmulator
) -> None:
    await emu.send_photo(LAN, LAN, width=200, height=400)
    message = await _only_message(bot)
    assert [(p.width, p.height) for p in message.photo] == [(45, 90), (160, 320), (200, 400)]
    assert message.caption is None


async def test_a_sticker_a_voice_a_video_and_an_audio_file_have_their_objects(
    bot: Bot, emu: BotApiEmulator
) -> None:
    await emu.send_sticker(LAN, LAN, emoji="🙏")
    sticker = (await _only_message(bot)).sticker
    assert sticker is not None
    assert (sticker.emoji, sticker.type, sticker.is_animated, sticker.is_video) == (
        "🙏",
        "regular",
        False,
        False,
    )
    assert sticker.thumbnail is not None
    assert sticker.thumbnail.width == 128
    assert await _download(bot, sticker.file_id)

    await emu.send_voice(LAN, LAN, duration=7)
    voice = (await _only_message(bot)).voice
    assert voice is not None
    assert (_seconds(voice.duration), voice.mime_type) == (7, "audio/ogg")
    path = (await bot.get_file(voice.file_id)).file_path
    assert path is not None
    assert path.endswith(".oga")

    await emu.send_video(LAN, LAN, width=1920, height=1080, duration=30, caption="hiện trường")
    video_message = await _only_message(bot)
    video = video_message.video
    assert video is not None
    assert (video.width, video.height, _seconds(video.duration)) == (1920, 1080, 30)
    assert video.thumbnail is not None
    assert video.thumbnail.width == 320
    assert video_message.caption == "hiện trường"

    await emu.send_audio(LAN, LAN, file_name="hop-giao-ban.mp3", title="Họp giao ban")
    audio = (await _only_message(bot)).audio
    assert audio is not None
    assert (audio.file_name, audio.title, audio.mime_type) == (
        "hop-giao-ban.mp3",
        "Họp giao ban",
        "audio/mpeg",
    )


async def test_an_animation_also_carries_its_file_as_a_document_as_telegram_does(
    bot: Bot, emu: BotApiEmulator
) -> None:
    await emu.send_animation(LAN, LAN)
    message = await _only_message(bot)
    assert message.animation is not None
    assert message.document is not None
    assert message.animation.file_id == message.document.file_id
    assert message.document.mime_type == "video/mp4"
    assert filters.ANIMATION.check_update(Update(update_id=1, message=message))
    assert filters.Document.ALL.check_update(Update(update_id=1, message=message))


async def test_a_round_video_a_location_and_a_contact(bot: Bot, emu: BotApiEmulator) -> None:
    await emu.send_video_note(LAN, LAN, length=320, duration=9)
    note = (await _only_message(bot)).video_note
    assert note is not None
    assert (note.length, _seconds(note.duration)) == (320, 9)

    await emu.send_location(LAN, LAN, 21.0285, 105.8542)
    location = (await _only_message(bot)).location
    assert location is not None
    assert (location.latitude, location.longitude) == (21.0285, 105.8542)

    await emu.send_contact(MINH, MINH, "+84912345678", "Hà", last_name="Nguyễn", contact_user_id=55)
    contact = (await _only_message(bot)).contact
    assert contact is not None
    assert (contact.phone_number, contact.first_name, contact.last_name, contact.user_id) == (
        "+84912345678",
        "Hà",
        "Nguyễn",
        55,
    )


async def test_media_in_a_group_reply_to_a_message_and_mention_in_captions(
    bot: Bot, emu: BotApiEmulator
) -> None:
    sent = await bot.send_message(GROUP, "Đề nghị gửi báo cáo")
    await emu.send_photo(GROUP, MINH, caption="@hanchot_bot ảnh báo cáo", reply_to=sent.message_id)
    message = await _only_message(bot)
    assert message.chat.type == "group"
    assert message.from_user is not None
    assert message.from_user.id == MINH
    assert message.reply_to_message is not None
    assert message.reply_to_message.message_id == sent.message_id
    assert [e.type for e in message.caption_entities] == ["mention"]


async def test_media_a_client_would_not_send_are_test_errors(emu: BotApiEmulator) -> None:
    with pytest.raises(ValueError, match="positive"):
        await emu.send_photo(LAN, LAN, width=0)
    with pytest.raises(ValueError, match="latitude"):
        await emu.send_location(LAN, LAN, 91, 0)
    with pytest.raises(ValueError, match="not both"):
        await emu.send_sticker(LAN, LAN, animated=True, video=True)
    with pytest.raises(ValueError, match="captions"):
        await emu.send_voice(LAN, LAN, caption="x" * 1025)
    emu.add_user(1003, "Hoa")
    with pytest.raises(ValueError, match="not a member"):
        await emu.send_sticker(GROUP, 1003)
    assert emu.pending_updates == []

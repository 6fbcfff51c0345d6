"""Run the Bot API emulator on its own, for trying the bot by hand.

    python -m botapi_emulator --port 8081 --token T --user 1001:Lan:lan_vpcp

prints the base URL to give the bot, then echoes every bot message. Lines typed on
stdin act as users:

    1001 /start                 user 1001 writes in their private chat
    1001@-5001 /done            user 1001 writes in group -5001 (see --group)
    click 1001 7 done:42        user 1001 presses button "done:42" of message 7 in their chat
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from botapi_emulator.server import BotApiEmulator, SentMessage


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m botapi_emulator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", required=True, help="the only token the server accepts")
    parser.add_argument("--bot-username", default="hanchot_bot")
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="ID:NAME[:USERNAME]",
        help="create a user and their private chat (repeatable)",
    )
    parser.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="ID:TITLE:MEMBER,MEMBER",
        help="create a group with the given member ids (repeatable)",
    )
    return parser.parse_args(argv)


def _print_message(message: SentMessage) -> None:
    mark = "edited" if message.edited else "new"
    buttons = [b.get("callback_data") or b.get("url") for b in message.buttons]
    print(f"[chat {message.chat_id} #{message.message_id} {mark}] {message.text}", flush=True)
    if buttons:
        print(f"    buttons: {buttons}", flush=True)


async def _act(emulator: BotApiEmulator, line: str) -> None:
    words = line.split(maxsplit=1)
    if not words:
        return
    if words[0] == "click":
        user_id, message_id, data = line.split(maxsplit=3)[1:]
        await emulator.click(int(user_id), int(user_id), int(message_id), data)
        return
    sender, _, text = line.partition(" ")
    user, _, chat = sender.partition("@")
    await emulator.send_text(int(chat or user), int(user), text)


async def _serve(args: argparse.Namespace) -> None:
    emulator = BotApiEmulator(args.token, bot_username=args.bot_username)
    for spec in args.user:
        user_id, name, *username = spec.split(":")
        emulator.add_user(int(user_id), name, username[0] if username else None)
    for spec in args.group:
        chat_id, title, members = spec.split(":")
        emulator.add_group(int(chat_id), title, [int(m) for m in members.split(",") if m])
    emulator.on_bot_message(_print_message)
    base_url = await emulator.start(args.host, args.port)
    print(base_url, flush=True)
    loop = asyncio.get_running_loop()
    try:
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            try:
                await _act(emulator, line.strip())
            except ValueError as error:
                print(f"error: {error}", file=sys.stderr, flush=True)
        await asyncio.Event().wait()  # stdin closed: keep serving until interrupted
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(_parse_args(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    main()

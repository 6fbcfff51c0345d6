"""A local Telegram Bot API server: the bot's tests and offline demo talk real HTTP to it.

The package, along its seams: ``objects`` (users, chats, messages, files, errors), ``params``
(reading and validating a call's parameters), ``world`` (the simulated world, its look-ups and
update queue), ``records`` (files and messages as the API returns them), ``state`` (what a
call targets), ``methods`` (one coroutine per Bot API method), ``control`` (what tests drive
it with: ``acting`` simulated users, ``inspection`` and waits, ``trouble`` failure
injection), ``server`` (``BotApiEmulator``: lifecycle and HTTP), ``html`` (HTML parse mode),
``faults`` (scheduled faults, flood control).
"""

from botapi_emulator.faults import Fault, FloodControl, FloodLimits
from botapi_emulator.html import EntityParseError, FormattedText, parse_html
from botapi_emulator.server import (
    ApiCall,
    BotApiEmulator,
    CallbackAnswer,
    SentMessage,
    SimChat,
    SimUser,
    StoredFile,
)

__all__ = [
    "ApiCall",
    "BotApiEmulator",
    "CallbackAnswer",
    "EntityParseError",
    "Fault",
    "FloodControl",
    "FloodLimits",
    "FormattedText",
    "SentMessage",
    "SimChat",
    "SimUser",
    "StoredFile",
    "parse_html",
]

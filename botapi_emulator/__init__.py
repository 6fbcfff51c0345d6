"""A local Telegram Bot API server: the bot's tests and offline demo talk real HTTP to it."""

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

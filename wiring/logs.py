"""The bot's log: to stderr, the token removed from every line and every traceback."""

from __future__ import annotations

import logging

from chat.redaction import RedactingFormatter, register_secret
from settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Removes the bot token from every log record (httpx logs full URLs)."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "<token>")
            record.msg, record.args = message, None
        return True


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    """Log to stderr with the token removed from every line and every traceback."""
    register_secret(settings.token)
    logging.basicConfig(level=level, format=LOG_FORMAT)
    # httpx logs every request URL, token included, at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    redact = RedactSecrets(settings.token or "")
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
        # The filter only sees the message; a traceback (exc_info) is formatted later.
        handler.setFormatter(RedactingFormatter(LOG_FORMAT))

"""Configuration: read once from the environment (and an optional ``.env`` file), typed,
validated with the variable's name in every error, then passed explicitly."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import ConfigError
from domain.status import AdminNotify
from storage.local_agency_files import DEFAULT_LOCAL_AGENCIES
from tracking.wording import DEFAULT_OFFICE_NAME

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/hanchot.sqlite3"
DEFAULT_API_BASE_URL = "https://api.telegram.org"
DEFAULT_WEBHOOK_PORT = 8443
_TOKEN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{20,}$")

#: Every variable the product reads, with its meaning, for ``--help`` and the README.
VARIABLES: dict[str, str] = {
    "TELEGRAM_BOT_TOKEN": "token from @BotFather (required to run the bot)",
    "TELEGRAM_API_BASE_URL": f"Bot API server, e.g. a self-hosted one (default {DEFAULT_API_BASE_URL})",
    "DATABASE_URL": f"SQLAlchemy async URL (default {DEFAULT_DATABASE_URL})",
    "ADMIN_IDS": "comma-separated Telegram user ids of the admins (required to run the bot)",
    "TIMEZONE": "timezone reminders are planned in (default Asia/Ho_Chi_Minh)",
    "SEND_TIME": "local time reminders go out, HH:MM (default 08:30)",
    "LAST_SEND_TIME": "no reminder is sent after this local time, HH:MM (default 20:00)",
    "REMINDER_OFFSETS": "days before the due date to remind, comma-separated (default 30,14,7,3,1)",
    "CHASE_EVERY_DAYS": "days between chases of an overdue task (default 7)",
    "FOLLOWUP_EVERY_DAYS": "days between progress requests for undated tasks and check-ins "
    "for standing duties (default 30)",
    "ESCALATE_AFTER": "unanswered chases after which a task is escalated to the office's digest "
    "and the agency's leadership chat (default 3)",
    "SWEEP_SECONDS": "seconds between safety sweeps of the reminder plan (default 60)",
    "INVITE_DAYS": "days an invitation link stays valid (default 7)",
    "UNDO_MINUTES": "minutes a focal point can withdraw their own report with ↩️ Hoàn tác (default 10)",
    "DIGEST_DAY": "day of the weekly digest to admins and leadership: mon…sun, or off (default mon)",
    "DIGEST_TIME": "local time of the weekly digest, HH:MM (default SEND_TIME)",
    "LEADERSHIP_CHAT_IDS": "comma-separated chat ids that also get the weekly digest (default none)",
    "ADMIN_NOTIFY": "digest: the admins get one message a working day at ADMIN_DIGEST_TIME with "
    "the day's reports, progress notes and unreachable chats (extension proposals "
    "and completions to confirm still come at once); instant: every notice at once "
    "(default digest)",
    "ADMIN_DIGEST_TIME": "local time of the admins' daily digest on working days, HH:MM "
    "(default 16:30; DIGEST_TIME is the weekly digest's)",
    "CONFIRM_DONE": "true: a reported completion awaits the office's confirmation (default false)",
    "LOCAL_AGENCIES_FILE": "TOML file of the deployment's own agencies, added with /coquan "
    "(default seeds/local_agencies.toml)",
    "OFFICE_NAME": "the monitoring office's name as the bot says it to focal points "
    "(default Văn phòng theo dõi)",
    "HEALTH_PORT": "serve GET /healthz on [host:]port (host 127.0.0.1 unless given, 0 a free port; default off)",
    "WEBHOOK_URL": "public https URL Telegram posts updates to (webhook mode; default off: polling)",
    "WEBHOOK_SECRET": "secret Telegram sends in every webhook request, 1-256 of A-Z a-z 0-9 _ - "
    "(required with WEBHOOK_URL)",
    "WEBHOOK_LISTEN": "[host:]port the webhook server listens on behind the proxy "
    f"(host 127.0.0.1 unless given; default {DEFAULT_WEBHOOK_PORT})",
}


@dataclass(frozen=True, kw_only=True)
class Webhook:
    """Webhook mode: Telegram posts each update to ``url``; the server listens on
    ``listen``:``port`` at ``path`` (the URL's path) and refuses a request without ``secret``."""

    url: str
    secret: str
    listen: str
    port: int

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"

    def __repr__(self) -> str:
        return f"Webhook(url={self.url!r}, listen={self.listen!r}, port={self.port})"


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The validated configuration."""

    token: str | None
    api_base_url: str
    database_url: str
    admin_ids: frozenset[int]
    timezone: ZoneInfo
    send_time: time
    last_send_time: time
    offsets_days: tuple[int, ...]
    chase_every_days: int
    sweep_seconds: int
    invite_days: int
    undo_minutes: int = 10
    followup_every_days: int = 30
    """Days between progress requests (undated tasks) and check-ins (standing duties)."""
    confirm_done: bool = False
    local_agencies_file: Path = DEFAULT_LOCAL_AGENCIES
    digest_weekday: int | None = 0
    """The weekly digest's day (0 = Monday); None when it is off."""
    digest_time: time | None = None
    """Its local time; None means the send time."""
    leadership_chat_ids: frozenset[int] = frozenset()
    admin_notify: AdminNotify = AdminNotify.DIGEST
    """``ADMIN_NOTIFY``: the office's daily digest, or every notice at once."""
    admin_digest_time: time = time(16, 30)
    """``ADMIN_DIGEST_TIME``: the daily digest's local time on working days."""
    health_address: tuple[str, int] | None = None
    """Where ``GET /healthz`` is served (``HEALTH_PORT``); None: not served."""
    webhook: Webhook | None = None
    """Webhook mode (``WEBHOOK_URL``); None: the bot polls getUpdates."""
    office_name: str = DEFAULT_OFFICE_NAME
    """How the bot names the office it speaks for ("Vụ Tổng hợp – VPCP")."""
    escalate_after: int = 3
    """``ESCALATE_AFTER``: unanswered chases after which an obligation is escalated."""

    def __repr__(self) -> str:
        # Never let the token reach a log line through a repr.
        return f"Settings(api_base_url={self.api_base_url!r}, database_url={self.database_url!r}, admins={sorted(self.admin_ids)})"


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines; ``#`` comments, blank lines and surrounding quotes allowed."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}", "expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def _time(env: Mapping[str, str], name: str, default: str) -> time:
    raw = env.get(name, "").strip() or default
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ConfigError(name, f"expected a time HH:MM, got {raw!r}")
    return time(int(match[1]), int(match[2]))


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(name, f"must be between {low} and {high}, got {value}")
    return value


_WEEKDAYS = {
    **{name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{f"thu{n + 2}": n for n in range(6)},
    "cn": 6,
}


def digest_settings(env: Mapping[str, str]) -> tuple[int | None, time | None, frozenset[int]]:
    """``DIGEST_DAY`` (mon…sun, thu2…thu7, cn, or off), ``DIGEST_TIME``, ``LEADERSHIP_CHAT_IDS``."""
    raw_day = env.get("DIGEST_DAY", "").strip().lower() or "mon"
    if raw_day not in {*_WEEKDAYS, "off"}:
        raise ConfigError("DIGEST_DAY", f"expected mon…sun or off, got {raw_day!r}")
    day = None if raw_day == "off" else _WEEKDAYS[raw_day]
    at = _time(env, "DIGEST_TIME", env.get("SEND_TIME", "").strip() or "08:30")
    chats: set[int] = set()
    raw_chats = env.get("LEADERSHIP_CHAT_IDS", "").strip()
    for part in filter(None, (p.strip() for p in raw_chats.split(","))):
        if not re.fullmatch(r"-?\d+", part):
            raise ConfigError("LEADERSHIP_CHAT_IDS", f"expected chat ids (numbers), got {part!r}")
        chats.add(int(part))
    return day, at, frozenset(chats)


def load_settings(env: Mapping[str, str], *, require_bot: bool) -> Settings:
    """Validate ``env``. With ``require_bot``, the token and the admin list must be present."""
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
    if require_bot and token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "missing: get one from @BotFather")
    if token is not None and not _TOKEN.match(token):
        # The value itself is a secret: never echo it.
        raise ConfigError("TELEGRAM_BOT_TOKEN", "does not look like a bot token (digits:letters)")

    api_base_url = (env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL).rstrip(
        "/"
    )
    if not re.match(r"^https?://[^/\s]+", api_base_url):
        raise ConfigError("TELEGRAM_API_BASE_URL", f"expected an http(s) URL, got {api_base_url!r}")
    if api_base_url.endswith("/bot"):
        api_base_url = api_base_url[: -len("/bot")]

    database_url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    if "://" not in database_url:
        raise ConfigError("DATABASE_URL", f"expected a SQLAlchemy URL, got {database_url!r}")
    if database_url.startswith("sqlite://") or database_url.startswith("sqlite:///"):
        database_url = "sqlite+aiosqlite://" + database_url[len("sqlite://") :]
    elif database_url.startswith("postgresql://") or database_url.startswith("postgres://"):
        database_url = "postgresql+asyncpg://" + database_url.split("://", 1)[1]

    raw_admins = env.get("ADMIN_IDS", "").strip()
    admin_ids: set[int] = set()
    for part in filter(None, (p.strip() for p in raw_admins.split(","))):
        # ASCII digits only (int() would take "１２" or "١٢"); a user id is positive and
        # fits the 64-bit columns it is stored in (groups, which are negative, cannot be admins).
        if not re.fullmatch(r"[0-9]{1,19}", part) or not 0 < int(part) < 2**63:
            raise ConfigError(
                "ADMIN_IDS", f"expected positive Telegram user ids (digits 0-9), got {part!r}"
            )
        admin_ids.add(int(part))
    if require_bot and not admin_ids:
        raise ConfigError("ADMIN_IDS", "missing: list at least one admin's Telegram user id")

    tz_name = env.get("TIMEZONE", "").strip() or "Asia/Ho_Chi_Minh"
    try:
        timezone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError("TIMEZONE", f"unknown timezone {tz_name!r}") from None

    send_time = _time(env, "SEND_TIME", "08:30")
    last_send_time = _time(env, "LAST_SEND_TIME", "20:00")
    if last_send_time <= send_time:
        raise ConfigError("LAST_SEND_TIME", "must be later than SEND_TIME")

    raw_offsets = env.get("REMINDER_OFFSETS", "").strip() or "30,14,7,3,1"
    try:
        offsets = tuple(sorted({int(p) for p in raw_offsets.split(",") if p.strip()}, reverse=True))
    except ValueError:
        raise ConfigError(
            "REMINDER_OFFSETS", f"expected whole numbers of days, got {raw_offsets!r}"
        ) from None
    if not offsets or any(not 1 <= o <= 365 for o in offsets):
        raise ConfigError(
            "REMINDER_OFFSETS", f"each offset must be 1..365 days, got {raw_offsets!r}"
        )

    raw_confirm = env.get("CONFIRM_DONE", "").strip().lower() or "false"
    if raw_confirm not in {"true", "false", "1", "0", "yes", "no"}:
        raise ConfigError("CONFIRM_DONE", f"expected true or false, got {raw_confirm!r}")

    digest = digest_settings(env)

    raw_notify = env.get("ADMIN_NOTIFY", "").strip().lower() or AdminNotify.DIGEST.value
    if raw_notify not in {n.value for n in AdminNotify}:
        raise ConfigError("ADMIN_NOTIFY", f"expected digest or instant, got {raw_notify!r}")

    return Settings(
        digest_weekday=digest[0],
        digest_time=digest[1],
        leadership_chat_ids=digest[2],
        admin_notify=AdminNotify(raw_notify),
        admin_digest_time=_time(env, "ADMIN_DIGEST_TIME", "16:30"),
        undo_minutes=_int(env, "UNDO_MINUTES", 10, 0, 24 * 60),
        followup_every_days=_int(env, "FOLLOWUP_EVERY_DAYS", 30, 1, 365),
        confirm_done=raw_confirm in {"true", "1", "yes"},
        token=token,
        api_base_url=api_base_url,
        database_url=database_url,
        admin_ids=frozenset(admin_ids),
        timezone=timezone,
        send_time=send_time,
        last_send_time=last_send_time,
        offsets_days=offsets,
        chase_every_days=_int(env, "CHASE_EVERY_DAYS", 7, 1, 60),
        escalate_after=_int(env, "ESCALATE_AFTER", 3, 1, 52),
        sweep_seconds=_int(env, "SWEEP_SECONDS", 60, 5, 3600),
        invite_days=_int(env, "INVITE_DAYS", 7, 1, 90),
        local_agencies_file=Path(
            env.get("LOCAL_AGENCIES_FILE", "").strip() or DEFAULT_LOCAL_AGENCIES
        ),
        health_address=_health_address(env),
        webhook=_webhook(env),
        office_name=_office_name(env),
    )


_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _webhook(env: Mapping[str, str]) -> Webhook | None:
    url = env.get("WEBHOOK_URL", "").strip()
    secret = env.get("WEBHOOK_SECRET", "").strip()
    listen = env.get("WEBHOOK_LISTEN", "").strip()
    if not url:
        if secret or listen:
            name = "WEBHOOK_SECRET" if secret else "WEBHOOK_LISTEN"
            raise ConfigError(name, "set WEBHOOK_URL too (webhook mode), or remove it (polling)")
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError("WEBHOOK_URL", f"expected an https:// URL, got {url!r}")
    if not secret:
        raise ConfigError(
            "WEBHOOK_SECRET", "missing: webhook mode refuses requests without the secret"
        )
    if not _SECRET.fullmatch(secret):
        raise ConfigError("WEBHOOK_SECRET", "expected 1-256 characters of A-Z a-z 0-9 _ -")
    host, _, port = listen.rpartition(":")
    port = port or str(DEFAULT_WEBHOOK_PORT)
    if not port.isdigit() or not 0 < int(port) <= 65535:
        raise ConfigError(
            "WEBHOOK_LISTEN", f"expected a port 1..65535 or host:port, got {listen!r}"
        )
    return Webhook(url=url, secret=secret, listen=host or "127.0.0.1", port=int(port))


def _office_name(env: Mapping[str, str]) -> str:
    name = " ".join(env.get("OFFICE_NAME", "").split()) or DEFAULT_OFFICE_NAME
    if len(name) > 80:
        raise ConfigError("OFFICE_NAME", f"at most 80 characters, got {len(name)}")
    return name


def _health_address(env: Mapping[str, str]) -> tuple[str, int] | None:
    raw = env.get("HEALTH_PORT", "").strip()
    if not raw:
        return None
    host, _, port = raw.rpartition(":")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ConfigError("HEALTH_PORT", f"expected a port 0..65535 or host:port, got {raw!r}")
    return (host or "127.0.0.1", int(port))

"""Configuration: every bad value stops the bot with the variable's name; secrets stay out."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from domain.errors import ConfigError
from domain.status import AdminNotify
from settings import load_settings, read_env_file

TOKEN = "123456789:AAAAbbbbCCCCddddEEEEffffGGGG"
GOOD = {"TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": "1001, 1002"}


def test_it_reads_defaults_when_only_the_required_values_are_given() -> None:
    settings = load_settings(GOOD, require_bot=True)
    assert settings.admin_ids == {1001, 1002}
    assert settings.send_time == time(8, 30)
    assert settings.offsets_days == (30, 14, 7, 3, 1)
    assert settings.api_base_url == "https://api.telegram.org"
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert str(settings.timezone) == "Asia/Ho_Chi_Minh"


def test_it_accepts_a_self_hosted_bot_api_server_with_or_without_the_bot_suffix() -> None:
    for url in ("http://127.0.0.1:8081", "http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot"):
        settings = load_settings({**GOOD, "TELEGRAM_API_BASE_URL": url}, require_bot=True)
        assert settings.api_base_url == "http://127.0.0.1:8081"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", ""),
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("ADMIN_IDS", ""),
        ("ADMIN_IDS", "1001,abc"),
        ("ADMIN_IDS", "0"),
        ("ADMIN_IDS", "-1"),
        ("ADMIN_IDS", "-1001234567890"),
        ("ADMIN_IDS", "１００１"),
        ("ADMIN_IDS", "١٠٠١"),
        ("ADMIN_IDS", str(2**63)),
        ("ADMIN_IDS", "1" * 25),
        ("TELEGRAM_API_BASE_URL", "localhost:8081"),
        ("DATABASE_URL", "bot.sqlite3"),
        ("TIMEZONE", "Mars/Olympus"),
        ("SEND_TIME", "25:00"),
        ("SEND_TIME", "8h30"),
        ("LAST_SEND_TIME", "07:00"),
        ("REMINDER_OFFSETS", "30,x"),
        ("REMINDER_OFFSETS", "0"),
        ("CHASE_EVERY_DAYS", "0"),
        ("ESCALATE_AFTER", "0"),
        ("ESCALATE_AFTER", "three"),
        ("SWEEP_SECONDS", "often"),
    ],
)
def test_it_names_the_variable_of_a_missing_or_invalid_value(variable: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**GOOD, variable: value}, require_bot=True)
    assert caught.value.variable == variable


def test_it_never_echoes_the_token() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**GOOD, "TELEGRAM_BOT_TOKEN": "123:secret-but-short"}, require_bot=True)
    assert "secret" not in str(caught.value)
    assert TOKEN not in repr(load_settings(GOOD, require_bot=True))


def test_escalation_follows_three_unanswered_chases_unless_set() -> None:
    assert load_settings(GOOD, require_bot=True).escalate_after == 3
    assert load_settings({**GOOD, "ESCALATE_AFTER": "5"}, require_bot=True).escalate_after == 5


def test_the_command_line_tools_need_no_token() -> None:
    settings = load_settings({}, require_bot=False)
    assert settings.token is None


def test_it_reads_an_env_file_with_comments_quotes_and_export(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        f"# bot\nexport TELEGRAM_BOT_TOKEN=\"{TOKEN}\"\n\nADMIN_IDS=1001\nSEND_TIME='09:00'\n",
        encoding="utf-8",
    )
    values = read_env_file(env)
    assert values == {"TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": "1001", "SEND_TIME": "09:00"}
    assert load_settings(values, require_bot=True).send_time == time(9, 0)


def test_a_malformed_env_file_line_names_the_file_and_line(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("ADMIN_IDS=1\nnonsense\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.env:2"):
        read_env_file(env)


def test_plain_database_urls_get_the_async_drivers() -> None:
    pg = load_settings({"DATABASE_URL": "postgresql://bot:pw@db.local/hanchot"}, require_bot=False)
    assert pg.database_url == "postgresql+asyncpg://bot:pw@db.local/hanchot"
    lite = load_settings({"DATABASE_URL": "sqlite:///var/bot.sqlite3"}, require_bot=False)
    assert lite.database_url == "sqlite+aiosqlite:///var/bot.sqlite3"


def test_undo_window_and_office_confirmation_settings() -> None:
    default = load_settings(GOOD, require_bot=True)
    assert default.undo_minutes == 10
    assert default.confirm_done is False
    custom = load_settings({**GOOD, "UNDO_MINUTES": "0", "CONFIRM_DONE": "TRUE"}, require_bot=True)
    assert custom.undo_minutes == 0
    assert custom.confirm_done is True
    for name, value in (("UNDO_MINUTES", "mười"), ("UNDO_MINUTES", "-1"), ("CONFIRM_DONE", "có")):
        with pytest.raises(ConfigError, match=name):
            load_settings({**GOOD, name: value}, require_bot=True)


def test_admins_get_the_daily_digest_at_16_30_by_default_and_the_weekly_time_is_its_own() -> None:
    default = load_settings(GOOD, require_bot=True)
    assert default.admin_notify is AdminNotify.DIGEST
    assert default.admin_digest_time == time(16, 30)
    # DIGEST_TIME stays the weekly digest's (default: the send time).
    assert default.digest_time == time(8, 30)
    custom = load_settings(
        {**GOOD, "ADMIN_NOTIFY": " Instant ", "ADMIN_DIGEST_TIME": "17:05", "DIGEST_TIME": "07:00"},
        require_bot=True,
    )
    assert custom.admin_notify is AdminNotify.INSTANT
    assert custom.admin_digest_time == time(17, 5)
    assert custom.digest_time == time(7, 0)
    for name, value in (
        ("ADMIN_NOTIFY", "daily"),
        ("ADMIN_NOTIFY", "tức thì"),
        ("ADMIN_DIGEST_TIME", "16h30"),
        ("ADMIN_DIGEST_TIME", "24:00"),
    ):
        with pytest.raises(ConfigError) as raised:
            load_settings({**GOOD, name: value}, require_bot=True)
        assert raised.value.variable == name
        assert value.strip().lower() in str(raised.value) or value in str(raised.value)


def test_the_health_check_is_off_by_default_and_takes_a_port_or_host_and_port() -> None:
    assert load_settings(GOOD, require_bot=True).health_address is None
    assert load_settings({**GOOD, "HEALTH_PORT": "8080"}, require_bot=True).health_address == (
        "127.0.0.1",
        8080,
    )
    assert load_settings(
        {**GOOD, "HEALTH_PORT": "0.0.0.0:9000"}, require_bot=True
    ).health_address == ("0.0.0.0", 9000)
    for bad in ("http", "70000", "host:"):
        with pytest.raises(ConfigError) as raised:
            load_settings({**GOOD, "HEALTH_PORT": bad}, require_bot=True)
        assert raised.value.variable == "HEALTH_PORT"


def test_the_office_is_named_as_configured_with_a_default() -> None:
    assert load_settings(GOOD, require_bot=True).office_name == "Văn phòng theo dõi"
    named = load_settings({**GOOD, "OFFICE_NAME": "  Vụ Tổng hợp –\tVPCP "}, require_bot=True)
    assert named.office_name == "Vụ Tổng hợp – VPCP"
    assert load_settings({**GOOD, "OFFICE_NAME": "   "}, require_bot=True).office_name == (
        "Văn phòng theo dõi"
    )
    with pytest.raises(ConfigError) as caught:
        load_settings({**GOOD, "OFFICE_NAME": "V" * 81}, require_bot=True)
    assert caught.value.variable == "OFFICE_NAME"

"""Pure domain types and rules: no I/O, no Telegram, no database."""

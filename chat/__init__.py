"""The chat surface: Telegram handlers, the message catalogue, keyboards, the transport."""

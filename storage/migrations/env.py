"""Alembic environment: runs on the connection handed over by ``storage.db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.models import Base

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through storage.db.migrate (python bot.py migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

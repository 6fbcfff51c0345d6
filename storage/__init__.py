"""Persistence: the SQLAlchemy schema, UTC-safe column types, migrations and sessions.

Storage imports nothing else of ours except the closed sets it stores (``domain`` enums).
"""

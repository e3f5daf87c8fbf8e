"""Migrations: applying them again changes nothing, and keeps the data."""

import psycopg

from adapters.postgres.migrations import apply_migrations
from tests.postgres.conftest import count


async def test_migrations_applied_twice_apply_nothing_and_keep_rows(
    database_url: str, raw: psycopg.AsyncConnection
) -> None:
    await raw.execute("INSERT INTO inbound_events (key, seen_at) VALUES ('k', now())")
    assert apply_migrations(database_url) == []  # the test database is migrated already
    assert apply_migrations(database_url) == []
    assert await count(raw, "inbound_events") == 1


async def test_the_schema_has_no_identity_columns(raw: psycopg.AsyncConnection) -> None:
    """Ids come from the application's generator, never from the database."""
    cursor = await raw.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'public' AND (is_identity = 'YES' OR column_default LIKE 'nextval%')"
    )
    assert await cursor.fetchall() == []

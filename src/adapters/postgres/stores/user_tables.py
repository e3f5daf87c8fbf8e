"""Every table that holds rows about a user, read for the GDPR export.

Tables without secrets are read with `SELECT *`, so a column added later is exported without
anyone remembering to; the two tables that hold encrypted secrets list their columns and leave
those out. A test compares this list with every table that references users in the schema, so
a new table cannot be forgotten.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import LiteralString

import msgspec

from adapters.postgres.session import Session
from application.ports.users import UserTable
from domain.ids import UserId

USER_TABLES: dict[str, LiteralString] = {
    "users": "SELECT * FROM users WHERE id = %(user_id)s",
    "food_entries": "SELECT * FROM food_entries WHERE user_id = %(user_id)s ORDER BY eaten_at, id",
    "food_items": (
        "SELECT * FROM food_items WHERE user_id = %(user_id)s ORDER BY entry_id, position"
    ),
    "cycles": "SELECT * FROM cycles WHERE user_id = %(user_id)s ORDER BY started_at, id",
    "sleeps": "SELECT * FROM sleeps WHERE user_id = %(user_id)s ORDER BY started_at, id",
    "recoveries": (
        "SELECT * FROM recoveries WHERE user_id = %(user_id)s ORDER BY recorded_at, cycle_id"
    ),
    "workouts": "SELECT * FROM workouts WHERE user_id = %(user_id)s ORDER BY started_at, id",
    "conversation_messages": (
        "SELECT * FROM conversation_messages WHERE user_id = %(user_id)s ORDER BY sent_at, id"
    ),
    "connection_states": """
        SELECT value, user_id, provider, created_at, expires_at
        FROM connection_states WHERE user_id = %(user_id)s ORDER BY created_at, value
    """,
    "provider_connections": """
        SELECT user_id, provider, status, connected_at, expires_at, external_user_id
        FROM provider_connections WHERE user_id = %(user_id)s ORDER BY provider
    """,
    "sent_notifications": (
        "SELECT * FROM sent_notifications WHERE user_id = %(user_id)s ORDER BY local_date, kind"
    ),
    "diary_outbox": (
        "SELECT * FROM diary_outbox WHERE user_id = %(user_id)s ORDER BY created_at, id"
    ),
    "sync_cursors": (
        "SELECT * FROM sync_cursors WHERE user_id = %(user_id)s ORDER BY provider, resource"
    ),
}


def cell_text(value: object) -> str:
    """A value as a CSV cell: ISO 8601 for times (UTC for instants), plain decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
    built = msgspec.to_builtins(value)
    return built if isinstance(built, str) else str(built)


async def read_user_tables(session: Session, user_id: UserId) -> list[UserTable]:
    tables = []
    for name, query in USER_TABLES.items():
        columns, rows = await session.fetch_table(query, {"user_id": user_id})
        tables.append(
            UserTable(
                name=name,
                columns=columns,
                rows=tuple(tuple(cell_text(value) for value in row) for row in rows),
            )
        )
    return tables

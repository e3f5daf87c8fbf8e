"""Active users for the DAU / MAU gauges, counted from stored activity (not process memory), so
every web process reports the same numbers and a restart loses nothing.

A user is active in a window when they wrote to the assistant (a conversation message of theirs)
or logged a meal in the chat within it. Meals imported from the FatSecret diary do not count:
the hourly import would make every linked user look active. `inbound_events` carries no user id,
so it cannot say who was active.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from adapters.postgres.errors import translated

WINDOWS = {"day": timedelta(days=1), "month": timedelta(days=30)}

# One round trip: both windows over the union of the two activity sources. Messages are found
# by their index on sent_at; chat meals by a scan of the month's entries (no index leads with
# logged_at: add one if scrapes grow slow).
ACTIVE_USERS = """
WITH activity AS (
    SELECT user_id, sent_at AS at FROM conversation_messages
     WHERE role = 'user' AND sent_at >= %(month_since)s
    UNION ALL
    SELECT user_id, logged_at AS at FROM food_entries
     WHERE origin = 'chat' AND logged_at >= %(month_since)s
)
SELECT count(DISTINCT user_id) FILTER (WHERE at >= %(day_since)s) AS day,
       count(DISTINCT user_id) AS month
  FROM activity
"""


class ActiveUsers:
    def __init__(self, pool: AsyncConnectionPool[AsyncConnection]) -> None:
        self._pool = pool

    async def count(self, now: datetime) -> dict[str, int]:
        """Distinct active users per window ("day": the last 24 h, "month": the last 30 days)."""
        params = {"day_since": now - WINDOWS["day"], "month_since": now - WINDOWS["month"]}
        with translated():
            async with self._pool.connection() as connection:
                cursor = await connection.execute(ACTIVE_USERS, params)
                row = await cursor.fetchone()
        assert row is not None  # an aggregate always returns a row
        return {"day": int(row[0]), "month": int(row[1])}

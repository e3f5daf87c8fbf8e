from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from adapters.postgres.session import Row, Session
from domain.conversation import ConversationMessage
from domain.errors import AlreadyExistsError
from domain.ids import UserId

# DO NOTHING instead of an error: a taken id leaves the transaction usable.
APPEND_MESSAGE = """
INSERT INTO conversation_messages (id, user_id, role, text, sent_at)
VALUES (%(id)s, %(user_id)s, %(role)s, %(text)s, %(sent_at)s)
ON CONFLICT DO NOTHING
"""
RECENT_MESSAGES = """
SELECT * FROM (
    SELECT id, user_id, role, text, sent_at FROM conversation_messages
    WHERE user_id = %(user_id)s ORDER BY sent_at DESC, id DESC LIMIT %(limit)s
) AS newest
ORDER BY sent_at, id
"""
DELETE_MESSAGES_BEFORE = "DELETE FROM conversation_messages WHERE sent_at < %(cutoff)s"
ALL_MESSAGES = """
SELECT id, user_id, role, text, sent_at FROM conversation_messages
WHERE user_id = %(user_id)s ORDER BY sent_at, id
"""


def _message(row: Row) -> ConversationMessage:
    return msgspec.convert(
        {
            "id": row["id"],
            "user_id": row["user_id"],
            "role": row["role"],
            "text": row["text"],
            "at": row["sent_at"],
        },
        ConversationMessage,
    )


class PostgresConversationStore:
    def __init__(self, session: Session) -> None:
        self._db = session

    async def append(self, message: ConversationMessage) -> None:
        params = {
            "id": message.id,
            "user_id": message.user_id,
            "role": message.role.value,
            "text": message.text,
            "sent_at": message.at,
        }
        if await self._db.execute(APPEND_MESSAGE, params) == 0:
            raise AlreadyExistsError(f"message {message.id} exists already")

    async def recent(self, user_id: UserId, limit: int) -> Sequence[ConversationMessage]:
        if limit <= 0:
            return []
        rows = await self._db.fetch_all(RECENT_MESSAGES, {"user_id": user_id, "limit": limit})
        return [_message(row) for row in rows]

    async def delete_before(self, cutoff: datetime) -> int:
        return await self._db.execute(DELETE_MESSAGES_BEFORE, {"cutoff": cutoff})

    async def all_of(self, user_id: UserId) -> Sequence[ConversationMessage]:
        return [
            _message(row) for row in await self._db.fetch_all(ALL_MESSAGES, {"user_id": user_id})
        ]

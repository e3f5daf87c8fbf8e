from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from adapters.memory.database import Session
from domain.conversation import ConversationMessage
from domain.ids import UserId


class MemoryConversationStore:
    def __init__(self, session: Session) -> None:
        self._messages = session.messages

    def _of(self, user_id: UserId) -> list[ConversationMessage]:
        mine = (m for m in self._messages.values() if m.user_id == user_id)
        return sorted(mine, key=lambda m: (m.at, m.id))

    async def append(self, message: ConversationMessage) -> None:
        self._messages.insert(message.id, message, "message")

    async def recent(self, user_id: UserId, limit: int) -> Sequence[ConversationMessage]:
        return self._of(user_id)[-limit:] if limit > 0 else []

    async def delete_before(self, cutoff: datetime) -> int:
        return self._messages.delete_where(lambda m: m.at < cutoff)

    async def all_of(self, user_id: UserId) -> Sequence[ConversationMessage]:
        return self._of(user_id)

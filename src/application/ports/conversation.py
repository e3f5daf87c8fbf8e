from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.conversation import ConversationMessage
from domain.ids import UserId


class ConversationStore(Protocol):
    """What the user and the assistant said, kept for context until retention removes it."""

    async def append(self, message: ConversationMessage) -> None:
        """Store a message. Raises `AlreadyExistsError` if its id is taken."""
        ...

    async def recent(self, user_id: UserId, limit: int) -> Sequence[ConversationMessage]:
        """The user's newest `limit` messages, oldest first."""
        ...

    async def delete_before(self, cutoff: datetime) -> int:
        """Delete every user's messages older than `cutoff`; returns how many."""
        ...

    async def all_of(self, user_id: UserId) -> Sequence[ConversationMessage]:
        """Every message of the user, oldest first (for export)."""
        ...

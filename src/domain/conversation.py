"""What the user and the assistant said, kept for context for a limited time only."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime, timedelta

import msgspec

from domain.errors import InvalidValueError
from domain.ids import MessageId, UserId
from domain.local_time import require_aware


class Role(enum.Enum):
    USER = "user"
    ASSISTANT = "assistant"


class ConversationMessage(msgspec.Struct, frozen=True, kw_only=True):
    id: MessageId
    user_id: UserId
    role: Role
    text: str
    at: datetime

    def __post_init__(self) -> None:
        require_aware(self.at, "at")


class RetentionPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Messages older than `days` are deleted (privacy: context is short-lived by design)."""

    days: int = 7

    def __post_init__(self) -> None:
        if not 1 <= self.days <= 365:
            raise InvalidValueError(f"retention of {self.days} days is outside 1–365")

    def cutoff(self, now: datetime) -> datetime:
        """Messages strictly before this moment are past retention."""
        return require_aware(now) - timedelta(days=self.days)

    def keeps(self, message: ConversationMessage, now: datetime) -> bool:
        return message.at >= self.cutoff(now)


def recent_within_budget(
    messages: Sequence[ConversationMessage], max_chars: int
) -> tuple[ConversationMessage, ...]:
    """The newest messages whose texts fit in `max_chars` together, oldest first.

    Stops at the first message that does not fit, so the context never has a gap in it.
    """
    kept: list[ConversationMessage] = []
    used = 0
    for message in sorted(messages, key=lambda m: (m.at, m.id), reverse=True):
        used += len(message.text)
        if used > max_chars:
            break
        kept.append(message)
    return tuple(reversed(kept))

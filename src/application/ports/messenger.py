from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import msgspec


class Button(msgspec.Struct, frozen=True, kw_only=True):
    label: str
    data: str  # opaque to the messenger; the bot signs and checks it


class Messenger(Protocol):
    """Messages to a user's chat (Telegram), within the platform's rate limits.

    Every call raises `RecipientBlockedError` when the user blocked the bot and
    `ServiceUnavailableError` when the message could not be sent after bounded retries.
    Texts are plain: the adapter escapes them for the platform and splits long ones."""

    async def send_text(
        self, chat_id: int, text: str, *, buttons: Sequence[Sequence[Button]] = ()
    ) -> None: ...

    async def send_photo(
        self, chat_id: int, photo: bytes, *, caption: str | None = None
    ) -> None: ...

    async def send_document(
        self, chat_id: int, *, filename: str, content: bytes, caption: str | None = None
    ) -> None: ...

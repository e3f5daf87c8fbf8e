from __future__ import annotations

from collections.abc import Sequence

import msgspec

from application.errors import RecipientBlockedError
from application.ports.messenger import Button


class SentMessage(msgspec.Struct, frozen=True, kw_only=True):
    chat_id: int
    kind: str  # "text", "photo" or "document"
    text: str | None = None
    buttons: tuple[tuple[Button, ...], ...] = ()
    content: bytes | None = None
    filename: str | None = None


class RecordingMessenger:
    """Keeps every message "sent"; chats in `blocked` refuse like a user who blocked the bot."""

    def __init__(self) -> None:
        self.sent: list[SentMessage] = []
        self.blocked: set[int] = set()

    def _check(self, chat_id: int) -> None:
        if chat_id in self.blocked:
            raise RecipientBlockedError(f"chat {chat_id} blocked the bot")

    def texts_to(self, chat_id: int) -> list[str]:
        return [m.text for m in self.sent if m.chat_id == chat_id and m.text is not None]

    async def send_text(
        self, chat_id: int, text: str, *, buttons: Sequence[Sequence[Button]] = ()
    ) -> None:
        self._check(chat_id)
        rows = tuple(tuple(row) for row in buttons)
        self.sent.append(SentMessage(chat_id=chat_id, kind="text", text=text, buttons=rows))

    async def send_photo(self, chat_id: int, photo: bytes, *, caption: str | None = None) -> None:
        self._check(chat_id)
        self.sent.append(SentMessage(chat_id=chat_id, kind="photo", text=caption, content=photo))

    async def send_document(
        self, chat_id: int, *, filename: str, content: bytes, caption: str | None = None
    ) -> None:
        self._check(chat_id)
        self.sent.append(
            SentMessage(
                chat_id=chat_id, kind="document", text=caption, content=content, filename=filename
            )
        )

"""The messenger of a deployment without a Telegram bot (the terminal chat, an HTTP-only host).

There is no chat to deliver to: the message is dropped and a line says so (without its text).
Nothing waits on it — what the user needs to see is also in the product's own replies.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from application.ports.messenger import Button

log = logging.getLogger(__name__)


class UndeliverableMessenger:
    async def send_text(
        self, chat_id: int, text: str, *, buttons: Sequence[Sequence[Button]] = ()
    ) -> None:
        del text, buttons
        log.info("message not delivered: no Telegram bot is configured", extra={"chat": chat_id})

    async def send_photo(self, chat_id: int, photo: bytes, *, caption: str | None = None) -> None:
        del photo, caption
        log.info("photo not delivered: no Telegram bot is configured", extra={"chat": chat_id})

    async def send_document(
        self, chat_id: int, *, filename: str, content: bytes, caption: str | None = None
    ) -> None:
        del filename, content, caption
        log.info("document not delivered: no Telegram bot is configured", extra={"chat": chat_id})

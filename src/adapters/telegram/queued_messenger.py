"""The messenger of a process that runs no bot (the HTTP app): each message becomes a job, and
the worker, which holds the bot, sends it with the real messenger.

The HTTP app then never imports the Telegram client (about 170 MB and 3 s at start-up), and a
message it queues gets the worker's retries instead of failing the request that caused it.
Nothing in the job is logged: texts may carry users' words.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from application.ports.coordination import JobQueue
from application.ports.messenger import Button, Messenger

SEND_MESSAGE_JOB = "send_telegram_message"


class QueuedMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One message for the worker to send: a text (with buttons), a photo or a document."""

    chat_id: int
    text: str | None = None
    buttons: tuple[tuple[Button, ...], ...] = ()
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    caption: str | None = None


class QueuedMessenger:
    """The `Messenger` port as jobs. Raises `ServiceUnavailableError` (from the queue) when the
    message could not be queued; whether the user blocked the bot is the worker's to find."""

    def __init__(self, jobs: JobQueue) -> None:
        self._jobs = jobs

    async def send_text(
        self, chat_id: int, text: str, *, buttons: Sequence[Sequence[Button]] = ()
    ) -> None:
        rows = tuple(tuple(row) for row in buttons)
        await self._queue(QueuedMessage(chat_id=chat_id, text=text, buttons=rows))

    async def send_photo(self, chat_id: int, photo: bytes, *, caption: str | None = None) -> None:
        await self._queue(QueuedMessage(chat_id=chat_id, photo=photo, caption=caption))

    async def send_document(
        self, chat_id: int, *, filename: str, content: bytes, caption: str | None = None
    ) -> None:
        message = QueuedMessage(
            chat_id=chat_id, document=content, filename=filename, caption=caption
        )
        await self._queue(message)

    async def _queue(self, message: QueuedMessage) -> None:
        # No job id: every call is its own message (arq gives each job a fresh id).
        await self._jobs.enqueue(SEND_MESSAGE_JOB, message)


async def send_queued(message: QueuedMessage, messenger: Messenger) -> None:
    """Send a queued message with `messenger` (the worker's, which holds the bot)."""
    if message.photo is not None:
        await messenger.send_photo(message.chat_id, message.photo, caption=message.caption)
    elif message.document is not None:
        await messenger.send_document(
            message.chat_id,
            filename=message.filename or "document",
            content=message.document,
            caption=message.caption,
        )
    else:
        await messenger.send_text(message.chat_id, message.text or "", buttons=message.buttons)

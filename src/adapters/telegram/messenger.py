"""The `Messenger` port over aiogram's Bot, and the chat chores the bot's handlers need.

New messages are paced (see `adapters/redis/send_pacing.py`); edits, callback answers and the
typing status are not messages and go straight out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Literal

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import BufferedInputFile

from adapters.telegram.delivery import Delivery
from adapters.telegram.keyboard import inline_keyboard
from adapters.telegram.text import MAX_CAPTION, escape, split_message, utf16_length
from application.errors import GatewayError
from application.ports.messenger import Button

log = logging.getLogger(__name__)

# Telegram shows a chat action for about five seconds; repeat a little sooner.
TYPING_REPEAT_S = 4.5
ChatAction = Literal["typing", "upload_document", "upload_photo"]


class TelegramMessenger:
    def __init__(self, bot: Bot, delivery: Delivery) -> None:
        self._bot = bot
        self._delivery = delivery

    # -- the port ------------------------------------------------------------------------------

    async def send_text(
        self, chat_id: int, text: str, *, buttons: Sequence[Sequence[Button]] = ()
    ) -> None:
        """Long texts go as several messages, split at line ends; buttons go under the last."""
        pieces = split_message(text)
        if not pieces:
            raise ValueError("a message needs some text")
        markup = inline_keyboard(buttons)
        for number, piece in enumerate(pieces, start=1):

            async def send(piece: str = piece, last: bool = number == len(pieces)) -> None:
                await self._bot.send_message(
                    chat_id=chat_id,
                    text=escape(piece),
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if last else None,
                )

            await self._delivery.run(send, chat_id=chat_id, paced=True)

    async def send_photo(self, chat_id: int, photo: bytes, *, caption: str | None = None) -> None:
        file = BufferedInputFile(photo, filename="photo.png")
        await self._send_file(chat_id, caption, "photo", file)

    async def send_document(
        self, chat_id: int, *, filename: str, content: bytes, caption: str | None = None
    ) -> None:
        await self._send_file(chat_id, caption, "document", BufferedInputFile(content, filename))

    async def _send_file(
        self,
        chat_id: int,
        caption: str | None,
        kind: Literal["photo", "document"],
        file: BufferedInputFile,
    ) -> None:
        # A caption Telegram would refuse goes as a message of its own after the file.
        fits = caption is not None and 0 < utf16_length(caption) <= MAX_CAPTION
        shown = escape(caption) if fits and caption is not None else None

        async def send() -> None:
            if kind == "photo":
                await self._bot.send_photo(
                    chat_id=chat_id, photo=file, caption=shown, parse_mode=ParseMode.HTML
                )
            else:
                await self._bot.send_document(
                    chat_id=chat_id, document=file, caption=shown, parse_mode=ParseMode.HTML
                )

        await self._delivery.run(send, chat_id=chat_id, paced=True)
        if caption and not fits and caption.strip():
            await self.send_text(chat_id, caption)

    # -- beyond the port: what handlers do in a chat -------------------------------------------

    async def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        buttons: Sequence[Sequence[Button]] = (),
    ) -> None:
        """Replace one of the bot's messages (its first 4,096 characters: an edit cannot split)."""
        pieces = split_message(text)
        if not pieces:
            raise ValueError("a message needs some text")

        async def edit() -> None:
            try:
                await self._bot.edit_message_text(
                    chat_id=chat_id,
                    message_id=message_id,
                    text=escape(pieces[0]),
                    parse_mode=ParseMode.HTML,
                    reply_markup=inline_keyboard(buttons),
                )
            except TelegramBadRequest as error:
                if "message is not modified" not in error.message:
                    raise  # the same text twice (a double tap) is no failure

        await self._delivery.run(edit, chat_id=chat_id, paced=False)

    async def answer_callback(
        self, query_id: str, text: str | None = None, *, alert: bool = False
    ) -> None:
        """Stop the button's spinner, with an optional short notice. Best effort: a query that
        expired (Telegram keeps them about 15 s) is not worth failing the update for."""
        notice = text[:200] if text else None
        try:
            await self._bot.answer_callback_query(query_id, text=notice, show_alert=alert)
        except TelegramAPIError as error:
            log.info("callback query not answered", extra={"error": type(error).__name__})

    def typing(
        self, chat_id: int, action: ChatAction = "typing"
    ) -> AbstractAsyncContextManager[None]:
        """Show "typing…" (or another action) for as long as the block runs. Best effort."""
        return self._chat_action(chat_id, action)

    @contextlib.asynccontextmanager
    async def _chat_action(self, chat_id: int, action: ChatAction) -> AsyncIterator[None]:
        # Shown before the work starts (quick work would finish before a background task ran),
        # then repeated in the background while it lasts.
        shown = await self._show_action(chat_id, action)
        task = asyncio.create_task(self._repeat_action(chat_id, action)) if shown else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _repeat_action(self, chat_id: int, action: ChatAction) -> None:
        while True:
            await asyncio.sleep(TYPING_REPEAT_S)
            if not await self._show_action(chat_id, action):
                return

    async def _show_action(self, chat_id: int, action: ChatAction) -> bool:
        try:
            await self._bot.send_chat_action(chat_id=chat_id, action=action)
        except TelegramAPIError as error:
            log.info("chat action not shown", extra={"error": type(error).__name__})
            return False
        return True

    async def leave_chat(self, chat_id: int) -> None:
        """Leave a group. Best effort: already out is fine."""

        async def leave() -> None:
            await self._bot.leave_chat(chat_id=chat_id)

        try:
            await self._delivery.run(leave, chat_id=chat_id, paced=False)
        except GatewayError as error:
            log.info("could not leave a chat", extra={"error": type(error).__name__})

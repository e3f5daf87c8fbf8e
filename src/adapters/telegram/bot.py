"""aiogram's Bot, pointed at the configured Bot API server (Telegram, a local Bot API server or
the test fake)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

# Every call has a deadline; sendDocument of a large export is the slowest we make.
REQUEST_TIMEOUT_S = 30.0


def create_bot(token: str, api_base_url: str, *, timeout_s: float = REQUEST_TIMEOUT_S) -> Bot:
    """Raises aiogram's `TokenValidationError` for a token that is not `<digits>:<secret>`."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base_url), timeout=timeout_s)
    return Bot(token, session=session)


async def open_bot(token: str, api_base_url: str) -> AsyncIterator[Bot]:
    """A Bot for the life of a process (a dishka APP-scoped generator): its HTTP session closes
    with it."""
    bot = create_bot(token, api_base_url)
    try:
        yield bot
    finally:
        await bot.session.close()

"""Files users send (voice notes), fetched from Telegram within its 20 MB download limit."""

from __future__ import annotations

import aiohttp
from aiogram import Bot
from aiogram.exceptions import AiogramError, TelegramBadRequest

from adapters.telegram.delivery import Delivery
from application.errors import GatewayError, ServiceUnavailableError

# getFile: "bots can download files of up to 20MB in size".
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
DOWNLOAD_TIMEOUT_S = 60


class FileTooLargeError(GatewayError):
    """Telegram will not let the bot download this file (over 20 MB)."""


class TelegramFiles:
    def __init__(self, bot: Bot, delivery: Delivery) -> None:
        self._bot = bot
        self._delivery = delivery

    async def download(self, file_id: str, *, max_bytes: int = MAX_DOWNLOAD_BYTES) -> bytes:
        """The file's bytes. Raises `FileTooLargeError` over `max_bytes` (checked before the
        download when Telegram states the size) and `ServiceUnavailableError` otherwise."""

        async def get_file() -> tuple[str | None, int | None]:
            try:
                file = await self._bot.get_file(file_id)
            except TelegramBadRequest as error:
                if "file is too big" in error.message:
                    raise FileTooLargeError("Telegram refuses files over 20 MB") from None
                raise
            return file.file_path, file.file_size

        path, size = await self._delivery.run(get_file, chat_id=0, paced=False)
        if size is not None and size > max_bytes:
            raise FileTooLargeError(f"{size} bytes is over {max_bytes}")
        if path is None:
            raise ServiceUnavailableError("Telegram gave no path for the file")
        try:
            buffer = await self._bot.download_file(path, timeout=DOWNLOAD_TIMEOUT_S)
        except (AiogramError, aiohttp.ClientError, TimeoutError) as error:
            raise ServiceUnavailableError("the file could not be downloaded") from error
        content = buffer.read() if buffer is not None else b""
        if len(content) > max_bytes:
            raise FileTooLargeError(f"{len(content)} bytes is over {max_bytes}")
        return content

"""`health-tracker bot`: the Telegram bot by long polling — for development and for a single
user hosting it themselves (no public HTTPS address needed).

Updates are handled in this process as they arrive; production uses the webhook
(`set-webhook`), whose updates wait in Redis until a worker has handled them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from aiogram import Bot, Dispatcher
from dishka import Provider

from entrypoints.bot.commands import register_commands
from entrypoints.bot.config import ALLOWED_UPDATES, bot_token
from entrypoints.config import Settings
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers, run_service, servers

NAME = "bot"
HELP = "run the Telegram bot by polling (development, self-hosting)"


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    del args
    bot_token(settings)  # before any server starts: a missing token is one clear line
    with servers(settings) as srv, contextlib.suppress(KeyboardInterrupt):
        run_service(poll(settings, srv))
    return None


async def poll(
    settings: Settings, srv: Servers, *overrides: Provider, handle_signals: bool = True
) -> None:
    """Poll until SIGINT / SIGTERM (aiogram stops gracefully on them) or cancellation."""
    container = make_container(settings, srv, *overrides)
    try:
        bot = await container.get(Bot)
        dispatcher = await container.get(Dispatcher)
        # getUpdates is refused while a webhook is set: polling takes over from it.
        await bot.delete_webhook(drop_pending_updates=False)
        await register_commands(bot)
        me = await bot.me()
        print(f"health-tracker: polling as @{me.username}", file=sys.stderr)
        polling = asyncio.create_task(
            dispatcher.start_polling(
                bot,
                allowed_updates=list(ALLOWED_UPDATES),
                handle_signals=handle_signals,
                close_bot_session=False,  # the container closes the Bot it made
            )
        )
        try:
            await asyncio.shield(polling)
        except asyncio.CancelledError:
            # aiogram leaves its getUpdates loop running when start_polling is cancelled
            # (e.g. by the all-in-one launcher stopping): stop it the way it expects.
            await dispatcher.stop_polling()
            await polling
            raise
    finally:
        await container.close()

"""`health-tracker set-webhook`: tell Telegram where to send updates (PUBLIC_BASE_URL +
/telegram/webhook, with the secret token and the update types the bot handles) and set the
command menu in Ukrainian and English. `--delete` goes back to polling."""

from __future__ import annotations

import argparse
import asyncio
import sys

from aiogram.exceptions import AiogramError

from adapters.telegram.bot import create_bot
from entrypoints.bot.commands import register_commands
from entrypoints.bot.config import ALLOWED_UPDATES, bot_token, webhook_secret, webhook_url
from entrypoints.config import Settings
from entrypoints.runtime import StartupError

NAME = "set-webhook"
HELP = "register the Telegram webhook and the bot's command menu"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--drop-pending-updates",
        action="store_true",
        help="discard the updates Telegram has queued for the bot",
    )
    parser.add_argument(
        "--delete", action="store_true", help="remove the webhook (to poll with `bot` instead)"
    )


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    outcome = asyncio.run(
        set_webhook(settings, delete=args.delete, drop_pending_updates=args.drop_pending_updates)
    )
    print(f"health-tracker: {outcome}", file=sys.stderr)
    return None


async def set_webhook(
    settings: Settings, *, delete: bool = False, drop_pending_updates: bool = False
) -> str:
    """What was done, in one line. Raises `ConfigError` for missing settings and
    `StartupError` when Telegram refuses."""
    token = bot_token(settings)
    url = None if delete else webhook_url(settings)
    bot = create_bot(token, settings.TELEGRAM_API_BASE_URL)
    try:
        if url is None:
            await bot.delete_webhook(drop_pending_updates=drop_pending_updates)
            return "webhook removed; run `health-tracker bot` to poll"
        await bot.set_webhook(
            url,
            secret_token=webhook_secret(settings),
            allowed_updates=list(ALLOWED_UPDATES),
            drop_pending_updates=drop_pending_updates,
        )
        await register_commands(bot)
        return f"webhook set to {url}; commands set in uk and en"
    except AiogramError as error:
        raise StartupError(f"Telegram refused: {error}") from None
    finally:
        await bot.session.close()

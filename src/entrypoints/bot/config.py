"""What the webhook, the commands and the callback buttons agree on."""

from __future__ import annotations

import hashlib
import hmac
import re

from entrypoints.config import ConfigError, Settings

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
# The updates the bot handles; everything else Telegram need not send.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")


_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")


def bot_token(settings: Settings) -> str:
    token = settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN: not set (the bot's token from @BotFather)")
    if not _TOKEN.fullmatch(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN: expected <digits>:<letters>, as @BotFather gives")
    return token


def _derived(token: str, purpose: str) -> bytes:
    return hmac.new(token.encode(), purpose.encode(), hashlib.sha256).digest()


def webhook_secret(settings: Settings) -> str | None:
    """TELEGRAM_WEBHOOK_SECRET, or one derived from the bot token (so a deployment needs no
    extra setting and the token itself never travels in a header); None without a token."""
    if settings.TELEGRAM_WEBHOOK_SECRET:
        return settings.TELEGRAM_WEBHOOK_SECRET
    if not settings.TELEGRAM_BOT_TOKEN:
        return None
    return _derived(settings.TELEGRAM_BOT_TOKEN, "webhook-secret").hex()


def webhook_url(settings: Settings) -> str:
    if not settings.PUBLIC_BASE_URL:
        raise ConfigError("PUBLIC_BASE_URL: not set (where Telegram reaches this app, https://…)")
    return settings.PUBLIC_BASE_URL.rstrip("/") + WEBHOOK_PATH


def callback_key(settings: Settings) -> bytes:
    """The key that signs callback buttons. Derived from the bot token: a new token retires
    old buttons, which is what a leaked token calls for anyway."""
    return _derived(bot_token(settings), "callback-data")

"""`health-tracker set-webhook` and `health-tracker bot`, against the fake Telegram."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json

import pytest

from entrypoints.bot.config import webhook_secret
from entrypoints.commands import bot as bot_command
from entrypoints.commands import set_webhook
from entrypoints.config import ConfigError
from entrypoints.providers.accounts import AccountProvider
from entrypoints.providers.jobs import JobQueueProvider
from entrypoints.providers.telegram import TelegramProvider
from entrypoints.runtime import Servers, StartupError
from tests.fakes.telegram import FakeTelegram
from tests.telegram.support import MemoryPorts, MemoryUseCases, QuickSending, bot_settings


async def test_set_webhook_registers_the_url_secret_updates_and_commands(
    tg: FakeTelegram,
) -> None:
    settings = bot_settings(tg, TELEGRAM_WEBHOOK_SECRET="")

    said = await set_webhook.set_webhook(settings)

    webhook = tg.webhook
    assert webhook.url == "https://health.example.com/telegram/webhook"
    assert said == f"webhook set to {webhook.url}; commands set in uk and en"
    assert webhook.secret_token == webhook_secret(settings)  # derived from the token
    assert webhook.allowed_updates == ["message", "edited_message", "callback_query"]
    ukrainian, english = tg.commands("uk"), tg.commands("en")
    assert ukrainian is not None and english is not None
    assert [c["command"] for c in ukrainian] == [c["command"] for c in english]
    assert {"today", "undo", "delete", "connect_whoop", "timezone"} <= {
        c["command"] for c in english
    }
    descriptions = {c["command"]: c["description"] for c in ukrainian}
    assert descriptions["delete"] == "Видалити всі ваші дані"
    assert tg.commands("") == english  # everyone else reads English


async def test_set_webhook_delete_goes_back_to_polling(tg: FakeTelegram) -> None:
    settings = bot_settings(tg)
    await set_webhook.set_webhook(settings)

    await set_webhook.set_webhook(settings, delete=True)

    assert tg.webhook.url == ""


async def test_set_webhook_needs_a_public_https_address(tg: FakeTelegram) -> None:
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        await set_webhook.set_webhook(bot_settings(tg, PUBLIC_BASE_URL=""))
    with pytest.raises(StartupError, match="HTTPS URL must be provided"):
        await set_webhook.set_webhook(bot_settings(tg, PUBLIC_BASE_URL="http://localhost:8000"))


def test_the_bot_without_a_token_is_one_clear_line(tg: FakeTelegram) -> None:
    settings = bot_settings(tg, TELEGRAM_BOT_TOKEN="")
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN: not set"):
        bot_command.run(argparse.Namespace(), settings)
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN: expected"):
        bot_command.run(argparse.Namespace(), bot_settings(tg, TELEGRAM_BOT_TOKEN="nope"))


async def test_polling_takes_over_from_a_webhook(
    tg: FakeTelegram, bot_servers: Servers, ports: MemoryPorts
) -> None:
    """The fake Telegram has no getUpdates, so this stops at the first poll: what polling does
    with updates is the dispatcher's work, tested with updates fed to it directly."""
    settings = bot_settings(tg)
    await set_webhook.set_webhook(settings)
    bot_providers = (TelegramProvider(), JobQueueProvider(), AccountProvider(), MemoryUseCases())
    polling = asyncio.create_task(
        bot_command.poll(
            settings, bot_servers, *bot_providers, ports, QuickSending(), handle_signals=False
        )
    )
    async with asyncio.timeout(10):
        while not tg.calls("getUpdates"):  # noqa: ASYNC110 - the fake records in its thread
            await asyncio.sleep(0.01)
    polling.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await polling

    assert tg.webhook.url == ""
    assert tg.commands("uk") is not None
    [poll] = tg.calls("getUpdates")[:1]
    assert json.loads(poll.params["allowed_updates"]) == [
        "message",
        "edited_message",
        "callback_query",
    ]

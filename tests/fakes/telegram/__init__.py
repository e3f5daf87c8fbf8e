"""A fake Telegram Bot API (../shared/specs/telegram/bot-api.json) for the methods the bot uses,
served over real HTTP: `with running_telegram() as tg: tg.base_url`.

It answers like Telegram (envelopes, error wording, 429 with retry_after, 403 for a blocked bot,
HTML parse errors), records every call, and builds the updates Telegram would send (`tg.updates`).
"""

from tests.fakes.telegram.fake import DEFAULT_TOKEN, FakeTelegram, running_telegram
from tests.fakes.telegram.limits import ManualClock, RateLimits
from tests.fakes.telegram.state import Call, Chat, SentFile, StoredFile, Webhook
from tests.fakes.telegram.updates import SAMPLE_VOICE, TelegramUser

__all__ = [
    "DEFAULT_TOKEN",
    "SAMPLE_VOICE",
    "Call",
    "Chat",
    "FakeTelegram",
    "ManualClock",
    "RateLimits",
    "SentFile",
    "StoredFile",
    "TelegramUser",
    "Webhook",
    "running_telegram",
]

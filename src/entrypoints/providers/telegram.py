"""The Telegram bot's part of the container, for the processes that talk to Telegram (the bot
and the worker): the Bot, the shared send pacer, the messenger (also as the `Messenger` port),
voice downloads, the callback signer and the Dispatcher; (REQUEST) `DeliverBriefing`, the use
case that sends through the messenger.

Importing this module imports aiogram, whose types cost about 170 MB and 3 s: `ioc` imports it
only for a container that includes the bot, never for the HTTP app's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiogram import Bot, Dispatcher
from dishka import AsyncContainer, Provider, Scope, alias, provide
from redis.asyncio import Redis

from adapters.redis.send_pacing import RedisSendPacer
from adapters.telegram.bot import open_bot
from adapters.telegram.delivery import Delivery, SendPacer
from adapters.telegram.files import TelegramFiles
from adapters.telegram.messenger import TelegramMessenger
from application.briefings.deliver_briefing import DeliverBriefing
from application.ports.messenger import Messenger
from entrypoints.bot.callbacks import CallbackSigner
from entrypoints.bot.config import bot_token, callback_key
from entrypoints.bot.dispatcher import build_dispatcher
from entrypoints.config import Settings

__all__ = ["TelegramProvider"]


class TelegramProvider(Provider):
    scope = Scope.APP

    @provide
    async def bot(self, settings: Settings) -> AsyncIterator[Bot]:
        async for bot in open_bot(bot_token(settings), settings.TELEGRAM_API_BASE_URL):
            yield bot

    @provide
    def pacer(self, redis: Redis) -> SendPacer:
        return RedisSendPacer(redis)

    @provide
    def delivery(self, pacer: SendPacer) -> Delivery:
        return Delivery(pacer)

    messenger = provide(TelegramMessenger)
    messenger_port = alias(source=TelegramMessenger, provides=Messenger)
    files = provide(TelegramFiles)

    @provide
    def signer(self, settings: Settings) -> CallbackSigner:
        return CallbackSigner(callback_key(settings))

    @provide
    def dispatcher(self, container: AsyncContainer, redis: Redis) -> Dispatcher:
        return build_dispatcher(container, redis)

    deliver_briefing = provide(DeliverBriefing, scope=Scope.REQUEST)

"""The aiogram Dispatcher: routers, the error handler, FSM state in Redis, and dishka.

Handlers are decorated with dishka's `@inject` themselves rather than by `auto_inject`: that
wraps handlers in the dispatcher's startup event, which never fires when updates are fed one by
one (`feed_update` in the worker job). dishka's middleware sits on the dispatcher's observers, so
every update — polled or fed — gets a REQUEST scope of its own (a unit of work per update).
"""

from __future__ import annotations

from datetime import timedelta

from aiogram import Dispatcher
from aiogram.fsm.storage.redis import RedisStorage
from dishka import AsyncContainer
from dishka.integrations.aiogram import setup_dishka
from redis.asyncio import Redis

from entrypoints.bot.errors import on_error
from entrypoints.bot.routers import all_routers

# A question left unanswered for a day is forgotten.
STATE_TTL = timedelta(days=1)


def build_dispatcher(container: AsyncContainer, redis: Redis) -> Dispatcher:
    # The storage gets a client of its own over the shared pool: aiogram closes its storage's
    # client at shutdown, and the process's client must outlive the dispatcher.
    storage = RedisStorage(
        Redis(connection_pool=redis.connection_pool), state_ttl=STATE_TTL, data_ttl=STATE_TTL
    )
    dispatcher = Dispatcher(storage=storage)
    dispatcher.errors.register(on_error)
    dispatcher.include_routers(*all_routers())
    setup_dishka(container=container, router=dispatcher, auto_inject=False)
    return dispatcher

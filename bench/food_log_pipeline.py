"""Scenario 2: a text food log end to end — HandleTextMessage with the offline interpreter →
catalog lookup → persisted in PostgreSQL → the reply sent to the fake Telegram through the real
messenger (Delivery + RedisSendPacer + aiogram) — against the same use case with every port in
memory (memory unit of work, the built-in catalog in memory, a recording messenger).

Telegram's own limits are not what is measured here (scenario `send_pacing` is): the fake's
rate limits are off and the pacer's ceilings are raised, but each reply still takes its slot
from Redis. Messages/s: 16 concurrent chats. Latency: one message at a time (the p95 of the
product's own time, the outside services answering at once). The fake Telegram runs in a
process of its own: in a thread of this one, its server would take the product's GIL and CPU,
which Telegram's servers never do (the bot's own HTTP client still runs here, as in production).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from cryptography.fernet import Fernet
from redis.asyncio import Redis

from adapters.catalog.memory import BuiltInFoodCatalog, UsdaIndexCache
from adapters.catalog.usda import UsdaTablesCache
from adapters.crypto.tokens import TokenCipher
from adapters.memory.database import MemoryDatabase
from adapters.memory.messenger import RecordingMessenger
from adapters.memory.system import FixedClock, SequentialIds
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.offline.assistant import OfflineAssistant
from adapters.offline.interpreter import OfflineInterpreter
from adapters.postgres.catalog import PostgresFoodCatalog
from adapters.postgres.catalog_loader import load_food_catalog
from adapters.postgres.pool import make_pool
from adapters.postgres.system import SystemClock, snowflake_ids
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from adapters.redis.send_pacing import RedisSendPacer
from adapters.telegram.bot import create_bot
from adapters.telegram.delivery import Delivery
from adapters.telegram.messenger import TelegramMessenger
from application.chat.answer_question import AnswerQuestion
from application.chat.handle_text_message import HandleTextMessage, HandleTextMessageRequest
from application.meals.edit_entry_grams import EditEntryGrams
from application.meals.log_food import LogFood
from application.meals.undo_entry import UndoEntry
from application.ports.catalog import FoodCatalog
from application.ports.system import Clock, IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.users.register_user import Sender
from bench.common import Context, Row, fresh_database, percentile
from bench.telegram_process import telegram_in_process
from entrypoints.bot.callbacks import CallbackSigner
from entrypoints.bot.keyboards import entry_buttons

CONCURRENCY = 16
# Each reply shows the day's totals, so a message costs more the more the user logged that day.
# Enough chats that the day stays a real one (about 10 entries each by the last repeat, against
# 55 with 50 chats): every repeat then measures the same workload, not a growing one.
CHATS = 300
MEALS = (
    "2 eggs and a slice of bread",
    "200 g oatmeal with milk",
    "банан і кава з молоком",
    "an apple and 30 g almonds",
    "гречка 250 г і курка 150 г",
    "a cup of rice with chicken breast",
)

Handle = Callable[[int, int, str], Awaitable[Any]]


def _pipeline(
    *,
    uow_factory: Callable[[], UnitOfWork], catalog: FoodCatalog, clock: Clock, ids: IdGenerator,
    interpreter: OfflineInterpreter, messenger: Any, signer: CallbackSigner,
) -> Handle:  # fmt: skip
    assistant = OfflineAssistant()

    async def handle(telegram_id: int, update_id: int, said: str) -> Any:
        uow = uow_factory()  # one unit per update, as the request scope gives it
        use_case = HandleTextMessage(
            uow, clock=clock, ids=ids, interpreter=interpreter,
            log_food=LogFood(uow, catalog, clock, ids),
            answer_question=AnswerQuestion(uow, assistant, clock, ids, fallback=assistant),
            undo_entry=UndoEntry(uow, clock, ids), edit_entry_grams=EditEntryGrams(uow, clock, ids),
            fallback_interpreter=interpreter,
        )  # fmt: skip
        reply = await use_case.execute(
            HandleTextMessageRequest(
                sender=Sender(telegram_user_id=telegram_id, language_code="uk"),
                text=said,
                event_key=f"telegram:update:{update_id}",
            )
        )
        buttons = entry_buttons(reply.buttons, signer, telegram_id)
        await messenger.send_text(telegram_id, reply.text, buttons=buttons)
        return reply

    return handle


async def _throughput(handle: Handle, chats: list[int], count: int, first_id: int) -> float:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)

    async def worker() -> None:
        while not queue.empty():
            n = queue.get_nowait()
            await handle(chats[n % len(chats)], first_id + n, MEALS[n % len(MEALS)])

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return count / (time.perf_counter() - began)


async def _latencies(handle: Handle, chats: list[int], count: int, first_id: int) -> list[float]:
    took = []
    for n in range(count):
        began = time.perf_counter()
        await handle(chats[n % len(chats)], first_id + n, MEALS[n % len(MEALS)])
        took.append(time.perf_counter() - began)
    return took


async def measure(ctx: Context) -> list[Row]:
    count, sequential = (48, 24) if ctx.quick else (600, 300)
    tables = UsdaTablesCache()
    interpreter = OfflineInterpreter(tables)
    signer = CallbackSigner(b"bench-callback-key")
    rates, base_rates, p95, base_p95 = [], [], [], []
    intents: dict[str, int] = {}
    # --quick: 48 messages need no more chats than that to keep their days short.
    with telegram_in_process(24 if ctx.quick else CHATS) as tg, fresh_database(ctx) as db:
        chats = tg.chats
        pool = make_pool(db, min_size=4, max_size=10)
        await pool.open()
        redis = Redis.from_url(ctx.redis_url)
        bot = create_bot(tg.token, tg.base_url)
        try:
            async with pool.connection() as conn:
                await load_food_catalog(conn, tables)
            cipher = TokenCipher([Fernet.generate_key()])
            pacer = RedisSendPacer(
                redis, overall_per_second=1e6, chat_interval_s=0.001, group_interval_s=0.001,
                namespace=f"bench-pipeline-{time.time_ns()}",
            )  # fmt: skip
            real = _pipeline(
                uow_factory=lambda: PostgresUnitOfWork(pool, cipher),
                catalog=PostgresFoodCatalog(pool), clock=SystemClock(),
                ids=await snowflake_ids(pool), interpreter=interpreter,
                messenger=TelegramMessenger(bot, Delivery(pacer)), signer=signer,
            )  # fmt: skip
            db_mem = MemoryDatabase()
            memory = _pipeline(
                uow_factory=lambda: MemoryUnitOfWork(db_mem),
                catalog=BuiltInFoodCatalog(UsdaIndexCache(tables)),
                clock=FixedClock(datetime.now(UTC)), ids=SequentialIds(),
                interpreter=interpreter, messenger=RecordingMessenger(), signer=signer,
            )  # fmt: skip
            # Warm-up: every chat registers its user; caches and indexes fill.
            for n, chat in enumerate(chats):
                for handle in (real, memory):
                    reply = await handle(chat, n, MEALS[n % len(MEALS)])
                    intents[reply.intent.value] = intents.get(reply.intent.value, 0) + 1
            for run in range(ctx.repeats):
                first = 1_000_000 * (run + 1)
                rates.append(await _throughput(real, chats, count, first))
                base_rates.append(await _throughput(memory, chats, count, first))
                later = first + count
                p95.append(1000 * percentile(await _latencies(real, chats, sequential, later), 95))
                base = await _latencies(memory, chats, sequential, later)
                base_p95.append(1000 * percentile(base, 95))
            sent = tg.sent_messages()
        finally:
            await bot.session.close()
            await redis.aclose()
            await pool.close()
    note = (
        f"{count} msgs over {CONCURRENCY} concurrent chats; latency: {sequential} one at a time; "
        f"warm-up intents {intents}; {sent} replies reached the fake Telegram"
    )
    common = {"scenario": "text food-log pipeline", "baseline_label": "memory"}
    return [
        Row(measure="messages/s", unit="msg/s", values=rates, baseline=base_rates,
            target="≥ 200 msg/s", check=lambda v, _: v >= 200, note=note, **common),
        Row(measure="p95 latency", unit="ms", values=p95, baseline=base_p95,
            target="overhead ≤ 15 ms", check=lambda v, b: b is not None and v - b <= 15,
            **common),
    ]  # fmt: skip

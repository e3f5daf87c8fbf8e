"""Scenario 5: messages to the fake Telegram (its rate limits on) through the real
RedisSendPacer, Delivery and TelegramMessenger: achieved msg/s against the 30 msg/s ceiling."""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from adapters.redis.send_pacing import RedisSendPacer
from adapters.telegram.bot import create_bot
from adapters.telegram.delivery import Delivery
from adapters.telegram.messenger import TelegramMessenger
from bench.common import Context, Row
from tests.fakes.telegram import running_telegram

CEILING = 30.0
CHATS = 200  # each chat gets a message every ~7 s: the 1 msg/s per chat is never the limit


async def measure(ctx: Context) -> list[Row]:
    count = 60 if ctx.quick else 1000
    repeats = 1 if not ctx.quick else ctx.repeats  # ~33 s each in the full run
    rates: list[float] = []
    refused = 0
    with running_telegram() as tg:
        users = [tg.updates.user() for _ in range(CHATS)]
        redis = Redis.from_url(ctx.redis_url)
        bot = create_bot(tg.token, tg.base_url)
        try:
            for run in range(repeats):
                pacer = RedisSendPacer(redis, namespace=f"bench-pace-{run}-{time.time_ns()}")
                messenger = TelegramMessenger(bot, Delivery(pacer))
                sent_before = len(tg.calls("sendMessage"))
                began = time.perf_counter()
                await asyncio.gather(
                    *(
                        messenger.send_text(users[i % CHATS].id, f"Доброго ранку! #{i}")
                        for i in range(count)
                    )
                )
                took = time.perf_counter() - began
                calls = tg.calls("sendMessage")[sent_before:]
                refused += sum(1 for c in calls if c.status == 429)
                ok = sum(1 for c in calls if c.status == 200)
                # The first message goes at once: n messages span n - 1 gaps.
                rates.append((ok - 1) / took)
        finally:
            await bot.session.close()
            await redis.aclose()
    note = f"{count} messages to {CHATS} chats" + ("" if ctx.quick else "; one repeat (~33 s)")
    return [
        Row(scenario="send pacing", measure="achieved rate", unit="msg/s", values=rates,
            baseline=[CEILING], baseline_label="ceiling", target="≥ 95 % of 30 msg/s",
            check=lambda v, b: b is not None and 0.95 * b <= v <= b * 1.001, note=note),
        Row(scenario="send pacing", measure="429 answers", unit="", values=[float(refused)],
            target="0", check=lambda v, _: v == 0),
    ]  # fmt: skip

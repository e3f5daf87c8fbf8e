"""The webhook's door: who may knock, what counts as an update, and that an acknowledged update
survives whatever happens to the processes afterwards."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import redis.asyncio
from arq import func
from arq.constants import default_queue_name

from adapters.memory.kit import MemoryKit
from adapters.observability.metrics import Metrics
from entrypoints.bot.intake import PROCESS_UPDATE_JOB
from entrypoints.runtime import Servers
from tests.fakes.telegram import SAMPLE_VOICE, FakeTelegram
from tests.support.http import serve
from tests.telegram.conftest import Chat, webhook_app
from tests.telegram.support import (
    SECRET,
    MemoryPorts,
    bot_container,
    bot_settings,
    entries_of,
    run_queued_jobs,
    user_by_telegram_id,
)

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")


async def queued_jobs(redis_url: str) -> int:
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        return int(await client.zcard(default_queue_name))
    finally:
        await client.aclose()


@pytest.mark.parametrize("secret", [None, "wrong-secret", ""])
async def test_a_wrong_or_missing_secret_is_401_and_nothing_is_queued(
    chat: Chat, redis_url: str, secret: str | None
) -> None:
    response = await chat.post(chat.tg.updates.text("2 eggs"), secret=secret)

    assert response.status_code == 401
    assert "X-Telegram-Bot-Api-Secret-Token" in response.json()["error"]
    assert await queued_jobs(redis_url) == 0


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"update_id": 1, "message": ', "malformed JSON"),
        (b"[1, 2]", "not a Telegram update"),
        (b'{"update_id": "7"}', "not a Telegram update"),
        (b'{"message": {}}', "update_id"),
    ],
)
async def test_what_is_not_an_update_is_400_with_a_reason(
    chat: Chat, redis_url: str, body: bytes, says: str
) -> None:
    response = await chat.post(body)

    assert response.status_code == 400
    assert says in response.json()["error"]
    assert await queued_jobs(redis_url) == 0


async def test_unknown_fields_are_accepted_and_ignored(chat: Chat, kit: MemoryKit) -> None:
    olena = chat.tg.updates.user("Olena")
    update = chat.tg.updates.text("2 eggs", user=olena)
    update["some_future_field"] = {"x": 1}
    update["message"]["reactions_of_2030"] = [1, 2, 3]

    await chat.send(update)

    assert "Total: 143 kcal" in chat.tg.last_message(olena.id)["text"]


async def test_an_update_is_remembered_for_two_days(chat: Chat, redis_url: str) -> None:
    update = chat.tg.updates.text("2 eggs")
    await chat.post(update)

    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        ttl = await client.ttl(f"job-seen:telegram-update-{update['update_id']}")
    finally:
        await client.aclose()
    assert ttl > 47 * 3600


async def test_without_a_bot_token_there_is_no_webhook(
    tg: FakeTelegram, bot_servers: Servers, ports: MemoryPorts
) -> None:
    settings = bot_settings(tg, TELEGRAM_BOT_TOKEN="", TELEGRAM_WEBHOOK_SECRET="")
    container = bot_container(settings, bot_servers, ports)
    async with serve(webhook_app(container)) as base_url, httpx.AsyncClient() as http:
        response = await http.post(f"{base_url}/telegram/webhook", json={"update_id": 1})
    assert response.status_code == 404


async def test_an_update_acknowledged_by_a_process_that_then_died_is_still_handled(
    tg: FakeTelegram, bot_servers: Servers, ports: MemoryPorts, kit: MemoryKit, redis_url: str
) -> None:
    olena = tg.updates.user("Olena")
    web = bot_container(bot_settings(tg), bot_servers, ports)
    async with serve(webhook_app(web)) as base_url, httpx.AsyncClient() as http:
        response = await http.post(
            f"{base_url}/telegram/webhook",
            json=tg.updates.text("2 eggs", user=olena),
            headers={"X-Telegram-Bot-Api-Secret-Token": "webhook-secret_for-tests"},
        )
    assert response.status_code == 200
    # The web process is gone (its container closed with it); a worker starts afresh.
    worker = bot_container(bot_settings(tg), bot_servers, ports)
    try:
        await run_queued_jobs(worker, redis_url)
    finally:
        await worker.close()

    assert "Total: 143 kcal" in tg.last_message(olena.id)["text"]


async def test_a_worker_stopped_mid_job_leaves_the_update_for_the_next(
    chat: Chat, kit: MemoryKit, redis_url: str
) -> None:
    """A worker shut down while handling an update (a deploy): the job goes back to the queue.
    A killed one (SIGKILL) leaves it too, for arq to hand out when its in-progress mark expires."""
    olena = chat.tg.updates.user("Olena")
    await chat.post(chat.tg.updates.text("2 eggs", user=olena))

    async def interrupted(ctx: dict[str, object], payload: bytes) -> None:
        raise asyncio.CancelledError  # what a stopping worker does to its running jobs

    stopping = [func(interrupted, name=PROCESS_UPDATE_JOB)]
    await run_queued_jobs(chat.container, redis_url, functions=stopping, max_burst_jobs=1)
    assert await queued_jobs(redis_url) == 1
    await chat.run_jobs()

    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    assert len(await entries_of(kit, user.id)) == 1
    assert await queued_jobs(redis_url) == 0


async def test_a_service_that_is_down_makes_the_job_retry_later(
    chat: Chat, kit: MemoryKit, redis_url: str
) -> None:
    kit.speech.transcripts[SAMPLE_VOICE] = "2 eggs"
    olena = chat.tg.updates.user("Olena")
    chat.tg.fail_next(3, methods=["getFile"])  # every attempt of the first try

    await chat.post(chat.tg.updates.voice(SAMPLE_VOICE, user=olena))
    await run_queued_jobs(chat.container, redis_url, max_burst_jobs=1)  # the first try
    assert await queued_jobs(redis_url) == 1  # deferred, not lost
    assert chat.tg.sent_messages(olena.id) == []
    client = redis.asyncio.Redis.from_url(redis_url)
    try:  # the back-off has passed
        [job_id] = await client.zrange(default_queue_name, 0, -1)
        await client.zadd(default_queue_name, {job_id: int(time.time() * 1000)})
    finally:
        await client.aclose()
    await chat.run_jobs()

    reply = chat.tg.last_message(olena.id)
    assert reply["text"].startswith("🎙 “2 eggs”") and "143 kcal" in reply["text"]
    user = await user_by_telegram_id(kit, olena.id)
    assert user is not None
    assert len(await entries_of(kit, user.id)) == 1


async def test_an_update_sent_in_chunks_takes_the_framework_route_all_the_same(
    chat: Chat, redis_url: str
) -> None:
    """No Content-Length (chunked): not the fast lane's case; the Litestar route queues it."""
    update = chat.tg.updates.text("2 eggs")
    body = httpx.Request("POST", "http://x", json=update).content

    async def chunks() -> AsyncIterator[bytes]:
        yield body[:10]
        yield body[10:]

    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    response = await chat.http.post("/telegram/webhook", content=chunks(), headers=headers)

    assert response.status_code == 200
    assert await queued_jobs(redis_url) == 1
    replay = await chat.post(update)  # the fast lane knows it was queued
    assert replay.status_code == 200
    assert await queued_jobs(redis_url) == 1


async def test_a_body_larger_than_any_update_is_413(chat: Chat, redis_url: str) -> None:
    response = await chat.post(b'{"update_id": 1, "pad": "' + b"x" * (1024 * 1024) + b'"}')

    assert response.status_code == 413
    assert response.json()["error"]
    assert await queued_jobs(redis_url) == 0


async def test_only_post_is_allowed(chat: Chat) -> None:
    response = await chat.http.get("/telegram/webhook")
    assert response.status_code == 405


async def test_the_fast_lane_is_observed_like_every_route(chat: Chat) -> None:
    """Request id echoed (a sane one kept), the duration counted under the route template."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "X-Request-ID": "trace-42"}
    response = await chat.http.post(
        "/telegram/webhook", json=chat.tg.updates.text("2 eggs"), headers=headers
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "trace-42"
    metrics = await chat.container.get(Metrics)
    samples = {
        (s.labels["route"], s.labels["status"]): s.value
        for metric in metrics.registry.collect()
        for s in metric.samples
        if s.name == "http_request_duration_seconds_count"
    }
    assert samples[("/telegram/webhook", "200")] >= 1


async def test_redis_down_is_503_so_that_telegram_delivers_again(
    tg: FakeTelegram, bot_servers: Servers, ports: MemoryPorts
) -> None:
    down = Servers(database_url=bot_servers.database_url, redis_url="redis://127.0.0.1:9/0")
    container = bot_container(bot_settings(tg), down, ports)
    try:
        async with serve(webhook_app(container)) as base_url, httpx.AsyncClient() as http:
            response = await http.post(
                f"{base_url}/telegram/webhook",
                json=tg.updates.text("2 eggs"),
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
    finally:
        await container.close()
    assert response.status_code == 503
    assert response.json() == {"error": "try again later"}

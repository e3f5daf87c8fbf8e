"""Two worker processes, one Redis, one PostgreSQL, a simulated day.

Users in Kyiv, New York and Tokyo (one of them linked to WHOOP) and the fake Telegram in this
process, reached by the workers over HTTP. Simulated time goes from Tuesday 2025-03-04 06:00
UTC through 24 h in 15-minute steps; the worker processes read "now" from a file the test
writes (a test-only Clock provider, see day_worker.py).

arq's own cron runs on wall time, so the test plays the cron instead: at each step it queues
every tick of the cron table whose schedule fell in the last 15 minutes, with the job id arq's
`unique=True` cron gives it (`<name>:<scheduled ms>`), twice — as each worker's cron would —
and waits until the two workers, racing for the shared queue, have run them all.

Then: each user got each briefing exactly once (the fake's records), the WHOOP reconcile
queued one `sync_wearable` per hour for the linked user (those jobs wait on the long queue,
which these workers do not serve: no WHOOP is called), and the conversation cleanup ran once.
The window is chosen so that every user's 08:00 and 21:00 fall inside it exactly once and no
Monday (the weekly report) is anyone's local date in it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from arq.connections import ArqRedis
from arq.cron import CronJob

from adapters.memory.system import FixedClock
from application.ports.connections import ProviderCredentials
from application.ports.unit_of_work import UnitOfWork
from domain.connections import ConnectionStatus, Provider, ProviderConnection
from domain.ids import UserId
from entrypoints.ioc import make_container
from entrypoints.runtime import Servers
from entrypoints.worker.queues import LONG_QUEUE, SHORT_QUEUE
from entrypoints.worker.schedules import cron_table
from tests.contracts.seed import next_id
from tests.fakes.telegram import FakeTelegram, RateLimits, running_telegram
from tests.worker.support import (
    FixedTime,
    add_user,
    arq_client,
    queue_tick,
    worker_env,
    worker_settings_for,
)

START = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)  # a Tuesday; 08:00 in Kyiv
STEP = timedelta(minutes=15)
STEPS = 96
ZONES = ("Europe/Kyiv", "America/New_York", "Asia/Tokyo")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    with running_telegram(rate_limits=RateLimits(enabled=False)) as fake:
        yield fake


def _matches(value: int, wanted: int | set[int] | None) -> bool:
    return wanted is None or value == wanted or (isinstance(wanted, set) and value in wanted)


def last_run_in(job: CronJob, after: datetime, upto: datetime) -> datetime | None:
    """The latest minute in (after, upto] the cron entry `job` fires at."""
    at = upto.replace(second=0, microsecond=0)
    while at > after:
        if _matches(at.hour, job.hour) and _matches(at.minute, job.minute):
            return at
        at -= timedelta(minutes=1)
    return None


class DayWorkers:
    """Two `tests.worker.day_worker` processes on the same servers."""

    def __init__(self, env: dict[str, str], tmp: Path) -> None:
        self.clock_file = tmp / "now"
        self._ready = [tmp / f"ready-{n}" for n in range(2)]
        self._env = env
        self._processes: list[asyncio.subprocess.Process] = []

    def set_now(self, now: datetime) -> None:
        temporary = self.clock_file.with_suffix(".tmp")
        temporary.write_text(now.isoformat())
        temporary.replace(self.clock_file)  # a reader never sees half a timestamp

    async def start(self) -> None:
        for ready in self._ready:
            env = {
                **os.environ,
                **self._env,
                "DAY_CLOCK_FILE": str(self.clock_file),
                "DAY_READY_FILE": str(ready),
            }
            self._processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "tests.worker.day_worker", cwd=ROOT, env=env
                )
            )
        for _ in range(600):
            if all(ready.exists() for ready in self._ready):
                return
            assert all(p.returncode is None for p in self._processes), "a worker process died"
            await asyncio.sleep(0.05)
        raise AssertionError("the worker processes did not start")

    async def stop(self) -> None:
        for process in self._processes:
            process.terminate()
        for process in self._processes:
            try:
                await asyncio.wait_for(process.wait(), timeout=20)
            except TimeoutError:
                process.kill()

    @property
    def pids(self) -> set[int]:
        return {int(ready.read_text()) for ready in self._ready}


async def drained(arq: ArqRedis, workers: DayWorkers) -> None:
    """Until the short queue is empty (arq removes a job from it when the job is done)."""
    for _ in range(1500):
        if await arq.zcard(SHORT_QUEUE) == 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"jobs left at {workers.clock_file.read_text()}")


async def seed(
    tg: FakeTelegram, database_url: str, redis_url: str
) -> tuple[dict[str, int], UserId]:
    """A user in each zone (their chats exist in the fake); the Kyiv one linked to WHOOP."""
    settings = worker_settings_for(database_url, redis_url, tg.base_url, tg.token)
    container = make_container(
        settings, Servers(database_url, redis_url), FixedTime(FixedClock(START))
    )
    chats: dict[str, int] = {}
    try:
        users = []
        for zone in ZONES:
            chat = tg.updates.user(zone.split("/")[1])
            users.append(await add_user(container, next_id(), chat.id, zone))
            chats[zone] = chat.id
        linked = users[0].id
        async with container() as request:
            uow = await request.get(UnitOfWork)
            async with uow:
                await uow.connections.save(
                    ProviderConnection(
                        user_id=linked,
                        provider=Provider.WHOOP,
                        status=ConnectionStatus.CONNECTED,
                        connected_at=START - timedelta(days=30),
                    ),
                    ProviderCredentials(
                        access_token="access",
                        refresh_token="refresh",
                        expires_at=START + timedelta(days=30),  # no refresh due today
                    ),
                )
                await uow.commit()
    finally:
        await container.close()
    return chats, linked


async def test_two_workers_through_a_day_send_each_briefing_once(
    tg: FakeTelegram, database_url: str, redis_url: str, tmp_path: Path
) -> None:
    chats, linked = await seed(tg, database_url, redis_url)
    workers = DayWorkers(worker_env(database_url, redis_url, tg.base_url, tg.token), tmp_path)
    workers.set_now(START)
    arq = await arq_client(redis_url)
    table = cron_table()
    try:
        await workers.start()
        for step in range(STEPS):
            now = START + step * STEP
            workers.set_now(now)
            for job in table:
                at = last_run_in(job, now - STEP, now)
                if at is not None:
                    assert await queue_tick(arq, job.name, at)
                    assert not await queue_tick(arq, job.name, at)  # the other worker's cron
            await drained(arq, workers)
        results = await arq.all_job_results()
        long_queue = {member.decode() for member in await arq.zrange(LONG_QUEUE, 0, -1)}
    finally:
        await workers.stop()
        await arq.aclose()

    assert len(workers.pids) == 2
    for zone, chat_id in chats.items():
        texts = [message["text"] for message in tg.sent_messages(chat_id)]
        assert len(texts) == 2, (zone, texts)  # the morning briefing and the evening summary
        assert texts[0] != texts[1]
    hours = [(START + timedelta(hours=h)).strftime("%Y%m%d%H") for h in range(24)]
    assert long_queue == {f"sync_wearable:{linked}:{hour}" for hour in hours}
    cleanups = [r for r in results if r.function == "clean_up_conversations"]
    assert len(cleanups) == 1 and cleanups[0].success
    ticks = [r for r in results if r.function == "briefings_tick"]
    assert len(ticks) == STEPS and all(r.success for r in ticks)

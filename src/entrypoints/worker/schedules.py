"""The cron table (docs/worker.md) and the jobs behind it.

Every worker process runs the same table; arq's `unique=True` gives a tick the same job id in
every process (its name and scheduled time), and the result is kept for CRON_KEEP_S so a worker
whose clock lags finds the tick done instead of running it again. Effects are then single by
construction: fan-outs queue per-user jobs whose ids carry the hour (kept `unique_for` longer
than the hour); the briefing tick claims the ledger; cleanups are idempotent deletes. Every tick
takes "now" from the Clock port, never from the machine.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from arq.cron import CronJob, cron
from dishka.integrations.arq import FromDishka, inject

from application.briefings.send_due_briefings import SendDueBriefings, SendDueBriefingsRequest
from application.connections.check_diary_connection import CheckDiaryConnectionRequest
from application.connections.complete_connection import SYNC_WEARABLE_JOB
from application.connections.refresh_due_credentials import (
    RefreshDueCredentials,
    RefreshDueCredentialsRequest,
)
from application.conversations.clean_up_conversations import (
    CleanUpConversations,
    CleanUpConversationsRequest,
)
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.sync.drain_diary_outbox import DrainDiaryOutbox, DrainDiaryOutboxRequest
from application.sync.sync_diary import SyncDiaryRequest
from application.sync.sync_wearable import SyncWearableRequest
from domain.briefings.schedule import BriefingKind
from domain.connections import Provider
from domain.conversation import RetentionPolicy
from domain.ids import UserId
from entrypoints.config import Settings
from entrypoints.worker.queues import RoutedJobQueue
from entrypoints.worker.retries import retried_when_down
from entrypoints.worker.sync_jobs import CHECK_DIARY_CONNECTION_JOB, SYNC_DIARY_JOB, count_syncs

log = logging.getLogger(__name__)

CRON_KEEP_S = 2 * 3600
PAGE = 500
INBOUND_EVENTS_KEPT = timedelta(hours=48)


async def fan_out(
    uow: UnitOfWork,
    jobs: RoutedJobQueue,
    provider: Provider,
    *,
    job: str,
    payload: Any,
    slot: str,
    unique_for: timedelta,
) -> int:
    """Queue `job` once per user connected to `provider`, with id "job:user:slot": a tick run
    twice in the slot queues nothing twice. Returns how many were queued now."""
    queued = 0
    after: UserId | None = None
    while True:
        async with uow:
            users = await uow.connections.connected_users(provider, after=after, limit=PAGE)
        for user_id in users:
            queued += await jobs.enqueue(
                job, payload(user_id), job_id=f"{job}:{user_id}:{slot}", unique_for=unique_for
            )
        if len(users) < PAGE:
            return queued
        after = users[-1]


def hour_slot(now: datetime) -> str:
    return now.strftime("%Y%m%d%H")


def half_hour_slot(now: datetime) -> str:
    return f"{hour_slot(now)}{now.minute // 30}"


@inject
async def reconcile_wearables(
    ctx: dict[str, Any],
    uow: FromDishka[UnitOfWork],
    jobs: FromDishka[RoutedJobQueue],
    clock: FromDishka[Clock],
) -> int:
    """Hourly: one `sync_wearable` per linked WHOOP user (cursor + 3-day look-back)."""
    with retried_when_down(ctx):
        return await fan_out(
            uow,
            jobs,
            Provider.WHOOP,
            job=SYNC_WEARABLE_JOB,
            payload=lambda user_id: SyncWearableRequest(user_id=user_id),
            slot=hour_slot(clock.now()),
            unique_for=timedelta(hours=2),
        )


@inject
async def import_diaries(
    ctx: dict[str, Any],
    uow: FromDishka[UnitOfWork],
    jobs: FromDishka[RoutedJobQueue],
    clock: FromDishka[Clock],
) -> int:
    """Hourly: one `sync_diary` (today and 3 days back) per linked FatSecret user."""
    with retried_when_down(ctx):
        return await fan_out(
            uow,
            jobs,
            Provider.FATSECRET,
            job=SYNC_DIARY_JOB,
            payload=lambda user_id: SyncDiaryRequest(user_id=user_id, days_back=3),
            slot=hour_slot(clock.now()),
            unique_for=timedelta(hours=2),
        )


@inject
async def check_diary_links(
    ctx: dict[str, Any],
    uow: FromDishka[UnitOfWork],
    jobs: FromDishka[RoutedJobQueue],
    clock: FromDishka[Clock],
) -> int:
    """Every 30 min: one `check_diary_connection` per linked FatSecret user (the use case
    tells a user once per breakage, through the ledger)."""
    with retried_when_down(ctx):
        return await fan_out(
            uow,
            jobs,
            Provider.FATSECRET,
            job=CHECK_DIARY_CONNECTION_JOB,
            payload=lambda user_id: CheckDiaryConnectionRequest(user_id=user_id),
            slot=half_hour_slot(clock.now()),
            unique_for=timedelta(hours=1),
        )


@inject
async def refresh_wearable_tokens(
    ctx: dict[str, Any], use: FromDishka[RefreshDueCredentials]
) -> int:
    """Every 30 min: WHOOP tokens expiring within 30 min (single-flight per user)."""
    with retried_when_down(ctx):
        done = await use.execute(RefreshDueCredentialsRequest())
    return done.refreshed


@inject
async def drain_diary_outbox(ctx: dict[str, Any], use: FromDishka[DrainDiaryOutbox]) -> int:
    """Every minute: queued diary writes out to FatSecret (retries and reconciliation are the
    use case's: a lost answer is looked up before a create is sent again)."""
    try:
        with retried_when_down(ctx):
            done = await use.execute(DrainDiaryOutboxRequest())
    except Exception:
        count_syncs(ctx, Provider.FATSECRET, failure=1)
        raise
    # Each diary write is a sync with FatSecret; a create found already written counts too.
    count_syncs(
        ctx, Provider.FATSECRET, success=done.written + done.reconciled, failure=done.failed
    )
    return done.written


@inject
async def briefings_tick(ctx: dict[str, Any], use: FromDishka[SendDueBriefings]) -> dict[str, int]:
    """Every minute: morning, evening and weekly briefings due at the users' local time."""
    sent: dict[str, int] = {}
    with retried_when_down(ctx):
        for kind in BriefingKind:
            done = await use.execute(SendDueBriefingsRequest(kind=kind))
            sent[kind.value] = done.sent
    return sent


@inject
async def clean_up_conversations(
    ctx: dict[str, Any], use: FromDishka[CleanUpConversations], settings: FromDishka[Settings]
) -> int:
    """03:00 UTC: conversation messages past CONVERSATION_RETENTION_DAYS."""
    retention = RetentionPolicy(days=settings.CONVERSATION_RETENTION_DAYS)
    with retried_when_down(ctx):
        done = await use.execute(CleanUpConversationsRequest(retention=retention))
    return done.deleted


@inject
async def housekeeping(
    ctx: dict[str, Any], uow: FromDishka[UnitOfWork], clock: FromDishka[Clock]
) -> dict[str, int]:
    """Hourly: inbound event keys older than 48 h (Telegram and WHOOP re-send within hours) and
    expired OAuth connection states."""
    now = clock.now()
    with retried_when_down(ctx):
        async with uow:
            events = await uow.inbound_events.forget_before(now - INBOUND_EVENTS_KEPT)
            states = await uow.connection_states.delete_expired(now)
            await uow.commit()
    return {"inbound_events": events, "connection_states": states}


EVERY_MINUTE: set[int] | None = None  # arq: every minute, at second 0
HALF_HOURS = {0, 30}


def _cron(job: Any, *, timeout_s: int, max_tries: int = 3, **when: Any) -> CronJob:
    return cron(
        job,
        name=job.__name__,
        unique=True,
        timeout=timeout_s,
        max_tries=max_tries,
        keep_result=CRON_KEEP_S,
        **when,
    )


def cron_table(*, whoop: bool = True, fatsecret: bool = True) -> list[CronJob]:
    """The seed's table (docs/worker.md); minutes staggered so the hourly fan-outs do not all
    start at :00. A provider that is not configured has no jobs (they could only fail)."""
    table = []
    if whoop:
        table += [
            _cron(reconcile_wearables, minute=5, timeout_s=300),
            _cron(refresh_wearable_tokens, minute=HALF_HOURS, timeout_s=600),
        ]
    if fatsecret:
        table += [
            _cron(import_diaries, minute=10, timeout_s=300),
            _cron(check_diary_links, minute={15, 45}, timeout_s=300),
            _cron(drain_diary_outbox, minute=EVERY_MINUTE, timeout_s=300, max_tries=1),
        ]
    return [
        *table,
        _cron(briefings_tick, minute=EVERY_MINUTE, timeout_s=900, max_tries=1),
        _cron(clean_up_conversations, hour=3, minute=0, timeout_s=600),
        _cron(housekeeping, minute=40, timeout_s=300),
    ]


def configured_cron_table(settings: Settings) -> list[CronJob]:
    return cron_table(
        whoop=bool(settings.WHOOP_CLIENT_ID and settings.WHOOP_CLIENT_SECRET),
        fatsecret=bool(settings.FATSECRET_CONSUMER_KEY and settings.FATSECRET_CONSUMER_SECRET),
    )


def schedule_names() -> list[str]:
    return [job.name for job in cron_table()]

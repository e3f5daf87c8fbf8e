"""Per-user jobs queued by the use cases and the fan-outs: WHOOP syncs and record fetches,
the FatSecret diary import and link check. Each takes one msgspec JSON payload (the use case's
request) and runs the use case; an outage retries the job with backoff (`retried_when_down`).
Every use case here is safe to run twice (upserts, keyed imports, the ledger)."""

from __future__ import annotations

from typing import Any

import msgspec
from arq.worker import func
from dishka.integrations.arq import FromDishka, inject

from application.connections.check_diary_connection import (
    CheckDiaryConnection,
    CheckDiaryConnectionRequest,
)
from application.connections.complete_connection import SYNC_WEARABLE_JOB
from application.sync.fetch_wearable_record import (
    FETCH_WEARABLE_RECORD_JOB,
    FetchWearableRecord,
    FetchWearableRecordRequest,
)
from application.sync.sync_diary import SyncDiary, SyncDiaryRequest
from application.sync.sync_wearable import SyncWearable, SyncWearableRequest
from entrypoints.worker.retries import retried_when_down

SYNC_DIARY_JOB = "sync_diary"
CHECK_DIARY_CONNECTION_JOB = "check_diary_connection"

SHORT_TIMEOUT_S = 120
LONG_TIMEOUT_S = 30 * 60  # 30 days of WHOOP pages, waiting on the shared request budget


@inject
async def sync_wearable(ctx: dict[str, Any], payload: bytes, use: FromDishka[SyncWearable]) -> str:
    with retried_when_down(ctx):
        done = await use.execute(msgspec.json.decode(payload, type=SyncWearableRequest))
    return done.status.value


@inject
async def fetch_wearable_record(
    ctx: dict[str, Any], payload: bytes, use: FromDishka[FetchWearableRecord]
) -> str:
    with retried_when_down(ctx):
        done = await use.execute(msgspec.json.decode(payload, type=FetchWearableRecordRequest))
    return done.outcome.value


@inject
async def sync_diary(ctx: dict[str, Any], payload: bytes, use: FromDishka[SyncDiary]) -> str:
    with retried_when_down(ctx):
        done = await use.execute(msgspec.json.decode(payload, type=SyncDiaryRequest))
    return done.status.value


@inject
async def check_diary_connection(
    ctx: dict[str, Any], payload: bytes, use: FromDishka[CheckDiaryConnection]
) -> str:
    with retried_when_down(ctx):
        done = await use.execute(msgspec.json.decode(payload, type=CheckDiaryConnectionRequest))
    return done.health.value


def short_sync_jobs() -> list[Any]:
    """Per-user jobs of the default queue. Results are not kept: a job id is free again once
    done (the fan-outs' ids carry their hour, and `unique_for` keeps them for longer)."""
    return [
        func(
            fetch_wearable_record,
            name=FETCH_WEARABLE_RECORD_JOB,
            max_tries=8,
            timeout=SHORT_TIMEOUT_S,
            keep_result=0,
        ),
        func(sync_diary, name=SYNC_DIARY_JOB, max_tries=5, timeout=300, keep_result=0),
        func(
            check_diary_connection,
            name=CHECK_DIARY_CONNECTION_JOB,
            max_tries=3,
            timeout=SHORT_TIMEOUT_S,
            keep_result=0,
        ),
    ]


def long_sync_jobs() -> list[Any]:
    """Jobs of LONG_QUEUE (see queues.py)."""
    return [
        func(
            sync_wearable,
            name=SYNC_WEARABLE_JOB,
            max_tries=5,
            timeout=LONG_TIMEOUT_S,
            keep_result=0,
        )
    ]

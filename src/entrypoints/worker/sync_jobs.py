"""Per-user jobs queued by the use cases and the fan-outs: WHOOP syncs and record fetches,
the FatSecret diary import and link check. Each takes one msgspec JSON payload (the use case's
request) and runs the use case; an outage retries the job with backoff (`retried_when_down`).
Every use case here is safe to run twice (upserts, keyed imports, the ledger)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import msgspec
from arq.worker import func
from dishka.integrations.arq import FromDishka, inject

from adapters.observability.metrics import Metrics
from application.connections.check_diary_connection import (
    CheckDiaryConnection,
    CheckDiaryConnectionRequest,
)
from application.connections.complete_connection import SYNC_WEARABLE_JOB
from application.sync.fetch_wearable_record import (
    FETCH_WEARABLE_RECORD_JOB,
    FetchOutcome,
    FetchWearableRecord,
    FetchWearableRecordRequest,
)
from application.sync.sync_diary import DiarySyncStatus, SyncDiary, SyncDiaryRequest
from application.sync.sync_wearable import SyncStatus, SyncWearable, SyncWearableRequest
from domain.connections import Provider
from entrypoints.worker.observe import METRICS_KEY
from entrypoints.worker.retries import retried_when_down

SYNC_DIARY_JOB = "sync_diary"
CHECK_DIARY_CONNECTION_JOB = "check_diary_connection"

SHORT_TIMEOUT_S = 120
LONG_TIMEOUT_S = 30 * 60  # 30 days of WHOOP pages, waiting on the shared request budget

# Whether a finished sync counts as a success (True) or a failure (False) in sync_total; a user
# with no link (None) had nothing to sync and is not counted at all.
_SYNC_OUTCOMES = {SyncStatus.SYNCED: True, SyncStatus.CREDENTIALS_REJECTED: False}
_DIARY_OUTCOMES = {DiarySyncStatus.SYNCED: True, DiarySyncStatus.CREDENTIALS_REJECTED: False}
_FETCH_OUTCOMES: dict[FetchOutcome, bool | None] = {
    FetchOutcome.NOT_CONNECTED: None,
    FetchOutcome.CREDENTIALS_REJECTED: False,
}


@contextlib.contextmanager
def counted_sync(
    ctx: dict[str, Any], provider: Provider
) -> Iterator[Callable[[bool | None], None]]:
    """Count one sync with `provider` in ctx["metrics"].sync_total: the body calls the yielded
    function with the use case's verdict (True success, False failure, None not counted); an
    exception (an outage that arq retries, or a bug) counts as a failure."""
    verdicts: list[bool | None] = []
    try:
        yield verdicts.append
    except Exception:  # not a cancellation: a job stopped at shutdown has no verdict
        verdicts = [False]
        raise
    finally:
        verdict = verdicts[-1] if verdicts else None
        if verdict is not None:
            count_syncs(ctx, provider, success=int(verdict), failure=int(not verdict))


def count_syncs(
    ctx: dict[str, Any], provider: Provider, *, success: int = 0, failure: int = 0
) -> None:
    """Add to sync_total{provider, outcome} in ctx["metrics"] (absent outside a worker)."""
    metrics: Metrics | None = ctx.get(METRICS_KEY)
    if metrics is None:
        return
    for outcome, n in (("success", success), ("failure", failure)):
        if n:
            metrics.sync_total.labels(provider=provider.value, outcome=outcome).inc(n)


@inject
async def sync_wearable(ctx: dict[str, Any], payload: bytes, use: FromDishka[SyncWearable]) -> str:
    with counted_sync(ctx, Provider.WHOOP) as count, retried_when_down(ctx):
        done = await use.execute(msgspec.json.decode(payload, type=SyncWearableRequest))
        count(_SYNC_OUTCOMES.get(done.status))
    return done.status.value


@inject
async def fetch_wearable_record(
    ctx: dict[str, Any], payload: bytes, use: FromDishka[FetchWearableRecord]
) -> str:
    with counted_sync(ctx, Provider.WHOOP) as count, retried_when_down(ctx):
        done = await use.execute(msgspec.json.decode(payload, type=FetchWearableRecordRequest))
        count(_FETCH_OUTCOMES.get(done.outcome, True))
    return done.outcome.value


@inject
async def sync_diary(ctx: dict[str, Any], payload: bytes, use: FromDishka[SyncDiary]) -> str:
    with counted_sync(ctx, Provider.FATSECRET) as count, retried_when_down(ctx):
        done = await use.execute(msgspec.json.decode(payload, type=SyncDiaryRequest))
        count(_DIARY_OUTCOMES.get(done.status))
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

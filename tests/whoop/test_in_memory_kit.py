"""The webhook and refresh use cases on the in-memory kit (the fakes other tests and the
notebooks use): the memory wearable answers single records like the real gateway."""

from __future__ import annotations

from datetime import date

import msgspec

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.connections.fresh_credentials import FreshCredentials
from application.connections.mark_connection_broken import MarkConnectionBroken
from application.sync.fetch_wearable_record import (
    FetchOutcome,
    FetchWearableRecord,
    FetchWearableRecordRequest,
    RecordChange,
)
from application.sync.reconcile_wearables import ReconcileWearables, ReconcileWearablesRequest
from application.sync.sync_wearable import SyncWearableRequest
from domain.connections import Provider
from domain.recovery.records import RecoveryRecords
from tests.application.helpers import NOW, link, register
from tests.domain.builders import at, recovery, sleep

DAY = date(2025, 3, 10)


def _fetch(kit: MemoryKit) -> FetchWearableRecord:
    broken = MarkConnectionBroken(kit.uow(), kit.clock, kit.messenger)
    fresh = FreshCredentials(kit.uow(), kit.clock, kit.lock, kit.whoop, broken)
    return FetchWearableRecord(kit.uow(), kit.wearable, fresh)


async def test_a_recovery_event_stores_the_sleep_and_its_recovery() -> None:
    kit = MemoryKit(NOW)
    app = MemoryApplication(kit)
    user = await register(app)
    await link(app, user.id, Provider.WHOOP, "w")
    night = sleep(at(DAY, 0), at(DAY, 7), id="s1", cycle_id="c1")
    kit.wearable.record(
        "access-w",
        RecoveryRecords(
            sleeps=(night,), recoveries=(recovery(at(DAY, 7), cycle_id="c1", sleep_id="s1"),)
        ),
    )
    done = await _fetch(kit).execute(
        FetchWearableRecordRequest(
            user_id=user.id, change=RecordChange.RECOVERY_UPDATED, record_id="s1"
        )
    )
    assert (done.outcome, done.written) == (FetchOutcome.STORED, 2)
    gone = await _fetch(kit).execute(
        FetchWearableRecordRequest(
            user_id=user.id, change=RecordChange.SLEEP_UPDATED, record_id="s9"
        )
    )
    assert gone.outcome is FetchOutcome.GONE
    assert kit.wearable.record_fetches == ["s1", "s9"]
    removed = await _fetch(kit).execute(
        FetchWearableRecordRequest(
            user_id=user.id, change=RecordChange.SLEEP_DELETED, record_id="s1"
        )
    )
    assert removed.removed == 2
    async with kit.uow() as uow:
        assert (await uow.recovery.all_of(user.id)).is_empty


async def test_the_hourly_reconcile_queues_one_sync_per_linked_user() -> None:
    kit = MemoryKit(NOW)
    app = MemoryApplication(kit)
    linked = [await register(app, telegram_user_id=t) for t in (1, 2)]
    await register(app, telegram_user_id=3)  # never linked WHOOP
    for user in linked:
        await link(app, user.id, Provider.WHOOP, f"w{user.id}")
    kit.jobs.queued.clear()  # the backfills of the new links ran
    first = await ReconcileWearables(kit.uow(), kit.jobs).execute(ReconcileWearablesRequest())
    again = await ReconcileWearables(kit.uow(), kit.jobs).execute(ReconcileWearablesRequest())
    assert (first.queued, first.already_queued) == (2, 0)
    assert (again.queued, again.already_queued) == (0, 2)  # still queued: not twice
    payloads = [msgspec.json.decode(j.payload, type=SyncWearableRequest) for j in kit.jobs.queued]
    assert sorted(p.user_id for p in payloads) == sorted(u.id for u in linked)

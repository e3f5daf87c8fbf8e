"""Syncing WHOOP into the store: backfills, the hourly reconcile, and records scored late."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from application.sync.sync_wearable import (
    RESOURCE,
    SyncStatus,
    SyncWearableRequest,
    SyncWearableResponse,
)
from domain.connections import Provider
from domain.ids import UserId
from domain.recovery.records import RecoveryRecords, ScoreState
from tests.fakes.whoop import ManualClock
from tests.whoop.world import World


async def _stored(w: World, user_id: UserId) -> RecoveryRecords:
    async with w.uow() as uow:
        return await uow.recovery.all_of(user_id)


async def _sync(w: World, user_id: UserId, **window: object) -> SyncWearableResponse:
    synced = await w.sync().execute(SyncWearableRequest(user_id=user_id, **window))  # type: ignore[arg-type]
    assert synced.status is SyncStatus.SYNCED
    return synced


async def test_a_new_link_backfills_thirty_days(w: World, manual: ManualClock) -> None:
    member = w.fake.add_user()
    w.fake.generate_history(member.user_id, days=45)
    user_id = await w.link(member.user_id)
    [job] = w.jobs.queued
    request = msgspec.json.decode(job.payload, type=SyncWearableRequest)
    synced = await w.sync().execute(request)
    assert (synced.start, synced.end) == (manual() - timedelta(days=30), manual())
    stored = await _stored(w, user_id)
    month_ago = manual() - timedelta(days=30)
    assert {s.id for s in stored.sleeps} == {
        s.id for s in w.fake.sleeps(member.user_id) if s.start >= month_ago
    }


async def test_a_year_of_backfill_lands_every_record_once(w: World, manual: ManualClock) -> None:
    member = w.fake.add_user()
    history = w.fake.generate_history(member.user_id, days=365)
    user_id = await w.connect(member.user_id)
    year = {"start": manual() - timedelta(days=366), "end": manual()}
    first = await _sync(w, user_id, **year)
    manual.advance(minutes=1)  # ~60 requests: the next run needs the next minute's budget
    again = await _sync(w, user_id, **year)  # a second run (a retried job) changes nothing
    stored = await _stored(w, user_id)
    assert first.written == again.written == stored.count
    assert sorted(c.id for c in stored.cycles) == sorted(str(c.id) for c in history.cycles)
    assert sorted(s.id for s in stored.sleeps) == sorted(s.id for s in history.sleeps)
    assert sorted(r.cycle_id for r in stored.recoveries) == sorted(
        str(r.cycle_id) for r in history.recoveries
    )
    assert sorted(x.id for x in stored.workouts) == sorted(x.id for x in history.workouts)
    assert len(history.cycles) >= 364 and len(history.workouts) > 200
    assert w.fake.rate_limited_count == 0


async def test_the_hourly_reconcile_looks_three_days_back_from_its_cursor(
    w: World, manual: ManualClock
) -> None:
    member = w.fake.add_user()
    w.fake.generate_history(member.user_id, days=10)
    user_id = await w.connect(member.user_id)
    first = await _sync(w, user_id)
    manual.advance(hours=1)
    second = await _sync(w, user_id)
    assert first.end is not None and second.start == first.end - timedelta(days=3)
    assert second.end == manual()
    async with w.uow() as uow:
        cursor = await uow.sync_cursors.get(user_id, Provider.WHOOP, RESOURCE)
    assert cursor == manual()


async def test_a_pending_sleep_becomes_scored_after_the_reconcile(
    w: World, manual: ManualClock
) -> None:
    member = w.fake.add_user()
    w.fake.generate_history(member.user_id, days=10)
    # One sleep a week ago is still being scored (WHOOP is slow, the webhook got lost).
    old = w.fake.sleeps(member.user_id)[6]
    w.fake.set_pending(old.id)
    user_id = await w.connect(member.user_id)
    await _sync(w, user_id)
    manual.advance(hours=20)
    _, tonight, _ = w.fake.add_night(member.user_id)  # pending, as a new sleep is
    await _sync(w, user_id)
    stored = {s.id: s for s in (await _stored(w, user_id)).sleeps}
    assert stored[old.id].score_state is ScoreState.PENDING
    assert stored[tonight.id].score_state is ScoreState.PENDING
    w.fake.score(old.id)
    w.fake.score(tonight.id)
    manual.advance(hours=1)
    reconciled = await _sync(w, user_id)
    # The window reached back to the week-old pending sleep, past the three-day look-back.
    assert reconciled.start is not None and reconciled.start <= old.start
    records = await _stored(w, user_id)
    stored = {s.id: s for s in records.sleeps}
    assert stored[old.id].score_state is ScoreState.SCORED and stored[old.id].score
    assert stored[tonight.id].score_state is ScoreState.SCORED
    scored = {r.sleep_id: r for r in records.recoveries}
    assert scored[tonight.id].score_state is ScoreState.SCORED
    manual.advance(hours=1)
    settled = await _sync(w, user_id)
    assert reconciled.end is not None
    assert settled.start == reconciled.end - timedelta(days=3)  # nothing pending any more


async def test_a_sync_of_a_refused_link_stops_and_says_so(w: World) -> None:
    member = w.fake.add_user()
    user_id = await w.connect(member.user_id)
    w.fake.revoke_access(member.user_id)
    synced = await w.sync().execute(SyncWearableRequest(user_id=user_id))
    assert synced.status is SyncStatus.CREDENTIALS_REJECTED
    assert len(w.messenger.sent) == 1  # told once, with the reconnect hint
    again = await w.sync().execute(SyncWearableRequest(user_id=user_id))
    assert again.status is SyncStatus.NOT_CONNECTED and len(w.messenger.sent) == 1

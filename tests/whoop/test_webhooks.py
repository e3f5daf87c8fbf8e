"""WHOOP webhooks: signatures over the raw body, once per trace id, one fetch per event."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from adapters.whoop.webhooks import MalformedWebhookError, WebhookRejectedError, signature
from application.sync.fetch_wearable_record import (
    FETCH_WEARABLE_RECORD_JOB,
    FetchOutcome,
    FetchWearableRecordRequest,
    FetchWearableRecordResponse,
    RecordChange,
)
from application.sync.handle_wearable_webhook import HandleWearableWebhookRequest, WebhookOutcome
from application.sync.sync_wearable import SyncWearableRequest
from domain.ids import UserId
from domain.recovery.records import ScoreState
from tests.fakes.whoop import ManualClock, SignedWebhook
from tests.whoop.world import World

EXAMPLE = "tests/specs/whoop/webhook-signature-example.json"


def _verify(w: World, webhook: SignedWebhook) -> HandleWearableWebhookRequest | None:
    return w.verifier().verify(
        webhook.body,
        webhook.headers.get("X-WHOOP-Signature"),
        webhook.headers.get("X-WHOOP-Signature-Timestamp"),
    )


def test_the_signature_matches_the_contracts_example(project_root: Path) -> None:
    example = json.loads((project_root / EXAMPLE).read_text())
    assert (
        signature(
            example["client_secret"],
            example["X-WHOOP-Signature-Timestamp"],
            example["raw_body"].encode(),
        )
        == example["X-WHOOP-Signature"]
    )


def test_a_genuine_fresh_delivery_is_accepted(w: World) -> None:
    webhook = w.fake.webhook(10129, "ecfc6a15-4661-442f-a9a4-f160dd7afae8", "workout.updated")
    event = _verify(w, webhook)
    assert event is not None
    assert (event.external_user_id, event.change, event.record_id) == (
        "10129",
        RecordChange.WORKOUT_UPDATED,
        "ecfc6a15-4661-442f-a9a4-f160dd7afae8",
    )
    assert event.trace_id == msgspec.json.decode(webhook.body)["trace_id"]


def test_a_forged_signature_or_a_changed_body_is_refused(w: World) -> None:
    webhook = w.fake.webhook(10129, "ecfc6a15-4661-442f-a9a4-f160dd7afae8", "sleep.updated")
    forged = webhook.with_signature(signature("not-the-secret", "1", webhook.body))
    with pytest.raises(WebhookRejectedError):
        _verify(w, forged)
    tampered = SignedWebhook(webhook.body.replace(b"10129", b"10130"), webhook.headers)
    with pytest.raises(WebhookRejectedError):
        _verify(w, tampered)
    unsigned = SignedWebhook(webhook.body, {"Content-Type": "application/json"})
    with pytest.raises(WebhookRejectedError):
        _verify(w, unsigned)


def test_a_stale_or_future_timestamp_is_refused(w: World, manual: ManualClock) -> None:
    now_ms = int(manual().timestamp() * 1000)
    sid = "ecfc6a15-4661-442f-a9a4-f160dd7afae8"
    for skew in (-6 * 60_000, 6 * 60_000):
        webhook = w.fake.webhook(10129, sid, "sleep.updated", timestamp_ms=now_ms + skew)
        with pytest.raises(WebhookRejectedError):
            _verify(w, webhook)
    within = w.fake.webhook(10129, sid, "sleep.updated", timestamp_ms=now_ms - 4 * 60_000)
    assert _verify(w, within) is not None


def test_a_signed_body_we_do_not_understand(w: World) -> None:
    webhook = w.fake.webhook(10129, "x", "sleep.updated")
    stamp = webhook.headers["X-WHOOP-Signature-Timestamp"]
    odd = b'{"user_id":10129,"id":"x","type":"cycle.updated","trace_id":"t-1"}'
    signed = SignedWebhook(odd, {**webhook.headers, "X-WHOOP-Signature": _sig(w, stamp, odd)})
    assert _verify(w, signed) is None  # an event type we do not handle: acknowledge it
    broken = b'{"user_id":"10129"}'
    signed = SignedWebhook(broken, {**webhook.headers, "X-WHOOP-Signature": _sig(w, stamp, broken)})
    with pytest.raises(MalformedWebhookError):
        _verify(w, signed)


def _sig(w: World, stamp: str, body: bytes) -> str:
    return signature(w.fake.client_secret, stamp, body)


async def _deliver(w: World, webhook: SignedWebhook) -> WebhookOutcome:
    event = _verify(w, webhook)
    assert event is not None
    return (await w.handle_webhook().execute(event)).outcome


async def _run_jobs(w: World) -> list[FetchWearableRecordResponse]:
    """What the worker does with the queued fetches."""
    done = []
    while (job := w.jobs.take()) is not None:
        if job.job == FETCH_WEARABLE_RECORD_JOB:
            request = msgspec.json.decode(job.payload, type=FetchWearableRecordRequest)
            done.append(await w.fetch_record().execute(request))
    return done


async def _linked(w: World, days: int = 5) -> tuple[int, UserId]:
    member = w.fake.add_user()
    w.fake.generate_history(member.user_id, days=days)
    return member.user_id, await w.connect(member.user_id)


async def test_a_replayed_webhook_causes_one_fetch(w: World) -> None:
    member, user_id = await _linked(w)
    _, sleep, _ = w.fake.add_night(member, scored=True)
    webhook = w.fake.webhook(member, sleep.id, "sleep.updated")
    assert await _deliver(w, webhook) is WebhookOutcome.QUEUED
    assert await _deliver(w, webhook) is WebhookOutcome.DUPLICATE  # WHOOP's retry, or a replay
    [done] = await _run_jobs(w)
    assert done.outcome is FetchOutcome.STORED
    assert w.fake.count("getSleepById") == 1
    async with w.uow() as uow:
        stored = await uow.recovery.all_of(user_id)
    assert [s.score_state for s in stored.sleeps if s.id == sleep.id] == [ScoreState.SCORED]


async def test_a_recovery_event_fetches_its_sleep_then_the_cycles_recovery(w: World) -> None:
    member, user_id = await _linked(w)
    cycle, sleep, _ = w.fake.add_night(member, scored=True)
    webhook = w.fake.webhook(member, sleep.id, "recovery.updated")  # v2: the SLEEP's id
    assert await _deliver(w, webhook) is WebhookOutcome.QUEUED
    [done] = await _run_jobs(w)
    assert (done.outcome, done.written) == (FetchOutcome.STORED, 2)
    async with w.uow() as uow:
        stored = await uow.recovery.all_of(user_id)
    [recovery] = [r for r in stored.recoveries if r.cycle_id == str(cycle.id)]
    assert recovery.sleep_id == sleep.id and recovery.score is not None
    paths = [r.path for r in w.fake.requests if r.operation != "token"]
    assert paths == [
        f"/developer/v2/activity/sleep/{sleep.id}",
        f"/developer/v2/cycle/{cycle.id}/recovery",
    ]


async def test_deletion_events_delete_without_asking_whoop(w: World) -> None:
    member, user_id = await _linked(w, days=10)
    await w.sync().execute(SyncWearableRequest(user_id=user_id))
    workout, sleep = w.fake.workouts(member)[0], w.fake.sleeps(member)[0]
    requests_before = len(w.fake.requests)
    w.fake.delete_workout(workout.id)
    w.fake.delete_sleep(sleep.id)
    for webhook in (
        w.fake.webhook(member, workout.id, "workout.deleted"),
        w.fake.webhook(member, sleep.id, "sleep.deleted"),
    ):
        assert await _deliver(w, webhook) is WebhookOutcome.QUEUED
    done = await _run_jobs(w)
    assert [d.outcome for d in done] == [FetchOutcome.DELETED] * 2
    assert [d.removed for d in done] == [1, 2]  # the sleep took its recovery along
    async with w.uow() as uow:
        stored = await uow.recovery.all_of(user_id)
    assert workout.id not in {x.id for x in stored.workouts}
    assert sleep.id not in {s.id for s in stored.sleeps}
    assert sleep.id not in {r.sleep_id for r in stored.recoveries}
    assert len(w.fake.requests) == requests_before


async def test_an_event_for_an_account_we_do_not_know_is_acknowledged_and_dropped(
    w: World,
) -> None:
    await _linked(w)
    webhook = w.fake.webhook(999_999, "ecfc6a15-4661-442f-a9a4-f160dd7afae8", "sleep.updated")
    assert await _deliver(w, webhook) is WebhookOutcome.UNKNOWN_ACCOUNT
    assert w.jobs.queued == []

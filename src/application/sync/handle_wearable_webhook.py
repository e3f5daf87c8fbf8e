"""Use case: the wearable pushed a verified event ("this record changed") — queue the fetch of
that one record, once per event.

The event's signature was checked by the adapter before this runs. WHOOP retries a delivery
that is not answered 2xx within a few seconds and may deliver one event twice, so this only
remembers the event's trace id and queues a job (the fetch happens in the worker). The trace id
is remembered in the same transaction that commits after the job is queued: a failure before
the commit leaves the event unremembered, and WHOOP's retry queues it again.
"""

from __future__ import annotations

import enum
from typing import Protocol

import msgspec

from application.ports.coordination import JobQueue
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.sync.fetch_wearable_record import (
    FETCH_WEARABLE_RECORD_JOB,
    FetchWearableRecordRequest,
    RecordChange,
)
from domain.connections import Provider
from domain.ids import UserId


class WearableAccounts(Protocol):
    async def user_with(self, provider: Provider, external_user_id: str) -> UserId | None:
        """Our user with a connected link to the provider's account `external_user_id`, or
        None (never linked, unlinked, or broken: nothing to fetch for them). Raises
        `ServiceUnavailableError` if storage is down."""
        ...


class WebhookOutcome(enum.Enum):
    QUEUED = "queued"
    DUPLICATE = "duplicate"  # this trace id was handled before
    UNKNOWN_ACCOUNT = "unknown_account"  # not (or no longer) linked to any of our users


class HandleWearableWebhookRequest(msgspec.Struct, frozen=True, kw_only=True):
    external_user_id: str  # the provider's user id
    change: RecordChange
    record_id: str  # a sleep's id for recovery changes
    trace_id: str  # the delivery's idempotency key


class HandleWearableWebhookResponse(msgspec.Struct, frozen=True, kw_only=True):
    outcome: WebhookOutcome
    user_id: UserId | None = None


class HandleWearableWebhook:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, accounts: WearableAccounts, jobs: JobQueue
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._accounts = accounts
        self._jobs = jobs

    async def execute(self, request: HandleWearableWebhookRequest) -> HandleWearableWebhookResponse:
        user_id = await self._accounts.user_with(Provider.WHOOP, request.external_user_id)
        if user_id is None:
            return HandleWearableWebhookResponse(outcome=WebhookOutcome.UNKNOWN_ACCOUNT)
        async with self._uow:
            key = f"{Provider.WHOOP.value}:webhook:{request.trace_id}"
            if not await self._uow.inbound_events.remember(key, self._clock.now()):
                return HandleWearableWebhookResponse(
                    outcome=WebhookOutcome.DUPLICATE, user_id=user_id
                )
            await self._jobs.enqueue(
                FETCH_WEARABLE_RECORD_JOB,
                FetchWearableRecordRequest(
                    user_id=user_id, change=request.change, record_id=request.record_id
                ),
                job_id=f"{FETCH_WEARABLE_RECORD_JOB}:{request.trace_id}",
            )
            await self._uow.commit()
        return HandleWearableWebhookResponse(outcome=WebhookOutcome.QUEUED, user_id=user_id)

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from application.errors import CredentialsRejectedError, ServiceUnavailableError
from application.ports.connections import ProviderCredentials
from domain.recovery.records import RecoveryRecords, Sleep, Workout

T = TypeVar("T")


class FakeWearable:
    """Holds each account's records by access token; answers windows of them like WHOOP.

    `rejected` tokens are refused (revoked or expired); `down` makes every call fail."""

    def __init__(self) -> None:
        self.accounts: dict[str, RecoveryRecords] = {}
        self.rejected: set[str] = set()
        self.down = False
        self.fetches: list[tuple[datetime, datetime]] = []
        self.record_fetches: list[str] = []  # ids asked for one at a time

    def record(self, access_token: str, records: RecoveryRecords) -> None:
        """Add records to an account (a later record with the same id replaces the earlier)."""
        held = self.accounts.get(access_token, RecoveryRecords())
        self.accounts[access_token] = RecoveryRecords(
            cycles=_merge(held.cycles, records.cycles, lambda c: c.id),
            sleeps=_merge(held.sleeps, records.sleeps, lambda s: s.id),
            recoveries=_merge(held.recoveries, records.recoveries, lambda r: r.cycle_id),
            workouts=_merge(held.workouts, records.workouts, lambda w: w.id),
        )

    def _held(self, credentials: ProviderCredentials) -> RecoveryRecords:
        if self.down:
            raise ServiceUnavailableError("wearable is down")
        if credentials.access_token in self.rejected:
            raise CredentialsRejectedError("token refused")
        return self.accounts.get(credentials.access_token, RecoveryRecords())

    async def fetch(
        self, credentials: ProviderCredentials, start: datetime, end: datetime
    ) -> RecoveryRecords:
        held = self._held(credentials)
        self.fetches.append((start, end))
        return RecoveryRecords(
            cycles=tuple(c for c in held.cycles if start <= c.start < end),
            sleeps=tuple(s for s in held.sleeps if start <= s.start < end),
            recoveries=tuple(r for r in held.recoveries if start <= r.recorded_at < end),
            workouts=tuple(w for w in held.workouts if start <= w.start < end),
        )

    async def sleep(self, credentials: ProviderCredentials, sleep_id: str) -> Sleep | None:
        held = self._held(credentials)
        self.record_fetches.append(sleep_id)
        return next((s for s in held.sleeps if s.id == sleep_id), None)

    async def workout(self, credentials: ProviderCredentials, workout_id: str) -> Workout | None:
        held = self._held(credentials)
        self.record_fetches.append(workout_id)
        return next((w for w in held.workouts if w.id == workout_id), None)

    async def recovery_after_sleep(
        self, credentials: ProviderCredentials, sleep_id: str
    ) -> RecoveryRecords:
        sleep = await self.sleep(credentials, sleep_id)
        if sleep is None:
            return RecoveryRecords()
        held = self._held(credentials)
        recovery = next((r for r in held.recoveries if r.cycle_id == sleep.cycle_id), None)
        return RecoveryRecords(sleeps=(sleep,), recoveries=(recovery,) if recovery else ())


def _merge(held: tuple[T, ...], new: tuple[T, ...], key: Callable[[T], str]) -> tuple[T, ...]:
    by_key = {key(r): r for r in held}
    by_key.update({key(r): r for r in new})
    return tuple(by_key.values())

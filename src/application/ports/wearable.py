from __future__ import annotations

from datetime import datetime
from typing import Protocol

from application.ports.connections import ProviderCredentials
from domain.recovery.records import RecoveryRecords, Sleep, Workout


class WearableGateway(Protocol):
    """The user's wearable (WHOOP).

    Every call raises `CredentialsRejectedError` when the provider refuses the credentials
    (expired, rotated away or revoked) and `ServiceUnavailableError` after bounded retries.
    The provider's request budget is shared by the whole app: windows (backfills, reconciles)
    take what single-record fetches (a webhook said a record changed) leave, and may wait for it.
    """

    async def fetch(
        self, credentials: ProviderCredentials, start: datetime, end: datetime
    ) -> RecoveryRecords:
        """Every cycle, sleep, recovery and workout starting in [start, end), all pages."""
        ...

    async def sleep(self, credentials: ProviderCredentials, sleep_id: str) -> Sleep | None:
        """One sleep (or nap), or None if the provider has no such sleep (any more)."""
        ...

    async def workout(self, credentials: ProviderCredentials, workout_id: str) -> Workout | None:
        """One workout, or None if the provider has no such workout (any more)."""
        ...

    async def recovery_after_sleep(
        self, credentials: ProviderCredentials, sleep_id: str
    ) -> RecoveryRecords:
        """The sleep and the recovery of the cycle it opened (WHOOP names a recovery by its
        sleep), as far as they exist: empty if the sleep is gone."""
        ...

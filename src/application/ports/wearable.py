from __future__ import annotations

from datetime import datetime
from typing import Protocol

from application.ports.connections import ProviderCredentials
from domain.recovery.records import RecoveryRecords


class WearableGateway(Protocol):
    """The user's wearable (WHOOP)."""

    async def fetch(
        self, credentials: ProviderCredentials, start: datetime, end: datetime
    ) -> RecoveryRecords:
        """Every cycle, sleep, recovery and workout starting in [start, end), all pages.
        Raises `CredentialsRejectedError` when the provider refuses the credentials (the
        connection must be linked again) and `ServiceUnavailableError` after bounded retries."""
        ...

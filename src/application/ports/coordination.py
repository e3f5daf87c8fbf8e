"""Working together with other processes: locks and background jobs."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

import msgspec


class Lock(Protocol):
    def hold(self, key: str, *, timeout_s: float) -> AbstractAsyncContextManager[None]:
        """Hold the lock named `key` for the `async with` block, across processes. Raises
        `LockTimeoutError` if it is not acquired within `timeout_s`. A holder that dies
        releases the lock after an expiry (a production lock must expire)."""
        ...


class JobQueue(Protocol):
    async def enqueue(
        self,
        job: str,
        payload: msgspec.Struct,
        *,
        job_id: str | None = None,
        run_at: datetime | None = None,
    ) -> bool:
        """Queue `job` with `payload` (msgspec-encoded), at `run_at` or now. With a `job_id`,
        returns False (and queues nothing) while a job with that id is queued or running.
        Raises `ServiceUnavailableError` when the queue cannot be reached."""
        ...

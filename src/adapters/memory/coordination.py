from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime

import msgspec

from application.errors import LockTimeoutError


class MemoryLock:
    """Named locks within one process (a production lock spans processes and expires)."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}

    def hold(self, key: str, *, timeout_s: float) -> AbstractAsyncContextManager[None]:
        return self._hold(key, timeout_s)

    @asynccontextmanager
    async def _hold(self, key: str, timeout_s: float) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            await asyncio.wait_for(lock.acquire(), timeout_s)
        except TimeoutError as error:
            raise LockTimeoutError(f"lock {key!r} is busy") from error
        try:
            yield
        finally:
            lock.release()


class QueuedJob(msgspec.Struct, frozen=True, kw_only=True):
    job: str
    payload: bytes  # msgspec JSON, as a real queue would carry it
    job_id: str | None
    run_at: datetime | None


class MemoryJobQueue:
    """Keeps queued jobs in order; a job id is refused while a job with it is queued."""

    def __init__(self) -> None:
        self.queued: list[QueuedJob] = []

    async def enqueue(
        self,
        job: str,
        payload: msgspec.Struct,
        *,
        job_id: str | None = None,
        run_at: datetime | None = None,
    ) -> bool:
        if job_id is not None and any(q.job_id == job_id for q in self.queued):
            return False
        encoded = msgspec.json.encode(payload)
        self.queued.append(QueuedJob(job=job, payload=encoded, job_id=job_id, run_at=run_at))
        return True

    def take(self) -> QueuedJob | None:
        """The oldest job, removed from the queue (what a worker would run next)."""
        return self.queued.pop(0) if self.queued else None

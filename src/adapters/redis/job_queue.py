"""Background jobs on arq, with msgspec instead of pickle.

Every job takes ONE argument: its payload as msgspec JSON bytes (the worker function decodes it
into its own Struct). pickle is never used: a job in Redis cannot run code when it is read, and
its format is readable by any process version that knows the Struct.

arq logs each job's arguments at INFO; payloads carry users' words, so the deserializer hands
them over as `Payload` bytes whose repr shows only their size.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
from arq.connections import ArqRedis
from redis.asyncio import Redis
from redis.exceptions import RedisError

from application.errors import ServiceUnavailableError


class Payload(bytes):
    """A job's msgspec-encoded payload; never shown in logs."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<payload {len(self)} bytes>"


def _encode_unknown(value: object) -> object:
    if isinstance(value, Payload):  # arq writes a job's arguments back into its result
        return bytes(value)
    # arq stores a failed job's exception as its result: keep its type, not its message (which
    # may quote a user's input).
    if isinstance(value, BaseException):
        return type(value).__name__
    raise TypeError(f"a job record cannot hold a {type(value).__name__}")


_encoder = msgspec.msgpack.Encoder(enc_hook=_encode_unknown)
_decoder = msgspec.msgpack.Decoder()


def serialize_job(data: dict[str, Any]) -> bytes:
    """arq's `job_serializer`: its job and result records as MessagePack."""
    return _encoder.encode(data)


def deserialize_job(raw: bytes) -> dict[str, Any]:
    """arq's `job_deserializer`; byte arguments come back as `Payload`."""
    data: dict[str, Any] = _decoder.decode(raw)
    if isinstance(data.get("a"), list):
        data["a"] = [Payload(a) if isinstance(a, bytes) else a for a in data["a"]]
    return data


def arq_redis(redis: Redis) -> ArqRedis:
    """An arq client sharing `redis`'s connection pool (closing it leaves the pool open)."""
    return ArqRedis(
        redis.connection_pool, job_serializer=serialize_job, job_deserializer=deserialize_job
    )


class ArqJobQueue:
    """The `JobQueue` port on arq: `enqueue` returns False while a job with that id is queued or
    running. With `unique_for`, the id is also refused for that long after it was queued, even
    once the job is done (e.g. a Telegram update id, which Telegram may re-send for a day)."""

    def __init__(self, arq: ArqRedis, *, namespace: str = "job-seen") -> None:
        self._arq = arq
        self._namespace = namespace

    async def enqueue(
        self,
        job: str,
        payload: msgspec.Struct,
        *,
        job_id: str | None = None,
        run_at: datetime | None = None,
        unique_for: timedelta | None = None,
    ) -> bool:
        seen_key = f"{self._namespace}:{job_id}" if job_id and unique_for else None
        try:
            if seen_key is not None and await self._arq.exists(seen_key):
                return False
            queued = await self._arq.enqueue_job(
                job, msgspec.json.encode(payload), _job_id=job_id, _defer_until=run_at
            )
            # Marked AFTER queueing: a crash in between lets the sender retry, and arq itself
            # refuses the id while the first job waits or runs — never a lost job.
            if seen_key is not None and unique_for is not None:
                await self._arq.set(seen_key, b"1", ex=unique_for)
        except RedisError as error:
            raise ServiceUnavailableError("the job queue's Redis is unreachable") from error
        return queued is not None

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
from uuid import uuid4

import msgspec
from arq.connections import ArqRedis
from arq.constants import job_key_prefix, result_key_prefix
from arq.jobs import serialize_job as arq_job_record
from arq.utils import timestamp_ms, to_unix_ms
from redis.asyncio import Redis
from redis.exceptions import RedisError

from adapters.redis.batched_script import BatchedScript
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


# One round trip, atomic: refuse an id that is queued, running (arq keeps the job key until it
# ends), has a kept result, or was seen within its unique window; else write arq's job record
# and queue entry exactly as `ArqRedis.enqueue_job` would, and mark the id seen.
# KEYS: job, result, queue[, seen]. ARGV: job id, record, score, expires ms[, seen ttl ms].
_ENQUEUE = """
if redis.call('exists', KEYS[1], KEYS[2]) > 0 then return 0 end
if KEYS[4] and redis.call('exists', KEYS[4]) > 0 then return 0 end
redis.call('psetex', KEYS[1], ARGV[4], ARGV[2])
redis.call('zadd', KEYS[3], ARGV[3], ARGV[1])
if KEYS[4] then redis.call('psetex', KEYS[4], ARGV[5], '1') end
return 1
"""


class ArqJobQueue:
    """The `JobQueue` port on arq: `enqueue` returns False while a job with that id is queued or
    running. With `unique_for`, the id is also refused for that long after it was queued, even
    once the job is done (e.g. a Telegram update id, which Telegram may re-send for a day).

    arq's own `enqueue_job` takes three round trips on a dedicated connection (WATCH, EXISTS,
    MULTI…EXEC) and the seen-mark two more; the script does all of it in one, and calls made
    together share one (`BatchedScript`): that is most of what the Telegram webhook does."""

    def __init__(self, arq: ArqRedis, *, namespace: str = "job-seen") -> None:
        self._arq = arq
        self._namespace = namespace
        self._enqueue = BatchedScript(arq, _ENQUEUE)

    async def enqueue(
        self,
        job: str,
        payload: msgspec.Struct,
        *,
        job_id: str | None = None,
        run_at: datetime | None = None,
        unique_for: timedelta | None = None,
    ) -> bool:
        seen_for = unique_for if job_id is not None else None
        job_id = job_id or uuid4().hex
        now_ms = timestamp_ms()
        score = to_unix_ms(run_at) if run_at is not None else now_ms
        # A run_at already past runs now, and its record lives as long as a job queued now.
        expires_ms = max(score - now_ms, 0) + self._arq.expires_extra_ms
        record = arq_job_record(
            job,
            (msgspec.json.encode(payload),),
            {},
            None,
            now_ms,
            serializer=self._arq.job_serializer,
        )
        keys = [job_key_prefix + job_id, result_key_prefix + job_id, self._arq.default_queue_name]
        args: list[str | int | bytes] = [job_id, record, score, expires_ms]
        if seen_for is not None:
            keys.append(f"{self._namespace}:{job_id}")
            args.append(int(seen_for.total_seconds() * 1000))
        try:
            queued = await self._enqueue(keys=keys, args=args)
        except RedisError as error:
            raise ServiceUnavailableError("the job queue's Redis is unreachable") from error
        return bool(queued)

"""One of the processes of `test_refresh_across_processes`: `callers` concurrent callers want
fresh WHOOP credentials for one user at the same moment, through the production adapters
(PostgreSQL stores, the Redis lock and budget, the WHOOP client) against the fake WHOOP.

Prints one JSON line: the access token each caller got, whether the fake accepted it, and how
many refreshes this process made. Starts when the parent pushes to the `go` list in Redis.
"""

from __future__ import annotations

import asyncio
import sys

import msgspec
from redis.asyncio import Redis

from adapters.crypto.tokens import TokenCipher
from adapters.memory.messenger import RecordingMessenger
from adapters.postgres.pool import make_pool
from adapters.postgres.system import SystemClock
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from adapters.redis.lock import RedisLock
from adapters.whoop.config import WhoopConfig
from adapters.whoop.http_client import new_http_client
from adapters.whoop.oauth import WhoopAuthorizer
from adapters.whoop.rate_budget import Priority, RedisRateBudget
from adapters.whoop.transport import WhoopTransport
from adapters.whoop.wire import Profile
from application.connections.fresh_credentials import FreshCredentials, FreshCredentialsRequest
from application.connections.mark_connection_broken import MarkConnectionBroken
from application.errors import CredentialsRejectedError
from domain.ids import UserId


class Job(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str
    redis_url: str
    token_keys: str
    config: WhoopConfig
    user_id: int
    callers: int
    go_key: str


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    tokens: list[str]
    accepted: list[bool]
    refreshed: int


async def run(job: Job) -> Outcome:
    pool = make_pool(job.database_url, max_size=job.callers)
    await pool.open()
    redis = Redis.from_url(job.redis_url)
    http = new_http_client()
    clock = SystemClock()
    cipher = TokenCipher.from_setting(job.token_keys)
    budget = RedisRateBudget(redis, clock)
    transport = WhoopTransport(http, job.config, budget, backoff_s=0.01)
    authorizer = WhoopAuthorizer(http, job.config, transport, clock, backoff_s=0.01)
    lock = RedisLock(redis, poll_s=0.01)

    def fresh() -> FreshCredentials:
        # A unit of work per caller, as a request scope would give each one.
        broken = MarkConnectionBroken(PostgresUnitOfWork(pool, cipher), clock, RecordingMessenger())
        return FreshCredentials(PostgresUnitOfWork(pool, cipher), clock, lock, authorizer, broken)

    async def caller() -> tuple[str, bool, bool]:
        got = await fresh().execute(FreshCredentialsRequest(user_id=UserId(job.user_id)))
        assert got.credentials is not None, got.status
        try:
            await transport.get(
                "/v2/user/profile/basic",
                Profile,
                access_token=got.credentials.access_token,
                priority=Priority.URGENT,
            )
        except CredentialsRejectedError:
            return got.credentials.access_token, False, got.refreshed
        return got.credentials.access_token, True, got.refreshed

    try:
        await redis.blpop([job.go_key], timeout=30)  # all processes start together
        results = await asyncio.gather(*(caller() for _ in range(job.callers)))
    finally:
        await http.aclose()
        await redis.aclose()
        await pool.close()
    return Outcome(
        tokens=[token for token, _, _ in results],
        accepted=[ok for _, ok, _ in results],
        refreshed=sum(refreshed for _, _, refreshed in results),
    )


if __name__ == "__main__":
    outcome = asyncio.run(run(msgspec.json.decode(sys.argv[1], type=Job)))
    sys.stdout.write(msgspec.json.encode(outcome).decode() + "\n")

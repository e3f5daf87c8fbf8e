"""50 concurrent refreshes from two processes: one refresh at WHOOP, one token for everyone.

The processes share what production processes share: PostgreSQL (the stored credentials,
encrypted), Redis (the lock and the budget) and WHOOP itself.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from cryptography.fernet import Fernet
from redis.asyncio import Redis

from adapters.crypto.tokens import TokenCipher
from adapters.postgres.pool import make_pool
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from adapters.whoop.config import WhoopConfig
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionStatus, Provider, ProviderConnection
from domain.ids import UserId
from domain.users import User
from tests.fakes.whoop import running_whoop
from tests.whoop.refresh_worker import Job, Outcome
from tests.whoop.world import REDIRECT_URI

PROCESSES = 2
CALLERS = 25


@pytest.fixture
async def uow_factory(database_url: str) -> AsyncIterator[tuple[PostgresUnitOfWork, str]]:
    keys = Fernet.generate_key().decode()
    pool = make_pool(database_url)
    await pool.open()
    yield PostgresUnitOfWork(pool, TokenCipher.from_setting(keys)), keys
    await pool.close()


async def test_fifty_refreshes_from_two_processes_refresh_once(
    uow_factory: tuple[PostgresUnitOfWork, str],
    database_url: str,
    redis_url: str,
    project_root: Path,
) -> None:
    uow, keys = uow_factory
    with running_whoop(redirect_uris=[REDIRECT_URI]) as fake:
        member = fake.add_user()
        tokens = fake.issue_tokens(member.user_id)
        now = datetime.now(UTC)
        user_id = UserId(4242)
        async with uow:
            await uow.users.add(User(id=user_id, telegram_user_id=77, created_at=now))
            await uow.connections.save(
                ProviderConnection(
                    user_id=user_id,
                    provider=Provider.WHOOP,
                    status=ConnectionStatus.CONNECTED,
                    connected_at=now,
                ),
                # Two minutes left: inside the refresh margin, so every caller wants a refresh.
                ProviderCredentials(
                    access_token=tokens.access_token,
                    refresh_token=tokens.refresh_token,
                    expires_at=now + timedelta(minutes=2),
                    external_user_id=str(member.user_id),
                ),
            )
            await uow.commit()
        job = Job(
            database_url=database_url,
            redis_url=redis_url,
            token_keys=keys,
            config=WhoopConfig(
                client_id=fake.client_id,
                client_secret=fake.client_secret,
                redirect_uri=REDIRECT_URI,
                api_base_url=fake.api_base_url,
                oauth_base_url=f"{fake.oauth_base_url}/oauth2",
            ),
            user_id=user_id,
            callers=CALLERS,
            go_key="refresh-test:go",
        )
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.whoop.refresh_worker",
                msgspec.json.encode(job).decode(),
                cwd=project_root,
                stdout=asyncio.subprocess.PIPE,
            )
            for _ in range(PROCESSES)
        ]
        redis = Redis.from_url(redis_url)
        await redis.rpush(job.go_key, *["go"] * PROCESSES)
        await redis.aclose()
        outcomes = await asyncio.gather(*(_outcome(worker) for worker in workers))
        refreshes = fake.refresh_count_for(member.user_id)
        async with uow:
            stored = await uow.connections.credentials(user_id, Provider.WHOOP)
            connection = await uow.connections.get(user_id, Provider.WHOOP)
    everyone = [token for outcome in outcomes for token in outcome.tokens]
    assert len(everyone) == PROCESSES * CALLERS
    assert refreshes == 1
    assert sum(outcome.refreshed for outcome in outcomes) == 1
    assert set(everyone) == {stored.access_token if stored else None}
    assert all(ok for outcome in outcomes for ok in outcome.accepted)
    assert connection is not None and connection.status is ConnectionStatus.CONNECTED


async def _outcome(worker: asyncio.subprocess.Process) -> Outcome:
    out, _ = await asyncio.wait_for(worker.communicate(), timeout=60)
    assert worker.returncode == 0, out
    return msgspec.json.decode(out.strip().splitlines()[-1], type=Outcome)

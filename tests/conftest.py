"""Session-wide real servers and per-test isolation.

PostgreSQL: one migrated template per session; each test that asks for `database_url` gets
its own clone, dropped afterwards. Redis: each test gets a flushed DB number of its own
(per xdist worker), so tests can later run in parallel without sharing state by accident.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio

from tests.support.servers import DatabaseFactory, TestServers, test_servers, with_redis_db


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServers]:
    with test_servers(tmp_path_factory.mktemp("servers")) as srv:
        yield srv


@pytest.fixture(scope="session")
def databases(servers: TestServers) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(servers.postgres_url)
    factory.create_template()
    yield factory
    factory.drop_all()


@pytest.fixture
def database_url(databases: DatabaseFactory) -> Iterator[str]:
    url = databases.clone()
    yield url
    databases.drop(url)


def _redis_db_number() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return 1 + int(worker.removeprefix("gw") or 0) % 15


@pytest.fixture
async def redis_url(servers: TestServers) -> AsyncIterator[str]:
    url = with_redis_db(servers.redis_url, _redis_db_number())
    client = redis.asyncio.Redis.from_url(url)
    await client.flushdb()
    await client.aclose()
    yield url


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory nobody can write to: a read-only tmpfs for root, chmod 555 for a user."""
    path = tmp_path / "ro"
    path.mkdir()
    if os.geteuid() != 0:
        path.chmod(0o555)
        yield path
        path.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(path)],
        check=False,
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("root cannot mount a read-only tmpfs here")
    yield path
    subprocess.run(["umount", str(path)], check=False)

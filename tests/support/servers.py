"""Real PostgreSQL and Redis for the test session: embedded by default, or TEST_*_URL when set."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from adapters.embedded import EmbeddedPostgres, EmbeddedRedis
from adapters.postgres.migrations import apply_migrations


@dataclass(frozen=True)
class TestServers:
    postgres_url: str  # the maintenance database; tests get their own databases
    redis_url: str  # DB number is chosen per test


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def with_redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


@contextlib.contextmanager
def test_servers(data_dir: Path) -> Iterator[TestServers]:
    with contextlib.ExitStack() as stack:
        pg_url = os.environ.get("TEST_DATABASE_URL")
        if not pg_url:
            pg = EmbeddedPostgres(data_dir, database="postgres")
            pg_url = pg.start()
            stack.callback(pg.stop)
        redis_url = os.environ.get("TEST_REDIS_URL")
        if not redis_url:
            rd = EmbeddedRedis(data_dir)
            redis_url = rd.start()
            stack.callback(rd.stop)
        yield TestServers(postgres_url=pg_url, redis_url=redis_url)


class DatabaseFactory:
    """Creates throw-away databases cloned from one migrated template (fast, isolated)."""

    def __init__(self, maintenance_url: str) -> None:
        self.maintenance_url = maintenance_url
        self.template = f"ht_template_{uuid.uuid4().hex[:8]}"
        self._created: list[str] = []

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(self.maintenance_url, autocommit=True)

    def create_template(self) -> None:
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.template}"')
        apply_migrations(with_database(self.maintenance_url, self.template))
        with self._admin() as conn:
            # No session may stay connected to a template while it is cloned.
            conn.execute(f'ALTER DATABASE "{self.template}" WITH ALLOW_CONNECTIONS false')

    def empty(self) -> str:
        name = f"ht_empty_{uuid.uuid4().hex[:10]}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self._created.append(name)
        return with_database(self.maintenance_url, name)

    def clone(self) -> str:
        name = f"ht_test_{uuid.uuid4().hex[:10]}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self._created.append(name)
        return with_database(self.maintenance_url, name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with contextlib.suppress(ValueError):
            self._created.remove(name)

    def drop_all(self) -> None:
        with self._admin() as conn:
            for name in [*self._created, self.template]:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._created.clear()

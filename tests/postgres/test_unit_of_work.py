"""The unit of work on PostgreSQL: rollback unless committed, errors in the application's terms."""

import asyncio

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from adapters.crypto.tokens import TokenCipher
from adapters.postgres.errors import VIOLATIONS, StorageBugError
from adapters.postgres.unit_of_work import NotInTransactionError, PostgresUnitOfWork
from application.errors import ServiceUnavailableError
from domain.errors import AlreadyExistsError, UserNotFoundError
from domain.users import User
from tests.contracts.seed import T0, next_id
from tests.domain.builders import entry
from tests.domain.builders import user as build_user
from tests.postgres.conftest import Pool, Units, count


def _someone() -> User:
    return build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)


async def test_an_exception_in_the_block_rolls_back_and_passes_through(
    units: Units, raw: psycopg.AsyncConnection
) -> None:
    someone = _someone()
    with pytest.raises(RuntimeError, match="handler failed"):
        async with units() as uow:
            await uow.users.add(someone)
            await uow.food_log.add(entry(id=next_id(), user_id=someone.id))
            raise RuntimeError("the handler failed")
    assert await count(raw, "users") == 0
    assert await count(raw, "food_entries") == 0
    assert await count(raw, "food_items") == 0


async def test_the_connection_goes_back_to_the_pool_in_any_case(units: Units, pool: Pool) -> None:
    for _ in range(20):  # more than the pool holds: a leak would time out
        with pytest.raises(RuntimeError):
            async with units() as uow:
                await uow.users.get(1)
                raise RuntimeError("boom")
        async with units() as uow:
            await uow.users.get(1)
    assert pool.get_stats()["pool_available"] == pool.get_stats()["pool_size"]


async def test_writes_after_a_commit_are_rolled_back_on_leaving(
    units: Units, raw: psycopg.AsyncConnection
) -> None:
    first, second = _someone(), _someone()
    async with units() as uow:
        await uow.users.add(first)
        await uow.commit()
        await uow.users.add(second)
    assert await count(raw, "users") == 1


async def test_a_unit_is_not_nested_and_its_stores_live_inside_it(units: Units) -> None:
    uow = units()
    with pytest.raises(NotInTransactionError):
        _ = uow.users
    async with uow:
        with pytest.raises(NotInTransactionError):
            await uow.__aenter__()
    with pytest.raises(NotInTransactionError):
        await uow.commit()


async def test_constraint_violations_become_domain_errors(units: Units) -> None:
    owner, other = _someone(), _someone()
    async with units() as uow:
        await uow.users.add(owner)
        await uow.users.add(other)
        await uow.commit()
    async with units() as uow:
        stolen = build_user(id=other.id, telegram_user_id=owner.telegram_user_id, created_at=T0)
        with pytest.raises(AlreadyExistsError, match="users_telegram_user_id_key"):
            await uow.users.update(stolen)
        # The savepoint kept the transaction usable after the refused update.
        assert await uow.users.get(other.id) == other
    async with units() as uow:
        with pytest.raises(UserNotFoundError, match="food_entries_user_fkey"):
            await uow.food_log.add(entry(id=next_id(), user_id=next_id()))


async def test_every_translated_constraint_exists_in_the_schema(
    raw: psycopg.AsyncConnection,
) -> None:
    """A renamed constraint would silently fall back to a generic error: refuse that."""
    rows = await (await raw.execute("SELECT conname FROM pg_constraint")).fetchall()
    assert set(VIOLATIONS) <= {name for (name,) in rows}


async def test_an_unreachable_database_is_service_unavailable(cipher: TokenCipher) -> None:
    pool: Pool = AsyncConnectionPool(
        "postgresql://nobody@127.0.0.1:9/none", min_size=1, open=False, timeout=0.5
    )
    await pool.open(wait=False)
    try:
        with pytest.raises(ServiceUnavailableError):
            async with PostgresUnitOfWork(pool, cipher) as uow:
                await uow.users.get(1)
    finally:
        await pool.close()


async def test_a_connection_lost_mid_unit_is_service_unavailable(
    units: Units, raw: psycopg.AsyncConnection
) -> None:
    async with units() as uow:
        await uow.users.get(1)
        backend = await (
            await raw.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND state LIKE 'idle in transaction%'"
            )
        ).fetchall()
        assert len(backend) == 1
        await raw.execute("SELECT pg_terminate_backend(%s)", backend[0])
        await asyncio.sleep(0.05)
        with pytest.raises(ServiceUnavailableError):
            await uow.users.get(1)
    async with units() as uow:  # the pool replaced the broken connection
        assert await uow.users.get(1) is None


async def test_a_commit_after_a_failed_statement_says_nothing_was_committed(
    units: Units, raw: psycopg.AsyncConnection
) -> None:
    someone = _someone()
    async with units() as uow:
        await uow.users.add(someone)
        with pytest.raises(UserNotFoundError):
            await uow.food_log.add(entry(id=next_id(), user_id=next_id()))
        with pytest.raises(StorageBugError, match="nothing was committed"):
            await uow.commit()
        await uow.rollback()  # the unit goes on after a rollback
        await uow.users.add(someone)
        await uow.commit()
    assert await count(raw, "users") == 1

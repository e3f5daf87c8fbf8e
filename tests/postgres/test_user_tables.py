"""`UserStore.tables_of` tells the same story in memory and on PostgreSQL."""

from collections.abc import AsyncIterator

import pytest

from application.ports.unit_of_work import UnitOfWork
from domain.ids import UserId
from tests.contracts import conftest as contracts
from tests.contracts.seed import UowFactory, new_user
from tests.postgres.test_gdpr import JSON_SECTIONS, give_everything


@pytest.fixture(params=contracts.IMPLEMENTATIONS)
async def uow_factory(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    async with contracts.BUILDERS[request.param](request) as factory:
        yield factory


async def _tables(uow: UnitOfWork, user_id: UserId) -> dict[str, int]:
    return {table.name: len(table.rows) for table in await uow.users.tables_of(user_id)}


async def test_every_table_is_listed_with_the_users_rows_only(uow_factory: UowFactory) -> None:
    user = await give_everything(uow_factory)
    await give_everything(uow_factory)
    nobody = await new_user(uow_factory)
    async with uow_factory() as uow:
        mine = await _tables(uow, user)
        empty = await _tables(uow, nobody.id)
        every = await uow.users.tables_of(user)
    assert set(mine) == set(JSON_SECTIONS)
    assert mine == {
        "users": 1, "food_entries": 1, "food_items": 2, "cycles": 1, "sleeps": 1,
        "recoveries": 1, "workouts": 1, "conversation_messages": 1, "connection_states": 1,
        "provider_connections": 2, "sent_notifications": 1, "diary_outbox": 1, "sync_cursors": 1,
    }  # fmt: skip
    assert empty == dict.fromkeys(mine, 0) | {"users": 1}
    for table in every:
        assert all(len(row) == len(table.columns) for row in table.rows)
        assert not any("secret" in column or "token" in column for column in table.columns)
        assert not any("PLAIN" in cell for row in table.rows for cell in row)

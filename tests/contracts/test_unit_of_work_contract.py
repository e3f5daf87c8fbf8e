"""What every unit of work promises: explicit commit, rollback of anything uncommitted."""

import pytest

from domain.errors import AlreadyExistsError
from tests.contracts.seed import T0, UowFactory, new_user, next_id
from tests.domain.builders import user as build_user


async def test_committed_writes_are_visible_to_the_next_unit(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) == user


async def test_leaving_without_commit_discards_everything(uow_factory: UowFactory) -> None:
    someone = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    async with uow_factory() as uow:
        await uow.users.add(someone)
        assert await uow.users.get(someone.id) == someone  # a unit reads its own writes
    async with uow_factory() as uow:
        assert await uow.users.get(someone.id) is None


async def test_an_exception_rolls_back(uow_factory: UowFactory) -> None:
    someone = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            await uow.users.add(someone)
            raise RuntimeError("the handler failed")
    async with uow_factory() as uow:
        assert await uow.users.get(someone.id) is None


async def test_only_what_was_committed_survives(uow_factory: UowFactory) -> None:
    first = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    second = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    async with uow_factory() as uow:
        await uow.users.add(first)
        await uow.commit()
        await uow.users.add(second)
    async with uow_factory() as uow:
        assert await uow.users.get(first.id) == first
        assert await uow.users.get(second.id) is None


async def test_rollback_discards_and_the_unit_goes_on(uow_factory: UowFactory) -> None:
    first = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    second = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    async with uow_factory() as uow:
        await uow.users.add(first)
        await uow.rollback()
        assert await uow.users.get(first.id) is None
        await uow.users.add(second)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get(first.id) is None
        assert await uow.users.get(second.id) == second


async def test_uncommitted_writes_are_invisible_to_other_units(uow_factory: UowFactory) -> None:
    someone = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    async with uow_factory() as writer:
        await writer.users.add(someone)
        async with uow_factory() as reader:
            assert await reader.users.get(someone.id) is None
        await writer.commit()
    async with uow_factory() as reader:
        assert await reader.users.get(someone.id) == someone


async def test_a_unit_can_be_entered_again(uow_factory: UowFactory) -> None:
    uow = uow_factory()
    someone = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    async with uow:
        await uow.users.add(someone)
        await uow.commit()
    async with uow:
        assert await uow.users.get(someone.id) == someone


async def test_a_conflict_is_a_domain_error(uow_factory: UowFactory) -> None:
    """Two units insert the same key; the second fails at its insert or at its commit."""
    someone = build_user(id=next_id(), telegram_user_id=next_id(), created_at=T0)
    async with uow_factory() as first:
        await first.users.add(someone)
        await first.commit()
    with pytest.raises(AlreadyExistsError):
        async with uow_factory() as second:
            await second.users.add(someone)
            await second.commit()

import asyncio
from datetime import timedelta

from application.ports.diary_outbox import DiaryAction, DiaryOutboxItem
from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider
from domain.ids import EntryId, OutboxItemId, UserId
from tests.contracts.seed import DAY, T0, UowFactory, later, new_user, next_id


async def test_a_notification_is_claimed_once(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as uow:
        assert await uow.notifications.claim(user.id, "morning", DAY)
        assert not await uow.notifications.claim(user.id, "morning", DAY)
        assert await uow.notifications.claim(user.id, "evening", DAY)
        assert await uow.notifications.claim(user.id, "morning", DAY + timedelta(days=1))
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.notifications.claim(user.id, "morning", DAY)
        claims = await uow.notifications.all_of(user.id)
    assert [(c.kind, c.local_date) for c in claims] == [
        ("evening", DAY), ("morning", DAY), ("morning", DAY + timedelta(days=1)),
    ]  # fmt: skip


async def test_a_rolled_back_claim_can_be_made_again(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as uow:
        assert await uow.notifications.claim(user.id, "morning", DAY)
    async with uow_factory() as uow:
        assert await uow.notifications.claim(user.id, "morning", DAY)


async def _claim_in_new_unit(uow_factory: UowFactory, user_id: UserId) -> bool:
    async with uow_factory() as uow:
        claimed = await uow.notifications.claim(user_id, "morning", DAY)
        await uow.commit()
        return claimed


async def _hold_claim(uow: UnitOfWork, user_id: UserId, finish: bool) -> None:
    assert await uow.notifications.claim(user_id, "morning", DAY)
    if finish:
        await uow.commit()
    else:
        await uow.rollback()


async def test_concurrent_claims_one_wins(uow_factory: UowFactory) -> None:
    """A second claimant waits for the first: after its commit, the second is refused."""
    user = await new_user(uow_factory)
    async with uow_factory() as first:
        assert await first.notifications.claim(user.id, "morning", DAY)
        second = asyncio.create_task(_claim_in_new_unit(uow_factory, user.id))
        await asyncio.sleep(0)
        await first.commit()
    assert await second is False


async def test_concurrent_claims_after_a_rollback_the_other_wins(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as first:
        assert await first.notifications.claim(user.id, "morning", DAY)
        second = asyncio.create_task(_claim_in_new_unit(uow_factory, user.id))
        await asyncio.sleep(0)
        await first.rollback()
    assert await second is True


async def test_inbound_events_are_remembered_once(uow_factory: UowFactory) -> None:
    key = f"telegram:update:{next_id()}"
    async with uow_factory() as uow:
        assert await uow.inbound_events.remember(key, T0)
        assert not await uow.inbound_events.remember(key, T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.inbound_events.remember(key, later(1))
        fresh = f"whoop:trace:{next_id()}"
        assert await uow.inbound_events.remember(fresh, later(120))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.inbound_events.forget_before(later(60)) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.inbound_events.remember(key, later(2))  # forgotten, so new again
        assert not await uow.inbound_events.remember(fresh, later(2))


async def test_sync_cursors(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as uow:
        assert await uow.sync_cursors.get(user.id, Provider.WHOOP, "records") is None
        await uow.sync_cursors.set(user.id, Provider.WHOOP, "records", T0)
        await uow.sync_cursors.set(user.id, Provider.WHOOP, "records", later(60))
        await uow.sync_cursors.set(user.id, Provider.FATSECRET, "diary", T0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.sync_cursors.get(user.id, Provider.WHOOP, "records") == later(60)
        cursors = await uow.sync_cursors.all_of(user.id)
    assert [(c.provider, c.resource) for c in cursors] == [
        (Provider.FATSECRET, "diary"), (Provider.WHOOP, "records"),
    ]  # fmt: skip


def _item(
    user_id: UserId, minutes: int, action: DiaryAction = DiaryAction.CREATE
) -> DiaryOutboxItem:
    return DiaryOutboxItem(
        id=OutboxItemId(next_id()), user_id=user_id, entry_id=EntryId(next_id()), action=action,
        local_date=DAY, created_at=later(minutes), next_attempt_at=later(minutes),
    )  # fmt: skip


async def test_the_diary_outbox(uow_factory: UowFactory) -> None:
    user, other = await new_user(uow_factory), await new_user(uow_factory)
    first, second, third = _item(user.id, 0), _item(user.id, 1), _item(other.id, 2)
    async with uow_factory() as uow:
        for item in (third, second, first):
            await uow.diary_outbox.add(item)
        await uow.commit()
    async with uow_factory() as uow:
        assert list(await uow.diary_outbox.due(later(1), 10)) == [first, second]
        assert list(await uow.diary_outbox.due(later(5), 1)) == [first]
        await uow.diary_outbox.mark_done(first.id, later(3))
        await uow.diary_outbox.mark_failed(second.id, "ServiceUnavailableError", later(30))
        await uow.commit()
    async with uow_factory() as uow:
        assert list(await uow.diary_outbox.due(later(5), 10)) == [third]
        [pending] = await uow.diary_outbox.pending_for(user.id)
        assert (pending.id, pending.attempts, pending.last_error) == (
            second.id, 1, "ServiceUnavailableError",
        )  # fmt: skip
        assert pending.next_attempt_at == later(30)
        everything = await uow.diary_outbox.all_of(user.id)
        assert [i.id for i in everything] == [first.id, second.id]
        assert everything[0].done_at == later(3) and not everything[0].is_pending

import msgspec
import pytest

from application.ports.connections import ProviderCredentials
from application.ports.diary_outbox import DiaryAction, DiaryOutboxItem
from application.ports.unit_of_work import UnitOfWork
from domain.connections import ConnectionState, ConnectionStatus, Provider, ProviderConnection
from domain.conversation import ConversationMessage, Role
from domain.errors import AlreadyExistsError, UserNotFoundError
from domain.ids import EntryId, MessageId, OutboxItemId, UserId
from domain.recovery.records import RecoveryRecords
from domain.users import Language
from tests.contracts.seed import DAY, T0, UowFactory, new_user, next_id
from tests.domain.builders import KYIV, at, cycle, entry, recovery, sleep, workout
from tests.domain.builders import user as build_user


async def test_a_user_is_found_by_id_and_by_telegram_id(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) == user
        assert user.telegram_user_id is not None
        assert await uow.users.by_telegram_id(user.telegram_user_id) == user
        assert await uow.users.get(UserId(next_id())) is None
        assert await uow.users.by_telegram_id(next_id()) is None


async def test_a_local_user_has_no_telegram_id(uow_factory: UowFactory) -> None:
    local = build_user(id=next_id(), telegram_user_id=None, created_at=T0)
    other = build_user(id=next_id(), telegram_user_id=None, created_at=T0)
    async with uow_factory() as uow:
        await uow.users.add(local)
        await uow.users.add(other)  # many users may have no Telegram id
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get(local.id) == local


async def test_a_telegram_id_belongs_to_one_user(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    twin = build_user(id=next_id(), telegram_user_id=user.telegram_user_id, created_at=T0)
    with pytest.raises(AlreadyExistsError):
        async with uow_factory() as uow:
            await uow.users.add(twin)
            await uow.commit()
    with pytest.raises(AlreadyExistsError):
        async with uow_factory() as uow:
            await uow.users.add(user)
            await uow.commit()


async def test_update_replaces_every_field(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    changed = msgspec.structs.replace(
        user, language=Language.EN, timezone="America/New_York", blocked_bot=True
    )
    async with uow_factory() as uow:
        await uow.users.update(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) == changed
        with pytest.raises(UserNotFoundError):
            await uow.users.update(build_user(id=next_id(), created_at=T0))


async def test_page_walks_users_by_id(uow_factory: UowFactory) -> None:
    users = [await new_user(uow_factory) for _ in range(5)]
    ids = [u.id for u in users]
    async with uow_factory() as uow:
        first = await uow.users.page(after=UserId(ids[0] - 1), limit=2)
        rest = await uow.users.page(after=first[-1].id, limit=100)
    assert [u.id for u in first] == ids[:2]
    assert [u.id for u in rest][:3] == ids[2:]


async def test_delete_removes_the_user_and_everything_of_theirs(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    bystander = await new_user(uow_factory)
    state = await _give_everything(uow_factory, user.id)
    other_state = await _give_everything(uow_factory, bystander.id)
    async with uow_factory() as uow:
        assert await uow.users.delete(user.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) is None
        assert await _everything_of(uow, user.id, state) == [0, 0, 0, 0, 0, 0, 0, 0]
        assert await _everything_of(uow, bystander.id, other_state) == [1, 4, 1, 1, 1, 1, 1, 1]
        assert await uow.users.delete(user.id) is False


async def _give_everything(uow_factory: UowFactory, user_id: UserId) -> str:
    """One row of every kind the user can own; returns the value of their connection state."""
    entry_id = next_id()
    state = f"state-{user_id}-{next_id()}"
    async with uow_factory() as uow:
        await uow.food_log.add(entry(id=entry_id, user_id=user_id))
        evening = at(DAY, 23, 0, KYIV)
        await uow.recovery.upsert(
            user_id,
            RecoveryRecords(
                cycles=(cycle(evening, id=f"c{user_id}"),),
                sleeps=(sleep(evening, at(DAY, 23, 59), id=f"s{user_id}"),),
                recoveries=(recovery(evening, cycle_id=f"c{user_id}"),),
                workouts=(workout(evening, id=f"w{user_id}"),),
            ),
        )
        await uow.conversation.append(
            ConversationMessage(
                id=MessageId(next_id()), user_id=user_id, role=Role.USER, text="hi", at=T0
            )
        )
        await uow.connection_states.add(
            ConnectionState.issue(value=state, user_id=user_id, provider=Provider.WHOOP, now=T0)
        )
        await uow.connections.save(
            ProviderConnection(
                user_id=user_id,
                provider=Provider.WHOOP,
                status=ConnectionStatus.CONNECTED,
                connected_at=T0,
            ),
            ProviderCredentials(access_token="a", refresh_token="r"),
        )
        await uow.notifications.claim(user_id, "morning", DAY)
        await uow.diary_outbox.add(
            DiaryOutboxItem(
                id=OutboxItemId(next_id()), user_id=user_id, entry_id=EntryId(entry_id),
                action=DiaryAction.CREATE, local_date=DAY, created_at=T0, next_attempt_at=T0,
            )
        )  # fmt: skip
        await uow.sync_cursors.set(user_id, Provider.WHOOP, "records", T0)
        await uow.commit()
    return state


async def _everything_of(uow: UnitOfWork, user_id: UserId, state: str) -> list[int]:
    """How many rows of each kind the user has (taking the state is rolled back with the unit)."""
    return [
        len(await uow.food_log.all_of(user_id)),
        (await uow.recovery.all_of(user_id)).count,
        len(await uow.conversation.all_of(user_id)),
        len(await uow.connections.of_user(user_id)),
        len(await uow.notifications.all_of(user_id)),
        len(await uow.diary_outbox.all_of(user_id)),
        len(await uow.sync_cursors.all_of(user_id)),
        0 if await uow.connection_states.take(state) is None else 1,
    ]

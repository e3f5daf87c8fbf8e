from datetime import timedelta

import msgspec
import pytest

from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionState, ConnectionStatus, Provider, ProviderConnection
from domain.conversation import ConversationMessage, Role
from domain.errors import AlreadyExistsError
from domain.ids import MessageId, UserId
from tests.contracts.seed import T0, UowFactory, later, new_user, next_id


def _message(user_id: UserId, minutes: int, text: str = "hi") -> ConversationMessage:
    return ConversationMessage(
        id=MessageId(next_id()), user_id=user_id, role=Role.USER, text=text, at=later(minutes)
    )


async def test_recent_messages_oldest_first(uow_factory: UowFactory) -> None:
    user, other = await new_user(uow_factory), await new_user(uow_factory)
    messages = [_message(user.id, n, f"m{n}") for n in range(5)]
    async with uow_factory() as uow:
        for m in reversed(messages):
            await uow.conversation.append(m)
        await uow.conversation.append(_message(other.id, 10))
        await uow.commit()
    async with uow_factory() as uow:
        assert list(await uow.conversation.recent(user.id, 3)) == messages[2:]
        assert list(await uow.conversation.all_of(user.id)) == messages
        with pytest.raises(AlreadyExistsError):
            await uow.conversation.append(messages[0])
            await uow.commit()


async def test_old_messages_are_deleted_for_everyone(uow_factory: UowFactory) -> None:
    user, other = await new_user(uow_factory), await new_user(uow_factory)
    async with uow_factory() as uow:
        for owner in (user, other):
            await uow.conversation.append(_message(owner.id, 0))
            await uow.conversation.append(_message(owner.id, 60))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.conversation.delete_before(later(60)) == 2
        await uow.commit()
    async with uow_factory() as uow:
        assert len(await uow.conversation.all_of(user.id)) == 1


async def test_a_connection_state_is_taken_once(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    state = ConnectionState.issue(
        value=f"state-{next_id():012d}", user_id=user.id, provider=Provider.FATSECRET,
        now=T0, request_secret="rs",
    )  # fmt: skip
    async with uow_factory() as uow:
        await uow.connection_states.add(state)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.connection_states.take(state.value) == state
        assert await uow.connection_states.take(state.value) is None
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.connection_states.take(state.value) is None
        assert await uow.connection_states.take("never-issued-state") is None


async def test_a_peeked_state_stays_and_keeps_a_new_request_secret(
    uow_factory: UowFactory,
) -> None:
    user = await new_user(uow_factory)
    state = ConnectionState.issue(
        value=f"peek-{next_id():012d}", user_id=user.id, provider=Provider.FATSECRET, now=T0
    )
    async with uow_factory() as uow:
        await uow.connection_states.add(state)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.connection_states.peek(state.value) == state
        assert await uow.connection_states.peek("never-issued-state") is None
        assert await uow.connection_states.set_request_secret(state.value, "first")
        assert await uow.connection_states.set_request_secret(state.value, "second")
        assert not await uow.connection_states.set_request_secret("never-issued-state", "x")
        await uow.commit()
    async with uow_factory() as uow:
        kept = msgspec.structs.replace(state, request_secret="second")
        assert await uow.connection_states.peek(state.value) == kept
        assert await uow.connection_states.take(state.value) == kept
        assert await uow.connection_states.peek(state.value) is None
        assert not await uow.connection_states.set_request_secret(state.value, "late")
        await uow.commit()


async def test_expired_states_are_deleted(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    old = ConnectionState.issue(
        value=f"old-{next_id():016d}", user_id=user.id, provider=Provider.WHOOP, now=T0
    )
    new = ConnectionState.issue(
        value=f"new-{next_id():016d}", user_id=user.id, provider=Provider.WHOOP, now=later(30)
    )
    async with uow_factory() as uow:
        await uow.connection_states.add(old)
        await uow.connection_states.add(new)
        with pytest.raises(AlreadyExistsError):
            await uow.connection_states.add(new)
            await uow.commit()
    async with uow_factory() as uow:
        await uow.connection_states.add(old)
        await uow.connection_states.add(new)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.connection_states.delete_expired(old.expires_at) == 1
        assert await uow.connection_states.take(new.value) == new


def _connection(
    user_id: UserId, provider: Provider, status: ConnectionStatus
) -> ProviderConnection:
    return ProviderConnection(user_id=user_id, provider=provider, status=status, connected_at=T0)


async def test_connections_keep_status_and_credentials(uow_factory: UowFactory) -> None:
    user = await new_user(uow_factory)
    credentials = ProviderCredentials(
        access_token="at",
        refresh_token="rt",
        expires_at=T0 + timedelta(hours=1),
        external_user_id="42",
    )
    whoop = _connection(user.id, Provider.WHOOP, ConnectionStatus.CONNECTED)
    async with uow_factory() as uow:
        await uow.connections.save(whoop, credentials)
        await uow.connections.save(
            _connection(user.id, Provider.FATSECRET, ConnectionStatus.CONNECTED),
            ProviderCredentials(access_token="t", token_secret="s"),
        )
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.connections.get(user.id, Provider.WHOOP) == whoop
        assert await uow.connections.credentials(user.id, Provider.WHOOP) == credentials
        assert [c.provider for c in await uow.connections.of_user(user.id)] == [
            Provider.FATSECRET, Provider.WHOOP,
        ]  # fmt: skip
        assert await uow.connections.set_status(user.id, Provider.WHOOP, ConnectionStatus.BROKEN)
        fresh = ProviderCredentials(access_token="at2")
        await uow.connections.save(whoop, fresh)  # linking again replaces
        assert await uow.connections.credentials(user.id, Provider.WHOOP) == fresh
        assert await uow.connections.remove(user.id, Provider.FATSECRET)
        assert not await uow.connections.remove(user.id, Provider.FATSECRET)
        assert not await uow.connections.set_status(
            user.id, Provider.FATSECRET, ConnectionStatus.BROKEN
        )
        assert await uow.connections.get(user.id, Provider.FATSECRET) is None
        assert await uow.connections.credentials(user.id, Provider.FATSECRET) is None


async def test_connected_users_of_a_provider(uow_factory: UowFactory) -> None:
    users = [await new_user(uow_factory) for _ in range(4)]
    statuses = [ConnectionStatus.CONNECTED, ConnectionStatus.BROKEN, ConnectionStatus.CONNECTED,
                ConnectionStatus.CONNECTED]  # fmt: skip
    async with uow_factory() as uow:
        for user, status in zip(users, statuses, strict=True):
            await uow.connections.save(
                _connection(user.id, Provider.WHOOP, status), ProviderCredentials(access_token="x")
            )
        await uow.connections.save(
            _connection(users[1].id, Provider.FATSECRET, ConnectionStatus.CONNECTED),
            ProviderCredentials(access_token="y"),
        )
        await uow.commit()
    first = UserId(users[0].id - 1)
    async with uow_factory() as uow:
        page = await uow.connections.connected_users(Provider.WHOOP, after=first, limit=2)
        rest = await uow.connections.connected_users(Provider.WHOOP, after=page[-1], limit=10)
    assert list(page) == [users[0].id, users[2].id]
    assert rest[0] == users[3].id

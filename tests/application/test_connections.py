from datetime import timedelta

import pytest

from adapters.memory.kit import MemoryApplication, MemoryKit
from application.connections.begin_connection import BeginConnectionRequest
from application.connections.complete_connection import (
    SYNC_WEARABLE_JOB,
    CompleteConnectionRequest,
)
from application.connections.disconnect import DisconnectRequest
from application.errors import CredentialsRejectedError
from domain.connections import ConnectionStatus, Provider
from domain.errors import ConnectionStateError, UserNotFoundError
from domain.ids import UserId
from tests.application.helpers import register


async def _begin(app: MemoryApplication, user_id: UserId, provider: Provider) -> str:
    begun = await app.begin_connection.execute(
        BeginConnectionRequest(user_id=user_id, provider=provider)
    )
    assert "valid for 15 minutes" in begun.reply
    return begun.url.split("state=")[1]


async def test_linking_a_wearable(app: MemoryApplication, kit: MemoryKit) -> None:
    user = await register(app)
    state = await _begin(app, user.id, Provider.WHOOP)
    done = await app.complete_connection.execute(
        CompleteConnectionRequest(provider=Provider.WHOOP, state=state, code="c1")
    )
    assert (done.user_id, done.telegram_user_id, done.reply) == (
        user.id,
        1001,
        "WHOOP is connected.",
    )
    async with kit.uow() as uow:
        connection = await uow.connections.get(user.id, Provider.WHOOP)
        credentials = await uow.connections.credentials(user.id, Provider.WHOOP)
    assert connection is not None and connection.status is ConnectionStatus.CONNECTED
    assert credentials is not None and credentials.access_token == "access-c1"
    assert "access-c1" not in repr(credentials)  # secrets stay out of logs
    job = kit.jobs.take()
    assert job is not None and (job.job, job.job_id) == (
        SYNC_WEARABLE_JOB,
        f"sync_wearable:{user.id}",
    )


async def test_a_state_is_single_use(app: MemoryApplication) -> None:
    user = await register(app)
    state = await _begin(app, user.id, Provider.WHOOP)
    request = CompleteConnectionRequest(provider=Provider.WHOOP, state=state, code="c1")
    await app.complete_connection.execute(request)
    with pytest.raises(ConnectionStateError):
        await app.complete_connection.execute(request)


async def test_a_state_expires_after_15_minutes(app: MemoryApplication, kit: MemoryKit) -> None:
    user = await register(app)
    state = await _begin(app, user.id, Provider.WHOOP)
    kit.clock.advance(timedelta(minutes=15))
    with pytest.raises(ConnectionStateError):
        await app.complete_connection.execute(
            CompleteConnectionRequest(provider=Provider.WHOOP, state=state, code="c1")
        )


async def test_a_state_is_bound_to_its_provider_and_unknown_states_fail(
    app: MemoryApplication,
) -> None:
    user = await register(app)
    state = await _begin(app, user.id, Provider.WHOOP)
    with pytest.raises(ConnectionStateError):
        await app.complete_connection.execute(
            CompleteConnectionRequest(provider=Provider.FATSECRET, state=state, code="c1")
        )
    with pytest.raises(ConnectionStateError):
        await app.complete_connection.execute(
            CompleteConnectionRequest(provider=Provider.WHOOP, state="made-up-state-123", code="c")
        )


async def test_a_refused_code_uses_up_the_state(app: MemoryApplication, kit: MemoryKit) -> None:
    user = await register(app)
    state = await _begin(app, user.id, Provider.FATSECRET)
    kit.fatsecret.rejected_codes.add("bad")
    request = CompleteConnectionRequest(provider=Provider.FATSECRET, state=state, code="bad")
    with pytest.raises(CredentialsRejectedError):
        await app.complete_connection.execute(request)
    with pytest.raises(ConnectionStateError):
        await app.complete_connection.execute(request)


async def test_oauth1_keeps_its_request_secret(app: MemoryApplication, kit: MemoryKit) -> None:
    user = await register(app)
    state = await _begin(app, user.id, Provider.FATSECRET)
    await app.complete_connection.execute(
        CompleteConnectionRequest(provider=Provider.FATSECRET, state=state, code="v")
    )
    async with kit.uow() as uow:
        credentials = await uow.connections.credentials(user.id, Provider.FATSECRET)
    assert credentials is not None and credentials.token_secret == f"request-secret-for-{state}"
    assert kit.jobs.take() is None  # no wearable backfill for a diary


async def test_disconnect_revokes_and_forgets(app: MemoryApplication, kit: MemoryKit) -> None:
    user = await register(app)
    state = await _begin(app, user.id, Provider.WHOOP)
    await app.complete_connection.execute(
        CompleteConnectionRequest(provider=Provider.WHOOP, state=state, code="c1")
    )
    request = DisconnectRequest(user_id=user.id, provider=Provider.WHOOP)
    gone = await app.disconnect.execute(request)
    assert (gone.disconnected, gone.revoked) == (True, True)
    assert kit.whoop.revoked == ["access-c1"]
    again = await app.disconnect.execute(request)
    assert not again.disconnected and again.reply == "WHOOP was not connected."


async def test_disconnect_forgets_even_when_the_provider_is_down(
    app: MemoryApplication, kit: MemoryKit
) -> None:
    user = await register(app)
    state = await _begin(app, user.id, Provider.WHOOP)
    await app.complete_connection.execute(
        CompleteConnectionRequest(provider=Provider.WHOOP, state=state, code="c1")
    )
    kit.whoop.down = True
    gone = await app.disconnect.execute(DisconnectRequest(user_id=user.id, provider=Provider.WHOOP))
    assert (gone.disconnected, gone.revoked) == (True, False)
    async with kit.uow() as uow:
        assert await uow.connections.get(user.id, Provider.WHOOP) is None


async def test_unknown_users_cannot_link(app: MemoryApplication) -> None:
    with pytest.raises(UserNotFoundError):
        await app.begin_connection.execute(
            BeginConnectionRequest(user_id=UserId(404), provider=Provider.WHOOP)
        )
    with pytest.raises(UserNotFoundError):
        await app.disconnect.execute(
            DisconnectRequest(user_id=UserId(404), provider=Provider.WHOOP)
        )


@pytest.mark.parametrize(
    "forged", ["short", "a" * 300, "x\x00" * 10, "ünïcödé-state-value-xx", "has spaces in it ok?"]
)
async def test_a_malformed_state_is_refused_before_any_store(
    app: MemoryApplication, forged: str
) -> None:
    with pytest.raises(ConnectionStateError):
        await app.complete_connection.execute(
            CompleteConnectionRequest(provider=Provider.WHOOP, state=forged, code="code")
        )

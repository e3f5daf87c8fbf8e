"""Linking a FatSecret account: three-legged OAuth 1.0 against the fake, through the use cases
the HTTP routes call (on the in-memory unit of work)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.connections.begin_connection import BeginConnectionRequest
from application.connections.complete_connection import CompleteConnectionRequest
from application.errors import CredentialsRejectedError
from domain.connections import ConnectionStatus, Provider
from domain.errors import ConnectionStateError
from tests.application.helpers import register
from tests.fakes.fatsecret import FatSecretFake
from tests.fatsecret.world import PUBLIC_BASE_URL, World


async def test_three_legged_linking_stores_the_users_own_token(
    world: World, fake: FatSecretFake
) -> None:
    user = await register(world.app)
    olena = fake.add_user("olena")

    begun = await world.begin.execute(
        BeginConnectionRequest(user_id=user.id, provider=Provider.FATSECRET)
    )
    assert begun.url.startswith(f"{fake.authorize_url}?oauth_token=")
    assert fake.count("request_token") == 1
    callback = await world.approve(begun.url)  # FatSecret sends the user back with our state
    done = await world.complete.execute(
        CompleteConnectionRequest(
            provider=Provider.FATSECRET, state=callback["state"], code=callback["oauth_verifier"]
        )
    )

    issued = fake.credentials_of(olena)
    stored = await world.credentials(user.id)
    assert issued is not None and stored is not None
    assert (stored.access_token, stored.token_secret) == (issued.token, issued.secret)
    assert await world.status(user.id) is ConnectionStatus.CONNECTED
    assert (done.user_id, done.telegram_user_id, done.reply) == (
        user.id,
        1001,
        "FatSecret is connected.",
    )
    assert fake.count(error_code=8) == 0


async def test_the_request_token_names_our_callback_with_the_state(
    world: World, fake: FatSecretFake
) -> None:
    user = await register(world.app)
    fake.add_user()
    begun = await world.begin.execute(
        BeginConnectionRequest(user_id=user.id, provider=Provider.FATSECRET)
    )
    callback = await world.approve(begun.url)

    [request_token] = fake.accounts.request_tokens.values()
    assert (
        request_token.callback == f"{PUBLIC_BASE_URL}/fatsecret/callback?state={callback['state']}"
    )
    async with world.kit.uow() as uow:
        state = await uow.connection_states.take(callback["state"])
    assert state is not None and state.user_id == user.id


async def test_a_forged_state_links_nothing(world: World, fake: FatSecretFake) -> None:
    user = await register(world.app)
    fake.add_user()
    begun = await world.begin.execute(
        BeginConnectionRequest(user_id=user.id, provider=Provider.FATSECRET)
    )
    callback = await world.approve(begun.url)

    with pytest.raises(ConnectionStateError):
        await world.complete.execute(
            CompleteConnectionRequest(
                provider=Provider.FATSECRET,
                state="forged-state-that-nobody-issued",
                code=callback["oauth_verifier"],
            )
        )

    assert await world.status(user.id) is None
    assert fake.count("access_token") == 0


async def test_a_reused_state_links_nothing_more(world: World, fake: FatSecretFake) -> None:
    user = await register(world.app)
    fake.add_user()
    begun = await world.begin.execute(
        BeginConnectionRequest(user_id=user.id, provider=Provider.FATSECRET)
    )
    callback = await world.approve(begun.url)
    request = CompleteConnectionRequest(
        provider=Provider.FATSECRET, state=callback["state"], code=callback["oauth_verifier"]
    )
    await world.complete.execute(request)

    with pytest.raises(ConnectionStateError):
        await world.complete.execute(request)

    assert fake.count("access_token") == 1


async def test_an_expired_state_links_nothing(world: World, fake: FatSecretFake) -> None:
    user = await register(world.app)
    fake.add_user()
    begun = await world.begin.execute(
        BeginConnectionRequest(user_id=user.id, provider=Provider.FATSECRET)
    )
    callback = await world.approve(begun.url)
    world.kit.clock.advance(timedelta(minutes=15))

    with pytest.raises(ConnectionStateError):
        await world.complete.execute(
            CompleteConnectionRequest(
                provider=Provider.FATSECRET,
                state=callback["state"],
                code=callback["oauth_verifier"],
            )
        )

    assert await world.status(user.id) is None
    assert fake.count("access_token") == 0


async def test_a_state_links_the_user_who_asked_not_whoever_finishes(
    world: World, fake: FatSecretFake
) -> None:
    asker = await register(world.app, telegram_user_id=1001)
    other = await register(world.app, telegram_user_id=2002)
    fake.add_user()
    begun = await world.begin.execute(
        BeginConnectionRequest(user_id=asker.id, provider=Provider.FATSECRET)
    )
    callback = await world.approve(begun.url)

    done = await world.complete.execute(
        CompleteConnectionRequest(
            provider=Provider.FATSECRET, state=callback["state"], code=callback["oauth_verifier"]
        )
    )

    assert done.user_id == asker.id
    assert await world.status(other.id) is None


async def test_a_wrong_verifier_is_refused_and_burns_the_state(
    world: World, fake: FatSecretFake
) -> None:
    user = await register(world.app)
    fake.add_user()
    begun = await world.begin.execute(
        BeginConnectionRequest(user_id=user.id, provider=Provider.FATSECRET)
    )
    callback = await world.approve(begun.url)
    request = CompleteConnectionRequest(
        provider=Provider.FATSECRET, state=callback["state"], code="not-the-verifier"
    )

    with pytest.raises(CredentialsRejectedError):
        await world.complete.execute(request)
    with pytest.raises(ConnectionStateError):  # the state was used up by the first try
        await world.complete.execute(request)

    assert await world.status(user.id) is None

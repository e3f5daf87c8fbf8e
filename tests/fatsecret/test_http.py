"""GET /fatsecret/callback over real HTTP: the user comes back from FatSecret's consent page."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from dishka import Provider, Scope, make_async_container, provide
from dishka.integrations.litestar import setup_dishka
from litestar import Litestar

from application.connections.begin_connection import BeginConnectionRequest
from application.connections.complete_connection import CompleteConnection
from application.ports.messenger import Messenger
from domain.connections import ConnectionStatus
from domain.connections import Provider as Service
from domain.users import User
from entrypoints.http.fatsecret import FatSecretController
from tests.application.helpers import register
from tests.fakes.fatsecret import FatSecretFake
from tests.fatsecret.world import PUBLIC_BASE_URL, World
from tests.support.http import serve


class Wiring(Provider):
    def __init__(self, world: World) -> None:
        super().__init__()
        self._world = world

    @provide(scope=Scope.REQUEST)
    def complete(self) -> CompleteConnection:
        return self._world.complete

    @provide(scope=Scope.APP)
    def messenger(self) -> Messenger:
        return self._world.kit.messenger


@pytest.fixture
async def site(world: World) -> AsyncIterator[str]:
    container = make_async_container(Wiring(world))
    app = Litestar(route_handlers=[FatSecretController], debug=False)
    setup_dishka(container, app)
    async with serve(app) as url:
        yield url
    await container.close()


async def _back_from_fatsecret(world: World, site: str) -> str:
    """Begin linking, approve at the fake: the callback URL, pointed at our test server."""
    user = await register(world.app)
    world.fake.add_user()
    begun = await world.begin.execute(
        BeginConnectionRequest(user_id=user.id, provider=Service.FATSECRET)
    )
    response = await world.http.get(begun.url)
    return response.headers["location"].replace(PUBLIC_BASE_URL, site)


async def test_coming_back_links_the_diary_and_tells_the_user_in_telegram(
    world: World, site: str
) -> None:
    callback = await _back_from_fatsecret(world, site)

    page = await world.http.get(callback)

    assert page.status_code == 200 and "FatSecret is connected." in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert world.kit.messenger.texts_to(1001) == ["FatSecret is connected."]
    assert await world.status((await _user(world)).id) is ConnectionStatus.CONNECTED


async def test_a_reused_or_forged_state_gets_a_plain_error_page(
    world: World, site: str, fake: FatSecretFake
) -> None:
    callback = await _back_from_fatsecret(world, site)
    await world.http.get(callback)

    reused = await world.http.get(callback)
    forged = await world.http.get(
        f"{site}/fatsecret/callback",
        params={"state": "forged-state-nobody-issued", "oauth_verifier": "x", "oauth_token": "y"},
    )

    for page in (reused, forged):
        assert page.status_code == 400
        assert "no longer valid" in page.text and "Traceback" not in page.text
    assert fake.count("access_token") == 1
    assert len(world.kit.messenger.texts_to(1001)) == 1


async def test_a_refusal_at_fatsecret_links_nothing(world: World, site: str) -> None:
    world.fake.deny_next_authorization()
    callback = await _back_from_fatsecret(world, site)

    page = await world.http.get(callback)

    assert page.status_code == 200 and "cancelled" in page.text
    assert await world.status((await _user(world)).id) is None


async def _user(world: World) -> User:
    async with world.kit.uow() as uow:
        user = await uow.users.by_telegram_id(1001)
    assert user is not None
    return user

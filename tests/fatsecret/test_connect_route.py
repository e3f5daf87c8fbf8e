"""Linking FatSecret through GET /fatsecret/connect, over real HTTP, on the product's app and
container (real PostgreSQL and Redis) and the FatSecret fake: the bot's link is our route, the
request token is fetched only when that link is opened, and a forged, used or expired state
links nothing and calls nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest

from adapters.memory.system import FixedClock
from domain.connections import ConnectionStatus
from tests.fakes.fatsecret import FatSecretFake, running_fatsecret
from tests.fatsecret.product_site import (
    PUBLIC,
    START,
    TELEGRAM_ID,
    Site,
    register_user,
    running_site,
    state_rows,
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def fatsecret(clock: FixedClock) -> Iterator[FatSecretFake]:
    with running_fatsecret(clock=clock.now) as fake:
        yield fake


@pytest.fixture
async def site(
    clock: FixedClock, fatsecret: FatSecretFake, database_url: str, redis_url: str
) -> AsyncIterator[Site]:
    async with running_site(clock, fatsecret, database_url, redis_url) as running:
        yield running


async def test_the_bots_link_leads_through_fatsecret_to_a_linked_diary(site: Site) -> None:
    user_id = await register_user(site)
    link = await site.begin(user_id)
    assert link.startswith(f"{PUBLIC}/fatsecret/connect?state=")
    assert site.fatsecret.count("request_token") == 0  # nothing asked until the link is opened

    to_fatsecret = await site.open(link)

    assert to_fatsecret.status_code == 302
    assert to_fatsecret.headers["location"].startswith(f"{site.fatsecret.authorize_url}?")
    assert site.fatsecret.count("request_token") == 1
    [(_, kept)] = await state_rows(site)
    assert kept is not None and b"oauth_token" not in bytes(kept)  # encrypted at rest

    site.fatsecret.sign_in(site.fatsecret.add_user())
    back = await site.browser.get(to_fatsecret.headers["location"])
    assert back.status_code == 302
    page = await site.open(back.headers["location"])

    assert page.status_code == 200 and "FatSecret is connected." in page.text
    assert site.messenger.texts_to(TELEGRAM_ID) == ["FatSecret is connected."]
    assert await site.status(user_id) is ConnectionStatus.CONNECTED
    assert site.fatsecret.count("access_token") == 1
    assert await state_rows(site) == []  # used once


async def test_a_used_link_calls_nothing_and_links_nothing_again(site: Site) -> None:
    user_id = await register_user(site)
    link = await site.begin(user_id)
    to_fatsecret = await site.open(link)
    site.fatsecret.sign_in(site.fatsecret.add_user())
    back = await site.browser.get(to_fatsecret.headers["location"])
    await site.open(back.headers["location"])

    again = await site.open(link)
    callback_again = await site.open(back.headers["location"])

    for page in (again, callback_again):
        assert page.status_code == 400 and "no longer valid" in page.text
    assert site.fatsecret.count("request_token") == 1
    assert site.fatsecret.count("access_token") == 1
    assert len(site.messenger.texts_to(TELEGRAM_ID)) == 1


async def test_a_forged_state_calls_nothing(site: Site) -> None:
    await register_user(site)

    forged = await site.browser.get(
        f"{site.url}/fatsecret/connect", params={"state": "forged-state-nobody-issued"}
    )
    short = await site.browser.get(f"{site.url}/fatsecret/connect", params={"state": "x"})
    odd = await site.browser.get(
        f"{site.url}/fatsecret/connect", params={"state": "nul\x00in-a-long-enough-state"}
    )
    bare = await site.browser.get(f"{site.url}/fatsecret/connect")

    for page in (forged, short, odd, bare):
        assert page.status_code == 400 and "no longer valid" in page.text
        assert page.headers["content-type"].startswith("text/html")
    assert site.fatsecret.count() == 0


async def test_an_expired_link_calls_nothing_and_links_nothing(site: Site) -> None:
    user_id = await register_user(site)
    link = await site.begin(user_id)

    site.clock.advance(timedelta(minutes=15))
    page = await site.open(link)

    assert page.status_code == 400 and "no longer valid" in page.text
    assert site.fatsecret.count() == 0
    assert await site.status(user_id) is None


async def test_a_link_opened_within_its_fifteen_minutes_still_works(site: Site) -> None:
    user_id = await register_user(site)
    link = await site.begin(user_id)

    site.clock.advance(timedelta(minutes=14, seconds=59))
    page = await site.open(link)

    assert page.status_code == 302
    assert site.fatsecret.count("request_token") == 1


async def test_fatsecret_unreachable_when_the_link_is_opened_gets_a_plain_page(
    clock: FixedClock, fatsecret: FatSecretFake, database_url: str, redis_url: str
) -> None:
    # Nothing listens on the discard port: every token request is refused at once.
    down = "http://127.0.0.1:9/oauth"
    async with running_site(clock, fatsecret, database_url, redis_url, oauth_base_url=down) as site:
        user_id = await register_user(site)
        link = await site.begin(user_id)

        page = await site.open(link)

        assert page.status_code == 503 and "not answering" in page.text
        assert "Traceback" not in page.text
        assert await site.status(user_id) is None
        [(_, kept)] = await state_rows(site)  # the link can be opened again later
        assert kept is None

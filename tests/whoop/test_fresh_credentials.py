"""Refreshing WHOOP tokens: once per user however many callers, never breaking a link because
of a race — fake WHOOP over HTTP, the real Redis lock, in-memory stores."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from application.connections.fresh_credentials import (
    CredentialsStatus,
    FreshCredentialsRequest,
)
from application.connections.refresh_due_credentials import (
    RefreshDueCredentials,
    RefreshDueCredentialsRequest,
)
from application.errors import CredentialsRejectedError
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionStatus, Provider
from domain.ids import UserId
from tests.fakes.whoop import ManualClock
from tests.whoop.world import World

FAKE_SLEEP_ID = "00000000-0000-4000-8000-000000000000"


async def _stored(w: World, user_id: UserId) -> tuple[ConnectionStatus, ProviderCredentials]:
    async with w.uow() as uow:
        connection = await uow.connections.get(user_id, Provider.WHOOP)
        credentials = await uow.connections.credentials(user_id, Provider.WHOOP)
    assert connection is not None and credentials is not None
    return connection.status, credentials


async def _works(w: World, credentials: ProviderCredentials) -> bool:
    try:
        await w.gateway.sleep(credentials, FAKE_SLEEP_ID)
    except CredentialsRejectedError:
        return False
    return True


async def test_credentials_expiring_soon_are_refreshed_and_stored_first(w: World) -> None:
    member = w.fake.add_user()
    user_id = await w.connect(member.user_id, expires_in=120)
    _, before = await _stored(w, user_id)
    got = await w.fresh().execute(FreshCredentialsRequest(user_id=user_id))
    assert (got.status, got.refreshed) == (CredentialsStatus.READY, True)
    status, stored = await _stored(w, user_id)
    assert stored == got.credentials and status is ConnectionStatus.CONNECTED
    assert stored.access_token != before.access_token
    assert stored.external_user_id == str(member.user_id)
    assert await _works(w, stored) and not await _works(w, before)
    again = await w.fresh().execute(FreshCredentialsRequest(user_id=user_id))
    assert (again.refreshed, again.credentials) == (False, stored)
    assert w.fake.refresh_count == 1


async def test_fifty_concurrent_callers_cause_one_refresh(w: World) -> None:
    member = w.fake.add_user()
    user_id = await w.connect(member.user_id, expires_in=60)
    results = await asyncio.gather(
        *(w.fresh().execute(FreshCredentialsRequest(user_id=user_id)) for _ in range(50))
    )
    assert w.fake.refresh_count == 1
    assert sum(r.refreshed for r in results) == 1
    tokens = {r.credentials.access_token for r in results if r.credentials}
    assert len(tokens) == 1 and len(results) == 50
    assert await _works(w, results[0].credentials)  # type: ignore[arg-type]


async def test_a_caller_refused_after_a_race_takes_the_winners_token(w: World) -> None:
    member = w.fake.add_user()
    user_id = await w.connect(member.user_id, expires_in=60)
    _, loser = await _stored(w, user_id)  # read before the winner refreshed
    await w.fresh().execute(FreshCredentialsRequest(user_id=user_id))
    assert not await _works(w, loser)  # the refresh killed it
    got = await w.fresh().execute(FreshCredentialsRequest(user_id=user_id, refused=loser))
    assert (got.status, got.refreshed) == (CredentialsStatus.READY, False)
    assert got.credentials and await _works(w, got.credentials)
    assert w.fake.refresh_count == 1
    status, _ = await _stored(w, user_id)
    assert status is ConnectionStatus.CONNECTED and not w.messenger.sent


async def test_a_refused_token_that_looked_fresh_is_refreshed_once_and_the_call_retried(
    w: World, manual: ManualClock
) -> None:
    member = w.fake.add_user()
    w.fake.generate_history(member.user_id, days=2)
    user_id = await w.connect(member.user_id)  # an hour left, by our books
    w.fake.expire_access_tokens(member.user_id)  # but WHOOP says no
    used: list[str] = []

    async def fetch(credentials: ProviderCredentials) -> int:
        used.append(credentials.access_token)
        window = await w.gateway.fetch(credentials, manual() - timedelta(days=3), manual())
        return window.count

    assert await w.fresh().call(user_id, fetch) > 0
    assert len(used) == 2 and len(set(used)) == 2
    assert w.fake.refresh_count == 1


async def test_a_grant_gone_marks_the_link_broken_and_tells_the_user_once(w: World) -> None:
    member = w.fake.add_user()
    user_id = await w.connect(member.user_id, expires_in=60)
    _, before = await _stored(w, user_id)
    w.fake.revoke_access(member.user_id)  # the member removed our app at WHOOP
    results = await asyncio.gather(
        *(w.fresh().execute(FreshCredentialsRequest(user_id=user_id)) for _ in range(5))
    )
    statuses = sorted(r.status.value for r in results)
    assert statuses.count("broken") == 1 and statuses.count("not_connected") == 4
    status, after = await _stored(w, user_id)
    assert status is ConnectionStatus.BROKEN
    assert after == before  # tokens are kept: a reconnect replaces them
    [message] = w.messenger.sent
    assert message.text and "/connect_whoop" in message.text and "WHOOP" in message.text
    later = await w.fresh().execute(FreshCredentialsRequest(user_id=user_id))
    assert later.status is CredentialsStatus.NOT_CONNECTED and len(w.messenger.sent) == 1


async def test_fresh_credentials_refused_too_break_the_link(w: World) -> None:
    member = w.fake.add_user()
    # Linked without read:sleep (an older consent, say): every sleep read is refused.
    user_id = await w.connect(member.user_id, scopes=("offline", "read:cycles"))

    async def read_sleep(credentials: ProviderCredentials) -> object:
        return await w.gateway.sleep(credentials, FAKE_SLEEP_ID)

    with pytest.raises(CredentialsRejectedError):
        await w.fresh().call(user_id, read_sleep)
    status, _ = await _stored(w, user_id)
    assert status is ConnectionStatus.BROKEN and len(w.messenger.sent) == 1
    assert w.fake.refresh_count == 1  # one forced refresh, then we stopped


async def test_the_refresh_job_renews_what_expires_within_half_an_hour(w: World) -> None:
    soon, later, much_later = (w.fake.add_user() for _ in range(3))
    users = [
        await w.connect(soon.user_id, expires_in=10 * 60),
        await w.connect(later.user_id, expires_in=25 * 60),
        await w.connect(much_later.user_id, expires_in=2 * 3600),
    ]
    done = await RefreshDueCredentials(w.uow(), w.fresh()).execute(RefreshDueCredentialsRequest())
    assert (done.checked, done.refreshed, done.broken, done.failed) == (3, 2, 0, 0)
    assert [w.fake.refresh_count_for(m.user_id) for m in (soon, later, much_later)] == [1, 1, 0]
    for user_id in users:
        _, credentials = await _stored(w, user_id)
        assert await _works(w, credentials)

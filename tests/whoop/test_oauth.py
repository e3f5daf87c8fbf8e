"""Linking a WHOOP account and keeping its tokens alive, against the fake over real HTTP."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import msgspec
import pytest

from adapters.whoop.errors import UnexpectedAnswerError
from adapters.whoop.oauth import WhoopAuthorizer
from application.errors import CredentialsRejectedError
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionState, ConnectionStatus, Provider
from domain.ids import UserId
from tests.fakes.whoop import ManualClock
from tests.whoop.world import World, consent


async def _stored(w: World, user_id: UserId) -> ProviderCredentials:
    async with w.uow() as uow:
        credentials = await uow.connections.credentials(user_id, Provider.WHOOP)
    assert credentials is not None
    return credentials


async def test_the_consent_url_asks_for_every_scope_with_our_state(w: World) -> None:
    start = await w.authorizer.start("a-state-of-16-chars")
    parts = urlsplit(start.url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == w.fake.authorize_url
    assert query == {
        "response_type": "code",
        "client_id": w.fake.client_id,
        "redirect_uri": w.config.redirect_uri,
        "scope": "offline read:recovery read:cycles read:sleep read:workout read:profile "
        "read:body_measurement",
        "state": "a-state-of-16-chars",
    }


async def test_linking_exchanges_the_code_once_and_learns_the_whoop_user(
    w: World, manual: ManualClock
) -> None:
    member = w.fake.add_user()
    user_id = await w.link(member.user_id)
    credentials = await _stored(w, user_id)
    assert credentials.external_user_id == str(member.user_id)
    assert credentials.refresh_token is not None  # the offline scope was granted
    assert credentials.expires_at == manual() + timedelta(seconds=3600)
    assert w.fake.code_exchange_count == 1
    async with w.uow() as uow:
        connection = await uow.connections.get(user_id, Provider.WHOOP)
    assert connection is not None and connection.status is ConnectionStatus.CONNECTED
    [job] = w.jobs.queued  # the 30-day backfill of a new link
    assert job.job == "sync_wearable"


async def test_a_used_code_links_nothing(w: World) -> None:
    w.fake.add_user()
    start = await w.authorizer.start("another-state-123456")
    callback = await consent(start.url)
    state = ConnectionState.issue(
        value=callback["state"], user_id=UserId(1), provider=Provider.WHOOP, now=w.clock.now()
    )
    await w.authorizer.finish(code=callback["code"], state=state)
    with pytest.raises(CredentialsRejectedError):
        await w.authorizer.finish(code=callback["code"], state=state)
    assert w.fake.code_exchange_count == 1


async def test_a_refresh_rotates_both_tokens_and_kills_the_old_ones(w: World) -> None:
    member = w.fake.add_user()
    user_id = await w.link(member.user_id)
    old = await _stored(w, user_id)
    new = await w.authorizer.refresh(old)
    assert new.access_token != old.access_token and new.refresh_token != old.refresh_token
    assert new.external_user_id == old.external_user_id
    assert w.fake.refresh_count_for(member.user_id) == 1
    # The old access token died with the refresh; the new one works.
    with pytest.raises(CredentialsRejectedError):
        await w.gateway.sleep(old, "00000000-0000-4000-8000-000000000000")
    assert await w.gateway.sleep(new, "00000000-0000-4000-8000-000000000000") is None
    # A refresh token works once: a second use is invalid_grant.
    with pytest.raises(CredentialsRejectedError):
        await w.authorizer.refresh(old)
    assert w.fake.refresh_count_for(member.user_id) == 1


async def test_a_revoked_grant_refuses_refreshes_and_revoking_twice_is_fine(w: World) -> None:
    member = w.fake.add_user()
    user_id = await w.link(member.user_id)
    credentials = await _stored(w, user_id)
    await w.authorizer.revoke(credentials)
    assert w.fake.count("revokeUserOAuthAccess", status=204) == 1
    with pytest.raises(CredentialsRejectedError):
        await w.authorizer.refresh(credentials)
    await w.authorizer.revoke(credentials)  # 401 now: already withdrawn, not an error


async def test_revoking_with_an_expired_access_token_still_withdraws_the_grant(
    w: World,
) -> None:
    member = w.fake.add_user()
    user_id = await w.link(member.user_id)
    credentials = await _stored(w, user_id)
    w.fake.expire_access_tokens(member.user_id)  # the link sat unused for a while
    await w.authorizer.revoke(credentials)
    assert w.fake.count("revokeUserOAuthAccess", status=401) == 1  # the stale token
    assert w.fake.count("revokeUserOAuthAccess", status=204) == 1  # a refreshed one did it


async def test_a_wrong_client_secret_is_our_fault_not_the_users(w: World) -> None:
    member = w.fake.add_user()
    user_id = await w.link(member.user_id)
    credentials = await _stored(w, user_id)
    config = msgspec.structs.replace(w.config, client_secret="not-the-secret")
    misconfigured = WhoopAuthorizer(w.http, config, w.transport, w.clock, backoff_s=0.001)
    with pytest.raises(UnexpectedAnswerError):
        await misconfigured.refresh(credentials)
    assert w.fake.refresh_count_for(member.user_id) == 0

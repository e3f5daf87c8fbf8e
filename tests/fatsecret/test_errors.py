"""FatSecret's errors (HTTP 200 with {"error": {"code": N}}) as typed errors, and the bounded
retries: once more for a refused timestamp or nonce, a few times for a busy FatSecret."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from adapters.fatsecret import wire
from adapters.fatsecret.client import FatSecretClient
from adapters.fatsecret.errors import (
    FatSecretBusyError,
    FatSecretCredentialsError,
    FatSecretRequestError,
    FatSecretSignatureError,
    FatSecretStaleRequestError,
    FatSecretWriteUnknownError,
    error_for,
)
from adapters.fatsecret.signing import OAuth1Signer
from adapters.memory.kit import MemoryKit
from adapters.memory.system import FixedClock
from application.errors import CredentialsRejectedError, ServiceUnavailableError
from application.ports.connections import ProviderCredentials
from application.ports.diary import DiaryWriteOutcomeUnknownError
from tests.application.helpers import NOW
from tests.fakes.fatsecret import FatSecretFake, date_int
from tests.fatsecret.world import World, no_sleep

DAY = str(date_int(NOW.date()))


class ReusedNonceOnce:
    """Hands out n1, n1, n2, n3 …: the second request reuses the first one's nonce."""

    def __init__(self) -> None:
        self._given = ["n-1", "n-1"]
        self._count = 1

    def token(self) -> str:
        if self._given:
            return self._given.pop(0)
        self._count += 1
        return f"n-{self._count}"


def _client(
    fake: FatSecretFake,
    http: httpx.AsyncClient,
    kit: MemoryKit,
    *,
    secret: str | None = None,
    clock: FixedClock | None = None,
    nonces: ReusedNonceOnce | None = None,
) -> FatSecretClient:
    signer = OAuth1Signer(
        fake.consumer_key,
        secret or fake.consumer_secret,
        clock=clock or kit.clock,
        nonces=nonces or kit.secrets,
    )
    return FatSecretClient(
        http,
        signer,
        api_base_url=fake.api_base_url,
        oauth_base_url=fake.oauth_base_url,
        sleep=no_sleep,
    )


def _linked(fake: FatSecretFake) -> ProviderCredentials:
    access = fake.issue_access_token(fake.add_user())
    return ProviderCredentials(access_token=access.token, token_secret=access.secret)


async def _diary_of(client: FatSecretClient, credentials: ProviderCredentials) -> None:
    await client.call("food_entries.get.v2", [("date", DAY)], wire.FoodEntriesGet, credentials)


async def test_a_bad_signature_is_ours_to_fix_and_not_retried(
    fake: FatSecretFake, http: httpx.AsyncClient, kit: MemoryKit
) -> None:
    client = _client(fake, http, kit, secret="not-our-secret")

    with pytest.raises(FatSecretSignatureError) as refused:
        await _diary_of(client, _linked(fake))

    assert refused.value.code == 8
    assert not isinstance(refused.value, ServiceUnavailableError)
    assert fake.count(error_code=8) == 1


async def test_a_reused_nonce_is_retried_once_with_a_fresh_one(
    fake: FatSecretFake, http: httpx.AsyncClient, kit: MemoryKit
) -> None:
    client = _client(fake, http, kit, nonces=ReusedNonceOnce())
    credentials = _linked(fake)
    await _diary_of(client, credentials)

    await _diary_of(client, credentials)  # refused (7), then signed afresh and accepted

    assert fake.count(error_code=7) == 1
    assert fake.count("food_entries.get.v2", error_code=None) == 3


async def test_a_stale_timestamp_fails_after_one_fresh_try(
    fake: FatSecretFake, http: httpx.AsyncClient, kit: MemoryKit
) -> None:
    slow_clock = FixedClock(NOW - timedelta(hours=1))
    client = _client(fake, http, kit, clock=slow_clock)

    with pytest.raises(FatSecretStaleRequestError) as refused:
        await _diary_of(client, _linked(fake))

    assert refused.value.code == 6
    assert fake.count(error_code=6) == 2


@pytest.mark.parametrize("revoked", [True, False], ids=["revoked", "never issued"])
async def test_an_invalid_token_means_the_user_must_link_again(
    world: World, fake: FatSecretFake, revoked: bool
) -> None:
    account = fake.add_user()
    access = fake.issue_access_token(account)
    credentials = ProviderCredentials(access_token=access.token, token_secret=access.secret)
    if revoked:
        fake.revoke(account)
    else:
        credentials = ProviderCredentials(access_token="made-up", token_secret="made-up")

    with pytest.raises(CredentialsRejectedError) as refused:
        await _diary_of(world.client, credentials)

    assert isinstance(refused.value, FatSecretCredentialsError) and refused.value.code == 9
    assert fake.count(error_code=9) == 1  # no retry against a dead token


async def test_too_many_actions_is_retried_then_reported_as_busy(
    world: World, fake: FatSecretFake
) -> None:
    credentials = _linked(fake)
    fake.too_many_actions(2)
    await _diary_of(world.client, credentials)  # third try answers

    fake.too_many_actions(3)
    with pytest.raises(ServiceUnavailableError) as busy:
        await _diary_of(world.client, credentials)

    assert isinstance(busy.value, FatSecretBusyError) and busy.value.code == 12
    assert fake.count(error_code=12) == 5


async def test_an_outage_is_retried_for_reads(world: World, fake: FatSecretFake) -> None:
    credentials = _linked(fake)
    fake.fail_requests(2, status=503)
    await _diary_of(world.client, credentials)

    fake.fail_requests(3, status=502)
    with pytest.raises(FatSecretBusyError):
        await _diary_of(world.client, credentials)


def _create_params() -> list[tuple[str, str]]:
    return [
        ("food_id", "35718"),
        ("food_entry_name", "Apples"),
        ("serving_id", "32915"),
        ("number_of_units", "1"),
        ("meal", "lunch"),
        ("date", DAY),
    ]


async def test_a_create_refused_by_an_outage_is_not_repeated_and_did_not_land(
    world: World, fake: FatSecretFake
) -> None:
    account = fake.add_user()
    access = fake.issue_access_token(account)
    credentials = ProviderCredentials(access_token=access.token, token_secret=access.secret)
    fake.fail_requests(1, status=503)

    with pytest.raises(FatSecretBusyError) as busy:
        await world.client.create(
            "food_entry.create", _create_params(), wire.FoodEntryCreated, credentials
        )

    assert not isinstance(busy.value, DiaryWriteOutcomeUnknownError)
    assert fake.diary(account) == []
    assert fake.count("food_entry.create") == 1


async def test_a_create_whose_answer_is_lost_has_an_unknown_outcome(
    world: World, fake: FatSecretFake
) -> None:
    credentials = _linked(fake)
    fake.time_out_next("food_entry.create", after_commit=True, seconds=10)

    with pytest.raises(DiaryWriteOutcomeUnknownError):
        await world.client.create(
            "food_entry.create", _create_params(), wire.FoodEntryCreated, credentials
        )

    assert fake.count("food_entry.create") == 1  # never re-posted blindly


async def test_fatsecrets_own_timeout_on_a_create_has_an_unknown_outcome(
    world: World, fake: FatSecretFake
) -> None:
    credentials = _linked(fake)
    fake.time_out_next("food_entry.create", after_commit=False, seconds=0.05)

    with pytest.raises(FatSecretWriteUnknownError) as unknown:
        await world.client.create(
            "food_entry.create", _create_params(), wire.FoodEntryCreated, credentials
        )

    assert unknown.value.code == 24


async def test_other_codes_are_typed_request_errors(world: World, fake: FatSecretFake) -> None:
    with pytest.raises(FatSecretRequestError) as unknown_food:
        await world.client.call("food.get.v2", [("food_id", "999999")], wire.FoodGet)
    with pytest.raises(FatSecretRequestError) as missing:
        await world.client.call("foods.search.v3", [], wire.FoodsSearchV3)

    assert (unknown_food.value.code, missing.value.code) == (106, 101)


@pytest.mark.parametrize(
    ("code", "kind", "retry_later"),
    [
        (9, CredentialsRejectedError, False),
        (13, CredentialsRejectedError, False),
        (6, FatSecretStaleRequestError, True),
        (7, FatSecretStaleRequestError, True),
        (8, FatSecretSignatureError, False),
        (5, FatSecretSignatureError, False),
        (12, FatSecretBusyError, True),
        (24, FatSecretBusyError, True),
        (1, FatSecretBusyError, True),
        (106, FatSecretRequestError, False),
        (211, FatSecretRequestError, False),
    ],
)
def test_each_code_has_its_type(code: int, kind: type[Exception], retry_later: bool) -> None:
    error = error_for(code)

    assert isinstance(error, kind) and error.code == code
    assert isinstance(error, ServiceUnavailableError) is retry_later
    assert "FatSecret error" in str(error)

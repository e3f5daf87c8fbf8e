"""Tokens are stored encrypted, and `rotate-keys` moves them to the newest key."""

from datetime import timedelta

import psycopg
import pytest
from cryptography.fernet import Fernet

from adapters.crypto.tokens import TokenCipher, TokenKeyError
from adapters.postgres.key_rotation import rotate_stored_secrets
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionState, ConnectionStatus, Provider, ProviderConnection
from domain.ids import UserId
from tests.contracts.seed import T0, new_user, next_id
from tests.postgres.conftest import Pool, Units

WHOOP_TOKENS = ProviderCredentials(
    access_token="whoop-access-PLAINTEXT-1",
    refresh_token="whoop-refresh-PLAINTEXT-2",
    expires_at=T0 + timedelta(hours=1),
    external_user_id="10129",
)
FATSECRET_TOKENS = ProviderCredentials(
    access_token="fatsecret-token-PLAINTEXT-3", token_secret="fatsecret-secret-PLAINTEXT-4"
)
REQUEST_SECRET = "request-secret-PLAINTEXT-5"
SECRETS = 5  # access + refresh, token + secret, the request secret


async def _link_everything(units: Units) -> tuple[UserId, str]:
    """Both providers linked and a FatSecret link in progress; returns (user, state value)."""
    user = await new_user(units)
    state = ConnectionState.issue(
        value=f"state-{next_id():012d}", user_id=user.id, provider=Provider.FATSECRET, now=T0,
        request_secret=REQUEST_SECRET,
    )  # fmt: skip
    async with units() as uow:
        for provider, credentials in (
            (Provider.WHOOP, WHOOP_TOKENS), (Provider.FATSECRET, FATSECRET_TOKENS),
        ):  # fmt: skip
            connection = ProviderConnection(
                user_id=user.id, provider=provider, status=ConnectionStatus.CONNECTED,
                connected_at=T0,
            )  # fmt: skip
            await uow.connections.save(connection, credentials)
        await uow.connection_states.add(state)
        await uow.commit()
    return user.id, state.value


async def _stored(raw: psycopg.AsyncConnection) -> str:
    """Every row of both tables as PostgreSQL prints it (bytea in hex)."""
    rows = []
    for table in ("provider_connections", "connection_states"):
        rows += await (await raw.execute(f"SELECT t::text FROM {table} t")).fetchall()
    return "\n".join(row for (row,) in rows)


async def test_a_raw_select_shows_no_token(units: Units, raw: psycopg.AsyncConnection) -> None:
    await _link_everything(units)
    stored = await _stored(raw)
    assert "10129" in stored  # the provider's user id is no secret: the dump does show text
    assert "PLAINTEXT" not in stored
    assert b"PLAINTEXT".hex() not in stored  # nor the bytes as bytea


async def test_the_store_decrypts_what_it_encrypted(units: Units) -> None:
    user_id, state = await _link_everything(units)
    async with units() as uow:
        assert await uow.connections.credentials(user_id, Provider.WHOOP) == WHOOP_TOKENS
        assert await uow.connections.credentials(user_id, Provider.FATSECRET) == FATSECRET_TOKENS
        taken = await uow.connection_states.take(state)
        assert taken is not None and taken.request_secret == REQUEST_SECRET


async def test_rotation_moves_every_secret_to_the_newest_key(
    pool: Pool, key: bytes, units: Units, raw: psycopg.AsyncConnection
) -> None:
    user_id, state = await _link_everything(units)  # under `key`
    newest = Fernet.generate_key()
    both = TokenCipher([newest, key])
    before = await _stored(raw)

    first = await rotate_stored_secrets(pool, both)
    again = await rotate_stored_secrets(pool, both)

    assert (first.re_encrypted, first.already_current, first.rows) == (SECRETS, 0, 3)
    assert (again.re_encrypted, again.already_current, again.rows) == (0, SECRETS, 0)
    assert await _stored(raw) != before
    async with PostgresUnitOfWork(pool, TokenCipher([newest])) as uow:  # the old key dropped
        assert await uow.connections.credentials(user_id, Provider.WHOOP) == WHOOP_TOKENS
        assert await uow.connections.credentials(user_id, Provider.FATSECRET) == FATSECRET_TOKENS
        taken = await uow.connection_states.take(state)
        assert taken is not None and taken.request_secret == REQUEST_SECRET


async def test_rotation_with_a_key_that_opens_nothing_changes_nothing(
    pool: Pool, units: Units, raw: psycopg.AsyncConnection
) -> None:
    await _link_everything(units)
    before = await _stored(raw)
    with pytest.raises(TokenKeyError):
        await rotate_stored_secrets(pool, TokenCipher([Fernet.generate_key()]))
    assert await _stored(raw) == before

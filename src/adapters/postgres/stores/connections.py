"""Provider links. Every token and secret is encrypted with the `TokenCipher` before it is
written and decrypted after it is read: the database only ever holds ciphertext."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from adapters.crypto.tokens import TokenCipher
from adapters.postgres.session import Row, Session
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionState, ConnectionStatus, Provider, ProviderConnection
from domain.errors import AlreadyExistsError
from domain.ids import UserId

# Below every id, for the first page.
_BEFORE_ALL = -(2**63)

# DO NOTHING instead of an error: a taken value leaves the transaction usable.
ADD_STATE = """
INSERT INTO connection_states (value, user_id, provider, created_at, expires_at,
                               request_secret_encrypted)
VALUES (%(value)s, %(user_id)s, %(provider)s, %(created_at)s, %(expires_at)s,
        %(request_secret_encrypted)s)
ON CONFLICT DO NOTHING
"""
# DELETE ... RETURNING: two units taking the same state cannot both get it.
TAKE_STATE = """
DELETE FROM connection_states WHERE value = %(value)s
RETURNING value, user_id, provider, created_at, expires_at, request_secret_encrypted
"""
PEEK_STATE = """
SELECT value, user_id, provider, created_at, expires_at, request_secret_encrypted
FROM connection_states WHERE value = %(value)s
"""
KEEP_REQUEST_OF_STATE = """
UPDATE connection_states SET request_secret_encrypted = %(request_secret_encrypted)s
WHERE value = %(value)s
"""
DELETE_EXPIRED_STATES = "DELETE FROM connection_states WHERE expires_at <= %(now)s"

SAVE_CONNECTION = """
INSERT INTO provider_connections (user_id, provider, status, connected_at,
    access_token_encrypted, refresh_token_encrypted, token_secret_encrypted, expires_at,
    external_user_id)
VALUES (%(user_id)s, %(provider)s, %(status)s, %(connected_at)s, %(access_token_encrypted)s,
    %(refresh_token_encrypted)s, %(token_secret_encrypted)s, %(expires_at)s,
    %(external_user_id)s)
ON CONFLICT (user_id, provider) DO UPDATE SET
    status = EXCLUDED.status,
    connected_at = EXCLUDED.connected_at,
    access_token_encrypted = EXCLUDED.access_token_encrypted,
    refresh_token_encrypted = EXCLUDED.refresh_token_encrypted,
    token_secret_encrypted = EXCLUDED.token_secret_encrypted,
    expires_at = EXCLUDED.expires_at,
    external_user_id = EXCLUDED.external_user_id
"""
GET_CONNECTION = """
SELECT user_id, provider, status, connected_at FROM provider_connections
WHERE user_id = %(user_id)s AND provider = %(provider)s
"""
GET_CREDENTIALS = """
SELECT access_token_encrypted, refresh_token_encrypted, token_secret_encrypted, expires_at,
       external_user_id
FROM provider_connections WHERE user_id = %(user_id)s AND provider = %(provider)s
"""
SET_CONNECTION_STATUS = """
UPDATE provider_connections SET status = %(status)s
WHERE user_id = %(user_id)s AND provider = %(provider)s
"""
REMOVE_CONNECTION = """
DELETE FROM provider_connections WHERE user_id = %(user_id)s AND provider = %(provider)s
"""
CONNECTIONS_OF_USER = """
SELECT user_id, provider, status, connected_at FROM provider_connections
WHERE user_id = %(user_id)s ORDER BY provider
"""
CONNECTED_USERS = """
SELECT user_id FROM provider_connections
WHERE provider = %(provider)s AND status = 'connected' AND user_id > %(after)s
ORDER BY user_id LIMIT %(limit)s
"""
LINKED_AMONG = """
SELECT user_id FROM provider_connections
WHERE provider = %(provider)s AND user_id = ANY(%(user_ids)s)
"""


class PostgresConnectionStateStore:
    def __init__(self, session: Session, cipher: TokenCipher) -> None:
        self._db = session
        self._cipher = cipher

    async def add(self, state: ConnectionState) -> None:
        secret = state.request_secret
        params = {
            "value": state.value,
            "user_id": state.user_id,
            "provider": state.provider.value,
            "created_at": state.created_at,
            "expires_at": state.expires_at,
            "request_secret_encrypted": None if secret is None else self._cipher.encrypt(secret),
        }
        if await self._db.execute(ADD_STATE, params) == 0:
            raise AlreadyExistsError("that connection state exists already")

    async def take(self, value: str) -> ConnectionState | None:
        return self._state(await self._db.fetch_one(TAKE_STATE, {"value": value}))

    async def peek(self, value: str) -> ConnectionState | None:
        return self._state(await self._db.fetch_one(PEEK_STATE, {"value": value}))

    async def set_request_secret(self, value: str, request_secret: str) -> bool:
        params = {
            "value": value,
            "request_secret_encrypted": self._cipher.encrypt(request_secret),
        }
        return await self._db.execute(KEEP_REQUEST_OF_STATE, params) > 0

    def _state(self, row: Row | None) -> ConnectionState | None:
        if row is None:
            return None
        secret = row.pop("request_secret_encrypted")
        row["request_secret"] = None if secret is None else self._cipher.decrypt(secret)
        return msgspec.convert(row, ConnectionState)

    async def delete_expired(self, now: datetime) -> int:
        return await self._db.execute(DELETE_EXPIRED_STATES, {"now": now})


def _connection(row: Row) -> ProviderConnection:
    return msgspec.convert(row, ProviderConnection)


class PostgresConnectionStore:
    def __init__(self, session: Session, cipher: TokenCipher) -> None:
        self._db = session
        self._cipher = cipher

    def _encrypted(self, value: str | None) -> bytes | None:
        return None if value is None else self._cipher.encrypt(value)

    def _decrypted(self, value: bytes | None) -> str | None:
        return None if value is None else self._cipher.decrypt(value)

    async def save(self, connection: ProviderConnection, credentials: ProviderCredentials) -> None:
        await self._db.execute(
            SAVE_CONNECTION,
            {
                "user_id": connection.user_id,
                "provider": connection.provider.value,
                "status": connection.status.value,
                "connected_at": connection.connected_at,
                "access_token_encrypted": self._cipher.encrypt(credentials.access_token),
                "refresh_token_encrypted": self._encrypted(credentials.refresh_token),
                "token_secret_encrypted": self._encrypted(credentials.token_secret),
                "expires_at": credentials.expires_at,
                "external_user_id": credentials.external_user_id,
            },
        )

    async def get(self, user_id: UserId, provider: Provider) -> ProviderConnection | None:
        params = {"user_id": user_id, "provider": provider.value}
        row = await self._db.fetch_one(GET_CONNECTION, params)
        return _connection(row) if row else None

    async def credentials(self, user_id: UserId, provider: Provider) -> ProviderCredentials | None:
        params = {"user_id": user_id, "provider": provider.value}
        row = await self._db.fetch_one(GET_CREDENTIALS, params)
        if row is None:
            return None
        return msgspec.convert(
            {
                "access_token": self._cipher.decrypt(row["access_token_encrypted"]),
                "refresh_token": self._decrypted(row["refresh_token_encrypted"]),
                "token_secret": self._decrypted(row["token_secret_encrypted"]),
                "expires_at": row["expires_at"],
                "external_user_id": row["external_user_id"],
            },
            ProviderCredentials,
        )

    async def set_status(
        self, user_id: UserId, provider: Provider, status: ConnectionStatus
    ) -> bool:
        params = {"user_id": user_id, "provider": provider.value, "status": status.value}
        return await self._db.execute(SET_CONNECTION_STATUS, params) > 0

    async def remove(self, user_id: UserId, provider: Provider) -> bool:
        params = {"user_id": user_id, "provider": provider.value}
        return await self._db.execute(REMOVE_CONNECTION, params) > 0

    async def of_user(self, user_id: UserId) -> Sequence[ProviderConnection]:
        rows = await self._db.fetch_all(CONNECTIONS_OF_USER, {"user_id": user_id})
        return [_connection(row) for row in rows]

    async def linked_among(self, provider: Provider, user_ids: Sequence[UserId]) -> set[UserId]:
        params = {"provider": provider.value, "user_ids": list(user_ids)}
        return {UserId(row["user_id"]) for row in await self._db.fetch_all(LINKED_AMONG, params)}

    async def connected_users(
        self, provider: Provider, *, after: UserId | None, limit: int
    ) -> Sequence[UserId]:
        params = {
            "provider": provider.value,
            "after": _BEFORE_ALL if after is None else after,
            "limit": limit,
        }
        return [UserId(row["user_id"]) for row in await self._db.fetch_all(CONNECTED_USERS, params)]

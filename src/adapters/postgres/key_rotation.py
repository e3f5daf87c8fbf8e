"""Re-encrypting every stored secret with the newest key (`health-tracker rotate-keys`).

One transaction; the rows are locked while they are rewritten, so a token refreshed at the same
moment is not overwritten by its older value. Values the newest key encrypted already are left
alone, so running it again changes nothing. Afterwards the old keys can be dropped from
TOKEN_ENCRYPTION_KEYS.
"""

from __future__ import annotations

from typing import Any

import msgspec
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from adapters.crypto.tokens import TokenCipher
from adapters.postgres.session import open_session

CONNECTIONS_TO_REENCRYPT = """
SELECT user_id, provider,
       access_token_encrypted, refresh_token_encrypted, token_secret_encrypted
FROM provider_connections
ORDER BY user_id, provider
FOR UPDATE
"""
REENCRYPT_CONNECTION = """
UPDATE provider_connections
SET access_token_encrypted = %(access_token_encrypted)s,
    refresh_token_encrypted = %(refresh_token_encrypted)s,
    token_secret_encrypted = %(token_secret_encrypted)s
WHERE user_id = %(user_id)s AND provider = %(provider)s
"""
STATES_TO_REENCRYPT = """
SELECT value, request_secret_encrypted
FROM connection_states
WHERE request_secret_encrypted IS NOT NULL
ORDER BY value
FOR UPDATE
"""
REENCRYPT_STATE = """
UPDATE connection_states SET request_secret_encrypted = %(request_secret_encrypted)s
WHERE value = %(value)s
"""
_CONNECTION_COLUMNS = (
    "access_token_encrypted", "refresh_token_encrypted", "token_secret_encrypted",
)  # fmt: skip


class RotationReport(msgspec.Struct, frozen=True, kw_only=True):
    re_encrypted: int  # secrets now under the newest key
    already_current: int  # secrets that were under it already
    rows: int  # rows rewritten


class _Rotation:
    def __init__(self, cipher: TokenCipher) -> None:
        self._cipher = cipher
        self.re_encrypted = 0
        self.already_current = 0

    def rotated(self, row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any] | None:
        """The row with its secrets under the newest key, or None if none needed it."""
        changed = dict(row)
        for column in columns:
            value = row[column]
            if value is None:
                continue
            if self._cipher.is_current(value):
                self.already_current += 1
            else:
                changed[column] = self._cipher.rotate(value)
                self.re_encrypted += 1
        return changed if changed != row else None


async def rotate_stored_secrets(
    pool: AsyncConnectionPool[AsyncConnection[Any]], cipher: TokenCipher
) -> RotationReport:
    """Raises `TokenKeyError` if a stored value cannot be decrypted with any configured key
    (then nothing is changed), `ServiceUnavailableError` if the database cannot be reached."""
    rotation = _Rotation(cipher)
    async with open_session(pool) as db:
        connections = [
            changed
            for row in await db.fetch_all(CONNECTIONS_TO_REENCRYPT)
            if (changed := rotation.rotated(row, _CONNECTION_COLUMNS)) is not None
        ]
        states = [
            changed
            for row in await db.fetch_all(STATES_TO_REENCRYPT)
            if (changed := rotation.rotated(row, ("request_secret_encrypted",))) is not None
        ]
        if connections:
            await db.execute_many(REENCRYPT_CONNECTION, connections)
        if states:
            await db.execute_many(REENCRYPT_STATE, states)
        await db.commit()
    return RotationReport(
        re_encrypted=rotation.re_encrypted,
        already_current=rotation.already_current,
        rows=len(connections) + len(states),
    )

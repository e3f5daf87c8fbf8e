from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from adapters.memory.database import Session
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionState, ConnectionStatus, Provider, ProviderConnection
from domain.ids import UserId


class MemoryConnectionStateStore:
    def __init__(self, session: Session) -> None:
        self._states = session.states

    async def add(self, state: ConnectionState) -> None:
        self._states.insert(state.value, state, "connection state")

    async def take(self, value: str) -> ConnectionState | None:
        state = self._states.get(value)
        if state is not None:
            self._states.delete(value)
        return state

    async def peek(self, value: str) -> ConnectionState | None:
        return self._states.get(value)

    async def set_request_secret(self, value: str, request_secret: str) -> bool:
        state = self._states.get(value)
        if state is None:
            return False
        self._states.put(value, msgspec.structs.replace(state, request_secret=request_secret))
        return True

    async def delete_expired(self, now: datetime) -> int:
        return self._states.delete_where(lambda state: state.expires_at <= now)


class MemoryConnectionStore:
    """Keeps credentials in memory as given: there is nothing at rest to encrypt."""

    def __init__(self, session: Session) -> None:
        self._connections = session.connections

    async def save(self, connection: ProviderConnection, credentials: ProviderCredentials) -> None:
        self._connections.put((connection.user_id, connection.provider), (connection, credentials))

    async def get(self, user_id: UserId, provider: Provider) -> ProviderConnection | None:
        pair = self._connections.get((user_id, provider))
        return pair[0] if pair else None

    async def credentials(self, user_id: UserId, provider: Provider) -> ProviderCredentials | None:
        pair = self._connections.get((user_id, provider))
        return pair[1] if pair else None

    async def set_status(
        self, user_id: UserId, provider: Provider, status: ConnectionStatus
    ) -> bool:
        pair = self._connections.get((user_id, provider))
        if pair is None:
            return False
        connection = msgspec.structs.replace(pair[0], status=status)
        self._connections.put((user_id, provider), (connection, pair[1]))
        return True

    async def remove(self, user_id: UserId, provider: Provider) -> bool:
        return self._connections.delete((user_id, provider))

    async def of_user(self, user_id: UserId) -> Sequence[ProviderConnection]:
        mine = (c for (owner, _), (c, _) in self._connections.items() if owner == user_id)
        return sorted(mine, key=lambda c: c.provider.value)

    async def linked_among(self, provider: Provider, user_ids: Sequence[UserId]) -> set[UserId]:
        return {u for u in user_ids if self._connections.get((u, provider)) is not None}

    async def connected_users(
        self, provider: Provider, *, after: UserId | None, limit: int
    ) -> Sequence[UserId]:
        ids = sorted(
            owner
            for (owner, linked), (connection, _) in self._connections.items()
            if linked is provider
            and connection.status is ConnectionStatus.CONNECTED
            and (after is None or owner > after)
        )
        return ids[:limit]

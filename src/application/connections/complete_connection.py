"""Use case: the provider sent the user back to us — finish linking.

The state is consumed first, in its own committed transaction, so it can never be used twice,
even when the code exchange then fails. An unknown, used, expired or other-provider state
raises `ConnectionStateError`. A newly linked wearable gets a backfill sync queued.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from application.connections.begin_connection import PROVIDER_NAMES
from application.ports.authorizer import ProviderAuthorizer
from application.ports.coordination import JobQueue
from application.ports.system import Clock
from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from application.sync.sync_wearable import SyncWearableRequest
from domain.connections import ConnectionStatus, Provider, ProviderConnection, is_state_value
from domain.errors import ConnectionStateError
from domain.ids import UserId
from domain.users import Language

SYNC_WEARABLE_JOB = "sync_wearable"


class CompleteConnectionRequest(msgspec.Struct, frozen=True, kw_only=True):
    provider: Provider
    state: str
    code: str  # OAuth 2 code, or OAuth 1 verifier


class CompleteConnectionResponse(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    provider: Provider
    telegram_user_id: int | None  # where to tell the user
    language: Language
    reply: str


class CompleteConnection:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        authorizers: Mapping[Provider, ProviderAuthorizer],
        jobs: JobQueue,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._authorizers = authorizers
        self._jobs = jobs

    async def execute(self, request: CompleteConnectionRequest) -> CompleteConnectionResponse:
        if not is_state_value(request.state):
            raise ConnectionStateError("not a state we issue")
        async with self._uow:
            state = await self._uow.connection_states.take(request.state)
            await self._uow.commit()
        if state is None:
            raise ConnectionStateError("unknown or already used state")
        state.check(request.provider, self._clock.now())
        credentials = await self._authorizers[request.provider].finish(
            code=request.code, state=state
        )
        async with self._uow:
            user = await self._uow.users.get(state.user_id)
            if user is None:
                raise ConnectionStateError("the user of this state is gone")
            connection = ProviderConnection(
                user_id=user.id,
                provider=request.provider,
                status=ConnectionStatus.CONNECTED,
                connected_at=self._clock.now(),
            )
            await self._uow.connections.save(connection, credentials)
            await self._uow.commit()
        if request.provider is Provider.WHOOP:
            await self._jobs.enqueue(
                SYNC_WEARABLE_JOB,
                SyncWearableRequest(user_id=user.id),
                job_id=f"{SYNC_WEARABLE_JOB}:{user.id}",
            )
        name = PROVIDER_NAMES[request.provider]
        return CompleteConnectionResponse(
            user_id=user.id,
            provider=request.provider,
            telegram_user_id=user.telegram_user_id,
            language=user.language,
            reply=text(user.language, "connect.done", provider=name),
        )

"""The PostgreSQL unit of work: one pooled connection and one transaction per `async with`.

Entering takes a connection from the pool (the transaction opens with the first statement);
`commit()` makes the writes durable; leaving the block always rolls back whatever was not
committed — also when the block raised — and returns the connection. Nothing commits on exit,
so a dishka finalizer or an exception can never commit half a change.

A store's `AlreadyExistsError` on adding, and a refused `users.update`, leave the transaction
usable. Any other failed statement aborts it: then only `rollback()` (or leaving) is possible,
and `commit()` raises `StorageBugError` rather than let PostgreSQL turn it into a silent rollback.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from types import TracebackType
from typing import Any, Self

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from adapters.crypto.tokens import TokenCipher
from adapters.postgres.session import Session, open_session
from adapters.postgres.stores.connections import (
    PostgresConnectionStateStore,
    PostgresConnectionStore,
)
from adapters.postgres.stores.conversation import PostgresConversationStore
from adapters.postgres.stores.food_log import PostgresFoodLogStore
from adapters.postgres.stores.ledgers import (
    PostgresInboundEventStore,
    PostgresNotificationLedger,
    PostgresSyncCursorStore,
)
from adapters.postgres.stores.outbox import PostgresDiaryOutbox
from adapters.postgres.stores.recovery import PostgresRecoveryStore
from adapters.postgres.stores.users import PostgresUserStore


class NotInTransactionError(RuntimeError):
    """A store was used outside `async with uow:`, or the unit was entered twice."""


class _Stores:
    def __init__(self, session: Session, cipher: TokenCipher) -> None:
        self.session = session
        self.users = PostgresUserStore(session)
        self.food_log = PostgresFoodLogStore(session)
        self.recovery = PostgresRecoveryStore(session)
        self.conversation = PostgresConversationStore(session)
        self.connection_states = PostgresConnectionStateStore(session, cipher)
        self.connections = PostgresConnectionStore(session, cipher)
        self.notifications = PostgresNotificationLedger(session)
        self.diary_outbox = PostgresDiaryOutbox(session)
        self.inbound_events = PostgresInboundEventStore(session)
        self.sync_cursors = PostgresSyncCursorStore(session)


class PostgresUnitOfWork:
    def __init__(
        self, pool: AsyncConnectionPool[AsyncConnection[Any]], cipher: TokenCipher
    ) -> None:
        self._pool = pool
        self._cipher = cipher
        self._exit: AsyncExitStack | None = None
        self._stores: _Stores | None = None

    def _open(self) -> _Stores:
        if self._stores is None:
            raise NotInTransactionError("use the stores inside `async with uow:`")
        return self._stores

    @property
    def users(self) -> PostgresUserStore:
        return self._open().users

    @property
    def food_log(self) -> PostgresFoodLogStore:
        return self._open().food_log

    @property
    def recovery(self) -> PostgresRecoveryStore:
        return self._open().recovery

    @property
    def conversation(self) -> PostgresConversationStore:
        return self._open().conversation

    @property
    def connection_states(self) -> PostgresConnectionStateStore:
        return self._open().connection_states

    @property
    def connections(self) -> PostgresConnectionStore:
        return self._open().connections

    @property
    def notifications(self) -> PostgresNotificationLedger:
        return self._open().notifications

    @property
    def diary_outbox(self) -> PostgresDiaryOutbox:
        return self._open().diary_outbox

    @property
    def inbound_events(self) -> PostgresInboundEventStore:
        return self._open().inbound_events

    @property
    def sync_cursors(self) -> PostgresSyncCursorStore:
        return self._open().sync_cursors

    async def __aenter__(self) -> Self:
        if self._exit is not None:
            raise NotInTransactionError("a unit of work cannot be nested")
        exit_stack = AsyncExitStack()
        session = await exit_stack.enter_async_context(open_session(self._pool))
        self._exit, self._stores = exit_stack, _Stores(session, self._cipher)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        exit_stack, self._exit, self._stores = self._exit, None, None
        if exit_stack is not None:
            await exit_stack.aclose()  # rolls back what was not committed

    async def commit(self) -> None:
        await self._open().session.commit()

    async def rollback(self) -> None:
        await self._open().session.rollback()

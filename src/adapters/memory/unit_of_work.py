"""The in-memory unit of work: each `async with` is a `Session`; commit publishes its writes,
leaving the block without commit drops them."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.memory.database import MemoryDatabase, Session
from adapters.memory.stores.connections import MemoryConnectionStateStore, MemoryConnectionStore
from adapters.memory.stores.conversation import MemoryConversationStore
from adapters.memory.stores.food_log import MemoryFoodLogStore
from adapters.memory.stores.ledgers import (
    MemoryInboundEventStore,
    MemoryNotificationLedger,
    MemorySyncCursorStore,
)
from adapters.memory.stores.outbox import MemoryDiaryOutbox
from adapters.memory.stores.recovery import MemoryRecoveryStore
from adapters.memory.stores.users import MemoryUserStore


class NotInTransactionError(RuntimeError):
    """A store was used outside `async with uow:`, or the unit was entered twice."""


class _Stores:
    def __init__(self, session: Session) -> None:
        self.users = MemoryUserStore(session)
        self.food_log = MemoryFoodLogStore(session)
        self.recovery = MemoryRecoveryStore(session)
        self.conversation = MemoryConversationStore(session)
        self.connection_states = MemoryConnectionStateStore(session)
        self.connections = MemoryConnectionStore(session)
        self.notifications = MemoryNotificationLedger(session)
        self.diary_outbox = MemoryDiaryOutbox(session)
        self.inbound_events = MemoryInboundEventStore(session)
        self.sync_cursors = MemorySyncCursorStore(session)


class MemoryUnitOfWork:
    def __init__(self, db: MemoryDatabase) -> None:
        self.db = db
        self._session: Session | None = None
        self._stores: _Stores | None = None
        self.commits = 0  # for tests: how many commits went through this unit

    def _open(self) -> _Stores:
        if self._stores is None:
            raise NotInTransactionError("use the stores inside `async with uow:`")
        return self._stores

    @property
    def users(self) -> MemoryUserStore:
        return self._open().users

    @property
    def food_log(self) -> MemoryFoodLogStore:
        return self._open().food_log

    @property
    def recovery(self) -> MemoryRecoveryStore:
        return self._open().recovery

    @property
    def conversation(self) -> MemoryConversationStore:
        return self._open().conversation

    @property
    def connection_states(self) -> MemoryConnectionStateStore:
        return self._open().connection_states

    @property
    def connections(self) -> MemoryConnectionStore:
        return self._open().connections

    @property
    def notifications(self) -> MemoryNotificationLedger:
        return self._open().notifications

    @property
    def diary_outbox(self) -> MemoryDiaryOutbox:
        return self._open().diary_outbox

    @property
    def inbound_events(self) -> MemoryInboundEventStore:
        return self._open().inbound_events

    @property
    def sync_cursors(self) -> MemorySyncCursorStore:
        return self._open().sync_cursors

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise NotInTransactionError("a unit of work cannot be nested")
        self._session = Session(self.db)
        self._stores = _Stores(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session, self._stores = self._session, None, None
        if session is not None:
            session.rollback()

    async def commit(self) -> None:
        if self._session is None:
            raise NotInTransactionError("commit outside `async with uow:`")
        self._session.commit()
        self.commits += 1

    async def rollback(self) -> None:
        if self._session is None:
            raise NotInTransactionError("rollback outside `async with uow:`")
        self._session.rollback()

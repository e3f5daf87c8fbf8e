from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from application.ports.connections import ConnectionStateStore, ConnectionStore
from application.ports.conversation import ConversationStore
from application.ports.diary_outbox import DiaryOutbox
from application.ports.food_log import FoodLogStore
from application.ports.ledgers import InboundEventStore, NotificationLedger, SyncCursorStore
from application.ports.recovery import RecoveryStore
from application.ports.users import UserStore


class UnitOfWork(Protocol):
    """One transaction over every store.

    `async with uow:` begins it; `await uow.commit()` makes its writes durable and visible to
    others; leaving the block rolls back whatever was not committed — also when the block
    raised. Nothing commits by accident. The same object may be entered again after it was
    left (a new transaction each time), but not nested. Stores are usable only inside.
    `commit` raises `AlreadyExistsError` (or another `DomainError`) when a constraint fails,
    and `ServiceUnavailableError` when the storage cannot be reached (nothing is committed then).
    """

    @property
    def users(self) -> UserStore: ...
    @property
    def food_log(self) -> FoodLogStore: ...
    @property
    def recovery(self) -> RecoveryStore: ...
    @property
    def conversation(self) -> ConversationStore: ...
    @property
    def connection_states(self) -> ConnectionStateStore: ...
    @property
    def connections(self) -> ConnectionStore: ...
    @property
    def notifications(self) -> NotificationLedger: ...
    @property
    def diary_outbox(self) -> DiaryOutbox: ...
    @property
    def inbound_events(self) -> InboundEventStore: ...
    @property
    def sync_cursors(self) -> SyncCursorStore: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None:
        """Discard the writes made since the last commit; the transaction stays open."""
        ...

"""The committed state of an in-memory database, and the transactions over it.

A `Session` (one per unit-of-work block) keeps its writes in overlays over the committed
tables: it reads its own writes, others see them only after `commit`, and `rollback` (or
leaving without commit) simply drops them. Keys that must be inserted once (ledger claims,
processed events) are reserved across sessions the way a unique index makes a concurrent
insert wait: the second claimant waits for the first to commit or roll back, then sees the
outcome.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Hashable, Iterator
from datetime import datetime
from typing import Generic, TypeVar

from application.ports.connections import ProviderCredentials
from application.ports.diary_outbox import DiaryOutboxItem
from application.ports.ledgers import SentNotification, SyncCursor
from domain.connections import ConnectionState, Provider, ProviderConnection
from domain.conversation import ConversationMessage
from domain.errors import AlreadyExistsError
from domain.ids import EntryId, MessageId, OutboxItemId, UserId
from domain.meals.entry import FoodEntry
from domain.recovery.records import Cycle, Recovery, Sleep, Workout
from domain.users import User

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Gone(enum.Enum):
    GONE = "gone"


GONE = _Gone.GONE

UserKey = tuple[UserId, str]
ConnectionKey = tuple[UserId, Provider]


class MemoryDatabase:
    """The committed rows. Share one between the units of work of one "process"."""

    def __init__(self) -> None:
        self.users: dict[UserId, User] = {}
        self.entries: dict[EntryId, FoodEntry] = {}
        self.cycles: dict[UserKey, Cycle] = {}
        self.sleeps: dict[UserKey, Sleep] = {}
        self.recoveries: dict[UserKey, Recovery] = {}
        self.workouts: dict[UserKey, Workout] = {}
        self.messages: dict[MessageId, ConversationMessage] = {}
        self.states: dict[str, ConnectionState] = {}
        self.connections: dict[ConnectionKey, tuple[ProviderConnection, ProviderCredentials]] = {}
        self.ledger: dict[tuple[UserId, str, str], SentNotification] = {}
        self.outbox: dict[OutboxItemId, DiaryOutboxItem] = {}
        self.events: dict[str, datetime] = {}
        self.cursors: dict[tuple[UserId, Provider, str], SyncCursor] = {}
        self.reservations: dict[Hashable, asyncio.Event] = {}


class Overlay(Generic[K, V]):
    """One table as one session sees it: committed rows plus this session's writes."""

    def __init__(self, committed: dict[K, V]) -> None:
        self._committed = committed
        self._writes: dict[K, V | _Gone] = {}
        self._inserted: set[K] = set()

    def get(self, key: K) -> V | None:
        if key in self._writes:
            value = self._writes[key]
            return None if value is GONE else value
        return self._committed.get(key)

    def put(self, key: K, value: V) -> None:
        """Insert or replace."""
        self._writes[key] = value

    def insert(self, key: K, value: V, what: str = "row") -> None:
        """Insert a new row; `AlreadyExistsError` if the key is taken (now, or by commit time)."""
        if self.get(key) is not None:
            raise AlreadyExistsError(f"{what} {key!r} exists already")
        self._writes[key] = value
        self._inserted.add(key)

    def delete(self, key: K) -> bool:
        existed = self.get(key) is not None
        self._writes[key] = GONE
        return existed

    def items(self) -> Iterator[tuple[K, V]]:
        for key in {**self._committed, **self._writes}:
            value = self.get(key)
            if value is not None:
                yield key, value

    def values(self) -> Iterator[V]:
        return (value for _, value in self.items())

    def delete_where(self, doomed: Callable[[V], bool]) -> int:
        keys = [key for key, value in self.items() if doomed(value)]
        for key in keys:
            self.delete(key)
        return len(keys)

    def check_inserts(self) -> None:
        for key in self._inserted:
            if key in self._committed and self._writes.get(key) is not GONE:
                raise AlreadyExistsError(f"a row with key {key!r} was committed meanwhile")

    def apply(self) -> None:
        for key, value in self._writes.items():
            if value is GONE:
                self._committed.pop(key, None)
            else:
                self._committed[key] = value
        self._writes.clear()
        self._inserted.clear()

    def discard(self) -> None:
        self._writes.clear()
        self._inserted.clear()


class Session:
    """One transaction: an overlay per table, plus the once-only keys it reserved."""

    def __init__(self, db: MemoryDatabase) -> None:
        self.db = db
        self.users = Overlay(db.users)
        self.entries = Overlay(db.entries)
        self.cycles = Overlay(db.cycles)
        self.sleeps = Overlay(db.sleeps)
        self.recoveries = Overlay(db.recoveries)
        self.workouts = Overlay(db.workouts)
        self.messages = Overlay(db.messages)
        self.states = Overlay(db.states)
        self.connections = Overlay(db.connections)
        self.ledger = Overlay(db.ledger)
        self.outbox = Overlay(db.outbox)
        self.events = Overlay(db.events)
        self.cursors = Overlay(db.cursors)
        self._reserved: list[Hashable] = []

    def _overlays(self) -> tuple[Overlay[object, object], ...]:
        return tuple(value for value in vars(self).values() if isinstance(value, Overlay))

    async def reserve(self, key: Hashable) -> None:
        """Wait until no other session holds `key`, then hold it until commit or rollback."""
        if key in self._reserved:
            return
        while key in self.db.reservations:
            await self.db.reservations[key].wait()
        self.db.reservations[key] = asyncio.Event()
        self._reserved.append(key)

    def commit(self) -> None:
        self._check_unique()
        for overlay in self._overlays():
            overlay.apply()
        self._release()

    def rollback(self) -> None:
        for overlay in self._overlays():
            overlay.discard()
        self._release()

    def _check_unique(self) -> None:
        """What a database's unique constraints would refuse at commit: rows someone else
        inserted meanwhile (same primary key, or same Telegram id for another user)."""
        for overlay in self._overlays():
            overlay.check_inserts()
        owners = {u.telegram_user_id: u.id for u in self.db.users.values()}
        for user in self.users.values():
            owner = owners.get(user.telegram_user_id)
            if user.telegram_user_id is not None and owner is not None and owner != user.id:
                raise AlreadyExistsError("that Telegram user is registered already")

    def _release(self) -> None:
        for key in self._reserved:
            event = self.db.reservations.pop(key, None)
            if event is not None:
                event.set()
        self._reserved.clear()

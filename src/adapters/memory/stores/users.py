from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from adapters.memory.database import Session
from adapters.memory.stores.user_tables import user_tables
from application.ports.users import DueUsers, UserTable
from domain.briefings.schedule import BriefingKind, briefing_due
from domain.errors import AlreadyExistsError, UserNotFoundError
from domain.ids import UserId
from domain.users import User


class MemoryUserStore:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._users = session.users

    async def get(self, user_id: UserId) -> User | None:
        return self._users.get(user_id)

    async def by_telegram_id(self, telegram_user_id: int) -> User | None:
        return next(
            (u for u in self._users.values() if u.telegram_user_id == telegram_user_id), None
        )

    async def add(self, user: User) -> None:
        if user.telegram_user_id is not None and await self.by_telegram_id(user.telegram_user_id):
            raise AlreadyExistsError("that Telegram user is registered already")
        self._users.insert(user.id, user, "user")

    async def update(self, user: User) -> None:
        if self._users.get(user.id) is None:
            raise UserNotFoundError(f"no user {user.id}")
        other = await self.by_telegram_id(user.telegram_user_id) if user.telegram_user_id else None
        if other is not None and other.id != user.id:
            raise AlreadyExistsError("that Telegram user is registered already")
        self._users.put(user.id, user)

    async def delete(self, user_id: UserId) -> bool:
        if not self._users.delete(user_id):
            return False
        s = self._session
        # What ON DELETE CASCADE does in the database: every row owned by the user goes too.
        s.entries.delete_where(lambda e: e.user_id == user_id)
        for table in (s.cycles, s.sleeps, s.recoveries, s.workouts):
            for key, _ in list(table.items()):
                if key[0] == user_id:
                    table.delete(key)
        s.messages.delete_where(lambda m: m.user_id == user_id)
        s.states.delete_where(lambda state: state.user_id == user_id)
        s.connections.delete_where(lambda pair: pair[0].user_id == user_id)
        s.ledger.delete_where(lambda n: n.user_id == user_id)
        s.outbox.delete_where(lambda item: item.user_id == user_id)
        s.cursors.delete_where(lambda c: c.user_id == user_id)
        return True

    async def page(self, *, after: UserId | None, limit: int) -> Sequence[User]:
        users = sorted(
            (u for u in self._users.values() if after is None or u.id > after), key=lambda u: u.id
        )
        return users[:limit]

    async def due_for_briefing(
        self, kind: BriefingKind, now: datetime, *, after: UserId | None, limit: int
    ) -> DueUsers:
        # A memory user always has a valid timezone (the User checks it): none to report.
        page = await self.page(after=after, limit=limit)
        due = []
        for user in page:
            day = briefing_due(user, kind, now)
            claimed = day is not None and self._session.ledger.get(
                (user.id, kind.value, day.isoformat())
            )
            if day is not None and user.telegram_user_id is not None and not claimed:
                due.append(user)
        last = page[-1].id if len(page) == limit else None
        return DueUsers(users=tuple(due), last=last)

    async def tables_of(self, user_id: UserId) -> Sequence[UserTable]:
        return user_tables(self._session, user_id)

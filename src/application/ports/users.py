from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import msgspec

from domain.briefings.schedule import BriefingKind
from domain.ids import UserId
from domain.users import User


class UserTable(msgspec.Struct, frozen=True, kw_only=True):
    """One table's rows about one user, every value as text ("" for none): for the export."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


class DueUsers(msgspec.Struct, frozen=True, kw_only=True):
    """A page of users a briefing is due for (see `UserStore.due_for_briefing`)."""

    users: tuple[User, ...]
    # Users of the page whose stored timezone is no IANA zone: skipped, to be reported.
    invalid_timezone: tuple[UserId, ...] = ()
    # The last id the page looked at (for the next page); None when there are no more.
    last: UserId | None = None


class UserStore(Protocol):
    """The people who use the product."""

    async def get(self, user_id: UserId) -> User | None:
        """The user, or None if there is no such user."""
        ...

    async def by_telegram_id(self, telegram_user_id: int) -> User | None:
        """The user with this Telegram id, or None."""
        ...

    async def add(self, user: User) -> None:
        """Store a new user. Raises `AlreadyExistsError` if the id or the Telegram id is taken."""
        ...

    async def update(self, user: User) -> None:
        """Replace the stored user with the same id. Raises `UserNotFoundError` if absent."""
        ...

    async def delete(self, user_id: UserId) -> bool:
        """Remove the user and everything every store holds about them (as a database's
        ON DELETE CASCADE would). False if there was no such user."""
        ...

    async def page(self, *, after: UserId | None, limit: int) -> Sequence[User]:
        """Up to `limit` users with ids greater than `after`, by id: for batch jobs."""
        ...

    async def due_for_briefing(
        self, kind: BriefingKind, now: datetime, *, after: UserId | None, limit: int
    ) -> DueUsers:
        """Users, by id after `after`, with a Telegram chat, who want `kind`, have not blocked
        the bot, whose local briefing time passed less than `MAX_LATENESS` before `now` (on a
        Monday for the weekly report), and who hold no ledger claim for `kind` on their local
        date. One query per page, whatever the page's size: for the briefing tick. A page may
        hold fewer than `limit` users and still not be the last (see `DueUsers.last`)."""
        ...

    async def tables_of(self, user_id: UserId) -> Sequence[UserTable]:
        """Every row held about the user, table by table, by table name; a table with none of
        their rows is still listed (empty). Secrets are left out (for the GDPR export)."""
        ...

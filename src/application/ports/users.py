from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import msgspec

from domain.ids import UserId
from domain.users import User


class UserTable(msgspec.Struct, frozen=True, kw_only=True):
    """One table's rows about one user, every value as text ("" for none): for the export."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


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

    async def tables_of(self, user_id: UserId) -> Sequence[UserTable]:
        """Every row held about the user, table by table, by table name; a table with none of
        their rows is still listed (empty). Secrets are left out (for the GDPR export)."""
        ...

"""Rows for the contract tests. Every user-owned row needs its user first (foreign keys)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count

from application.ports.unit_of_work import UnitOfWork
from domain.ids import UserId
from domain.users import User

T0 = datetime(2025, 3, 10, 6, 30, tzinfo=UTC)
DAY = date(2025, 3, 10)
D = Decimal
_ids = count(10_000)


def next_id() -> int:
    """Unique across the whole test run, so tests never collide on shared data."""
    return next(_ids)


UowFactory = Callable[[], UnitOfWork]


async def new_user(uow_factory: UowFactory, telegram_user_id: int | None = None) -> User:
    user = User(
        id=UserId(next_id()),
        telegram_user_id=telegram_user_id if telegram_user_id is not None else next_id(),
        created_at=T0,
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    return user


def later(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)

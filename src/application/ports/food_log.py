from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from domain.ids import EntryId, UserId
from domain.meals.entry import FoodEntry


class FoodLogStore(Protocol):
    """Food entries. Every read is scoped to one user: someone else's entry id finds nothing."""

    async def add(self, entry: FoodEntry) -> None:
        """Store a new entry. Raises `AlreadyExistsError` if its id is taken."""
        ...

    async def get(self, user_id: UserId, entry_id: EntryId) -> FoodEntry | None:
        """The entry if it exists and belongs to `user_id`, else None."""
        ...

    async def update(self, entry: FoodEntry) -> None:
        """Replace the stored entry (same id and user). Raises `EntryNotFoundError` if absent."""
        ...

    async def between(self, user_id: UserId, first: date, last: date) -> Sequence[FoodEntry]:
        """Entries (logged and undone) with `first <= local_date <= last`, by `eaten_at`."""
        ...

    async def between_for(
        self, user_ids: Sequence[UserId], first: date, last: date
    ) -> Mapping[UserId, Sequence[FoodEntry]]:
        """`between` for several users in one read; users without entries are left out."""
        ...

    async def last_logged(self, user_id: UserId) -> FoodEntry | None:
        """The most recently logged entry that is not undone (by `logged_at`), or None."""
        ...

    async def by_diary_ref(self, user_id: UserId, diary_ref: str) -> FoodEntry | None:
        """The entry holding an item with this diary reference, or None."""
        ...

    async def recent_grams(self, user_id: UserId, food_key: str) -> Decimal | None:
        """Grams of the user's most recently logged item of the food `food_key` (see
        `domain.meals.food.food_key`), from entries not undone; None if never eaten."""
        ...

    async def previous_choice(self, user_id: UserId, name_as_said: str) -> str | None:
        """The `food_key` of the user's most recently logged item (entries not undone) that
        they called `name_as_said` (compared case-insensitively, spaces trimmed): the food they
        accepted for those words last time. None if they never said it."""
        ...

    async def recent_grams_of(
        self, user_id: UserId, food_keys: Sequence[str]
    ) -> Mapping[str, Decimal]:
        """`recent_grams` for several foods in one read: food keys never eaten are left out."""
        ...

    async def previous_choices(
        self, user_id: UserId, names_as_said: Sequence[str]
    ) -> Mapping[str, str]:
        """`previous_choice` for several names in one read, keyed by `said_key` of the name
        (`domain.meals.food.said_key`); names never said are left out."""
        ...

    async def all_of(self, user_id: UserId) -> Sequence[FoodEntry]:
        """Every entry of the user, by `eaten_at` (for export)."""
        ...

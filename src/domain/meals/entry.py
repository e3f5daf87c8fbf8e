"""A food entry: one message's worth of food, eaten at a moment, counted on a local date."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import msgspec

from domain.errors import InvalidEditError, InvalidValueError
from domain.ids import EntryId, UserId
from domain.local_time import require_aware
from domain.meals.food import FoodItem
from domain.meals.meal_type import MealType
from domain.meals.nutrients import Nutrients


class EntryStatus(enum.Enum):
    LOGGED = "logged"
    UNDONE = "undone"


class EntryOrigin(enum.Enum):
    CHAT = "chat"  # the user told us
    DIARY = "diary"  # imported from their food diary (FatSecret)


class FoodEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: EntryId
    user_id: UserId
    items: tuple[FoodItem, ...]
    eaten_at: datetime
    # The user's calendar date when they ate, fixed at logging time: moving to another
    # timezone later must not move yesterday's dinner to another day.
    local_date: date
    meal: MealType
    source_text: str
    logged_at: datetime
    status: EntryStatus = EntryStatus.LOGGED
    origin: EntryOrigin = EntryOrigin.CHAT

    def __post_init__(self) -> None:
        if not self.items:
            raise InvalidValueError("an entry holds at least one food")
        require_aware(self.eaten_at, "eaten_at")
        require_aware(self.logged_at, "logged_at")

    @property
    def is_logged(self) -> bool:
        return self.status is EntryStatus.LOGGED

    def total(self) -> Nutrients:
        return Nutrients.total(item.nutrients for item in self.items)

    def undone(self) -> FoodEntry:
        if not self.is_logged:
            raise InvalidEditError("this entry was undone already")
        return msgspec.structs.replace(self, status=EntryStatus.UNDONE)

    def with_item_grams(self, index: int, grams: Decimal) -> FoodEntry:
        """The entry with item `index` re-weighed to `grams`."""
        if not self.is_logged:
            raise InvalidEditError("an undone entry cannot be edited")
        if not 0 <= index < len(self.items):
            raise InvalidEditError(f"this entry has no item {index}")
        items = list(self.items)
        items[index] = items[index].with_grams(grams)
        return msgspec.structs.replace(self, items=tuple(items))

    @property
    def diary_refs(self) -> tuple[str, ...]:
        return tuple(item.diary_ref for item in self.items if item.diary_ref is not None)

    def with_diary_refs(self, diary_refs: Sequence[str | None]) -> FoodEntry:
        """The entry with each item's diary reference set (one per item, in order)."""
        if len(diary_refs) != len(self.items):
            raise InvalidEditError("one diary reference per item is needed")
        items = tuple(
            msgspec.structs.replace(item, diary_ref=ref)
            for item, ref in zip(self.items, diary_refs, strict=True)
        )
        return msgspec.structs.replace(self, items=items)

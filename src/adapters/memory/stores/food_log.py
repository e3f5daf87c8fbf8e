from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from adapters.memory.database import Session
from domain.errors import EntryNotFoundError
from domain.ids import EntryId, UserId
from domain.meals.entry import FoodEntry
from domain.meals.food import food_key, said_key


class MemoryFoodLogStore:
    def __init__(self, session: Session) -> None:
        self._entries = session.entries

    def _of(self, user_id: UserId) -> list[FoodEntry]:
        return sorted(
            (e for e in self._entries.values() if e.user_id == user_id),
            key=lambda e: (e.eaten_at, e.id),
        )

    async def add(self, entry: FoodEntry) -> None:
        self._entries.insert(entry.id, entry, "food entry")

    async def get(self, user_id: UserId, entry_id: EntryId) -> FoodEntry | None:
        entry = self._entries.get(entry_id)
        return entry if entry is not None and entry.user_id == user_id else None

    async def update(self, entry: FoodEntry) -> None:
        if await self.get(entry.user_id, entry.id) is None:
            raise EntryNotFoundError(f"no entry {entry.id} of user {entry.user_id}")
        self._entries.put(entry.id, entry)

    async def between(self, user_id: UserId, first: date, last: date) -> Sequence[FoodEntry]:
        return [e for e in self._of(user_id) if first <= e.local_date <= last]

    async def between_for(
        self, user_ids: Sequence[UserId], first: date, last: date
    ) -> Mapping[UserId, Sequence[FoodEntry]]:
        found = {user_id: await self.between(user_id, first, last) for user_id in user_ids}
        return {user_id: entries for user_id, entries in found.items() if entries}

    async def last_logged(self, user_id: UserId) -> FoodEntry | None:
        logged = [e for e in self._of(user_id) if e.is_logged]
        return max(logged, key=lambda e: (e.logged_at, e.id), default=None)

    async def by_diary_ref(self, user_id: UserId, diary_ref: str) -> FoodEntry | None:
        for entry in self._of(user_id):
            if any(item.diary_ref == diary_ref for item in entry.items):
                return entry
        return None

    async def recent_grams(self, user_id: UserId, food_key_: str) -> Decimal | None:
        logged = sorted(
            (e for e in self._of(user_id) if e.is_logged), key=lambda e: (e.logged_at, e.id)
        )
        for entry in reversed(logged):
            for item in reversed(entry.items):
                if item.grams is not None and food_key(item.source) == food_key_:
                    return item.grams
        return None

    async def previous_choice(self, user_id: UserId, name_as_said: str) -> str | None:
        wanted = said_key(name_as_said)
        logged = sorted(
            (e for e in self._of(user_id) if e.is_logged), key=lambda e: (e.logged_at, e.id)
        )
        for entry in reversed(logged):
            for item in reversed(entry.items):
                if said_key(item.name_as_said) == wanted:
                    return food_key(item.source)
        return None

    async def recent_grams_of(
        self, user_id: UserId, food_keys: Sequence[str]
    ) -> Mapping[str, Decimal]:
        found = {key: await self.recent_grams(user_id, key) for key in dict.fromkeys(food_keys)}
        return {key: grams for key, grams in found.items() if grams is not None}

    async def previous_choices(
        self, user_id: UserId, names_as_said: Sequence[str]
    ) -> Mapping[str, str]:
        found = {
            said_key(name): await self.previous_choice(user_id, name) for name in names_as_said
        }
        return {key: chosen for key, chosen in found.items() if chosen is not None}

    async def all_of(self, user_id: UserId) -> Sequence[FoodEntry]:
        return self._of(user_id)

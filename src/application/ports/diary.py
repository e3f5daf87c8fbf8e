from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

import msgspec

from application.ports.connections import ProviderCredentials
from domain.meals.entry import FoodEntry
from domain.meals.food import FoodSource
from domain.meals.meal_type import MealType
from domain.meals.nutrients import Nutrients


class DiaryRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the user's food diary, in our words."""

    diary_ref: str
    local_date: date
    meal: MealType
    name: str
    source: FoodSource
    grams: Decimal | None  # None when the diary's serving has no metric weight
    nutrients: Nutrients


class DiaryGateway(Protocol):
    """The user's food diary (FatSecret). Every call raises `CredentialsRejectedError` when the
    provider refuses the credentials and `ServiceUnavailableError` when it cannot be reached."""

    async def write(self, credentials: ProviderCredentials, entry: FoodEntry) -> tuple[str, ...]:
        """Add each item of `entry` to the diary on its local date and meal; returns the new
        diary references, one per item, in order."""
        ...

    async def edit(self, credentials: ProviderCredentials, entry: FoodEntry) -> None:
        """Update the diary lines of the items that have a diary reference to match them."""
        ...

    async def delete(self, credentials: ProviderCredentials, diary_refs: Sequence[str]) -> None:
        """Delete these diary lines; lines already gone are not an error."""
        ...

    async def entries_on(
        self, credentials: ProviderCredentials, local_date: date
    ) -> Sequence[DiaryRecord]:
        """Every line of the diary on `local_date` (empty for an empty day)."""
        ...

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

import msgspec

from application.errors import ServiceUnavailableError
from application.ports.connections import ProviderCredentials
from domain.meals.entry import FoodEntry
from domain.meals.food import FoodSource
from domain.meals.meal_type import MealType
from domain.meals.nutrients import Nutrients


class DiaryWriteOutcomeUnknownError(ServiceUnavailableError):
    """A diary write was sent but its answer never came (a timeout, a dropped connection): the
    line may or may not be in the diary. Sending it again blindly could double it; look with
    `DiaryGateway.find_written` first."""


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

    async def write(
        self, credentials: ProviderCredentials, entry: FoodEntry
    ) -> tuple[str | None, ...]:
        """Add each item of `entry` that has no diary reference yet to the diary, on the entry's
        local date and meal. Returns one reference per item, in order: the item's own, the new
        line's, or None for an item the diary cannot hold (no food of its kind there).
        Raises `DiaryWriteOutcomeUnknownError` when a line may have landed unacknowledged."""
        ...

    async def find_written(
        self, credentials: ProviderCredentials, entry: FoodEntry, *, exclude: Collection[str]
    ) -> tuple[str | None, ...]:
        """Reconcile before a resend: for each item of `entry` without a diary reference, the
        reference of a line on the entry's date exactly like the one `write` makes of it and not
        in `exclude` (lines other entries hold); the item's own reference where it has one; None
        where no line matches. Each line is given to one item at most."""
        ...

    async def edit(self, credentials: ProviderCredentials, entry: FoodEntry) -> None:
        """Update the diary lines of the items that have a diary reference to match them (lines
        gone from the diary meanwhile are left alone)."""
        ...

    async def delete(self, credentials: ProviderCredentials, diary_refs: Sequence[str]) -> None:
        """Delete these diary lines; lines already gone are not an error."""
        ...

    async def entries_on(
        self, credentials: ProviderCredentials, local_date: date
    ) -> Sequence[DiaryRecord]:
        """Every line of the diary on `local_date` (empty for an empty day)."""
        ...

"""A food as logged: what the user called it, what we looked it up as, where its numbers came
from, how much of it (and how we know), and what that amount holds."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from domain.errors import InvalidEditError, InvalidQuantityError, InvalidValueError
from domain.meals.nutrients import Nutrients, NutrientsPer100g, check_density
from domain.meals.portions import ASSUMED_BASES, MAX_ITEM_GRAMS, GramsBasis, ResolvedGrams


class UsdaFood(msgspec.Struct, frozen=True, kw_only=True, tag="usda"):
    """USDA Standard Reference, by its NDB number."""

    ndb_no: str


class FatSecretFood(msgspec.Struct, frozen=True, kw_only=True, tag="fatsecret"):
    """A FatSecret food and the serving chosen for it."""

    food_id: str
    serving_id: str | None = None


class OwnFood(msgspec.Struct, frozen=True, kw_only=True, tag="own"):
    """The user's own numbers (a label they read, a recipe of theirs)."""

    name: str


FoodSource = UsdaFood | FatSecretFood | OwnFood


def food_key(source: FoodSource) -> str:
    """A stable key for "the same food", used to find the user's own recent portion of it."""
    if isinstance(source, UsdaFood):
        return f"usda:{source.ndb_no}"
    if isinstance(source, FatSecretFood):
        return f"fatsecret:{source.food_id}"
    return f"own:{source.name.strip().lower()}"


def said_key(name_as_said: str) -> str:
    """What the user said, normalised so that "Гречка " and "гречка" are the same words."""
    return " ".join(name_as_said.lower().split())


class FoodItem(msgspec.Struct, frozen=True, kw_only=True):
    """One food in an entry. `nutrients` are for `grams` exactly as logged.

    `grams` is unknown only for entries imported from a diary that gave none.
    """

    name_as_said: str
    canonical_name: str
    source: FoodSource
    grams: Decimal | None
    nutrients: Nutrients
    basis: GramsBasis = GramsBasis.STATED
    portion_label: str | None = None
    count: Decimal | None = None
    # This item's own entry in the user's food diary, once written there (or imported from it).
    diary_ref: str | None = None

    def __post_init__(self) -> None:
        if not self.name_as_said.strip() or not self.canonical_name.strip():
            raise InvalidValueError("a food item needs a name")
        if self.grams is None:
            return
        if not 0 < self.grams <= MAX_ITEM_GRAMS:
            raise InvalidQuantityError(f"{self.grams} g is not a plausible portion")
        check_density(self.nutrients, self.grams)

    @classmethod
    def weighed(
        cls,
        *,
        name_as_said: str,
        canonical_name: str,
        source: FoodSource,
        per_100g: NutrientsPer100g,
        resolved: ResolvedGrams,
    ) -> FoodItem:
        """An item of `resolved` grams of a food whose density is `per_100g`."""
        return cls(
            name_as_said=name_as_said,
            canonical_name=canonical_name,
            source=source,
            grams=resolved.grams,
            nutrients=per_100g.for_grams(resolved.grams),
            basis=resolved.basis,
            portion_label=resolved.portion.label if resolved.portion else None,
            count=resolved.count,
        )

    @property
    def assumed(self) -> bool:
        """True when the weight is a guess the reply must say aloud."""
        return self.basis in ASSUMED_BASES

    def with_grams(self, grams: Decimal) -> FoodItem:
        """The same food, re-weighed by the user: nutrients scale, the weight is now stated."""
        if self.grams is None:
            raise InvalidEditError("this item has no weight to change")
        if grams <= 0:
            raise InvalidQuantityError(f"grams must be positive, got {grams}")
        return msgspec.structs.replace(
            self,
            grams=grams,
            nutrients=self.nutrients.reweighed(self.grams, grams),
            basis=GramsBasis.STATED,
            portion_label=None,
            count=None,
        )

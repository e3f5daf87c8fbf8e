"""From what a person said ("2 eggs", "a cup of rice", "200 г гречки", "rice") to grams.

The order, first match wins — and anything that is a guess says so (`ResolvedGrams.assumed`):

1. an explicit weight or volume ("200 g", "250 ml"; volume weighed by the food's own density);
2. a count of a serving or household portion ("2 eggs" → 2 × large 50 g, "2 slices");
3. the user's own recent portion of that food;
4. the assistant's gram estimate;
5. one typical portion of the food, or else a stated default weight.

Never a silent 100 g: even the last resort is flagged for the reply to say aloud.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal

import msgspec

from domain.errors import InvalidQuantityError
from domain.meals.nutrients import round_grams
from domain.meals.units import MILLILITRES_PER_UNIT, Quantity, Unit, UnitKind

# One item of a meal heavier than this is a typo ("1e9 g"), not food.
MAX_ITEM_GRAMS = Decimal(5000)
# The last resort when nothing at all is known about a portion; always said aloud.
DEFAULT_GRAMS = Decimal(100)
# Water's density, for a volume of a food with no known density; said aloud.
WATER_GRAMS_PER_ML = Decimal(1)


class Portion(msgspec.Struct, frozen=True, kw_only=True):
    """One serving or household measure of a food and its weight ("large" = 50 g)."""

    label: str
    grams: Decimal
    unit: Unit | None = None  # set when the label is itself a unit ("cup", "tbsp")
    is_default: bool = False
    serving_id: str | None = None  # the catalog's own id for it, when it has one

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise InvalidQuantityError("a portion needs a label")
        if not 0 < self.grams <= MAX_ITEM_GRAMS:
            raise InvalidQuantityError(f"a portion of {self.grams} g is not plausible")


class GramsBasis(enum.Enum):
    STATED = "stated"  # the user said a weight, or a volume of a food of known density
    PORTION = "portion"  # a count of a serving / household portion
    VOLUME_AS_WATER = "volume_as_water"  # a volume of a food of unknown density, as water
    RECENT = "recent"  # the user's own recent portion of this food
    ESTIMATE = "estimate"  # the assistant's estimate
    DEFAULT_PORTION = "default_portion"  # one typical portion, as nothing was said
    DEFAULT = "default"  # the stated default weight, as nothing at all is known


ASSUMED_BASES = frozenset(
    {
        GramsBasis.VOLUME_AS_WATER,
        GramsBasis.RECENT,
        GramsBasis.ESTIMATE,
        GramsBasis.DEFAULT_PORTION,
        GramsBasis.DEFAULT,
    }
)


class ResolvedGrams(msgspec.Struct, frozen=True, kw_only=True):
    grams: Decimal
    basis: GramsBasis
    portion: Portion | None = None
    count: Decimal | None = None

    def __post_init__(self) -> None:
        if self.grams <= 0:
            raise InvalidQuantityError(f"a portion must weigh something, got {self.grams} g")
        if self.grams > MAX_ITEM_GRAMS:
            raise InvalidQuantityError(f"{self.grams} g is more than anyone eats at once")

    @property
    def assumed(self) -> bool:
        return self.basis in ASSUMED_BASES


class SaidAmount(msgspec.Struct, frozen=True, kw_only=True):
    """What the person said about the amount: a number, a unit, or a portion word ("large")."""

    amount: Decimal | None = None
    unit: Unit | None = None
    portion_word: str | None = None

    def __post_init__(self) -> None:
        if self.amount is not None and self.amount <= 0:
            raise InvalidQuantityError(f"an amount must be positive, got {self.amount}")
        if self.unit is not None and self.amount is None:
            raise InvalidQuantityError("a unit needs an amount")


def resolve_grams(
    said: SaidAmount,
    *,
    portions: Sequence[Portion] = (),
    recent_grams: Decimal | None = None,
    estimate_grams: Decimal | None = None,
) -> ResolvedGrams:
    """Grams for `said` of a food with these `portions`; see the module docstring for the order."""
    if said.amount is not None and said.unit is not None:
        quantity = Quantity(amount=said.amount, unit=said.unit)
        if quantity.kind is UnitKind.MASS:
            return ResolvedGrams(grams=quantity.to_grams(), basis=GramsBasis.STATED)
        if quantity.kind is UnitKind.VOLUME:
            return _weigh_volume(quantity, portions)
    if said.amount is not None:
        return _count_portions(said, portions, recent_grams, estimate_grams)
    return _unsaid_amount(portions, recent_grams, estimate_grams)


def default_portion(portions: Sequence[Portion]) -> Portion | None:
    """The portion the catalog marks as default, else its first one that is not a bare unit."""
    for portion in portions:
        if portion.is_default:
            return portion
    for portion in portions:
        if portion.unit is None:
            return portion
    return portions[0] if portions else None


def _weigh_volume(quantity: Quantity, portions: Sequence[Portion]) -> ResolvedGrams:
    for portion in portions:  # the same measure in the catalog: exact, no density needed
        if portion.unit is quantity.unit:
            return ResolvedGrams(
                grams=portion.grams * quantity.amount,
                basis=GramsBasis.STATED,
                portion=portion,
                count=quantity.amount,
            )
    millilitres = quantity.to_millilitres()
    for portion in portions:
        if portion.unit is not None and portion.unit in MILLILITRES_PER_UNIT:
            grams = millilitres * portion.grams / MILLILITRES_PER_UNIT[portion.unit]
            # A density read off a household measure is not exact to a milligram; 0.1 g is honest.
            return ResolvedGrams(grams=round_grams(grams), basis=GramsBasis.STATED)
    return ResolvedGrams(grams=millilitres * WATER_GRAMS_PER_ML, basis=GramsBasis.VOLUME_AS_WATER)


def _count_portions(
    said: SaidAmount,
    portions: Sequence[Portion],
    recent_grams: Decimal | None,
    estimate_grams: Decimal | None,
) -> ResolvedGrams:
    assert said.amount is not None
    count = said.amount
    portion = _portion_named(said.portion_word, portions) or default_portion(portions)
    if portion is not None:
        return ResolvedGrams(
            grams=portion.grams * count, basis=GramsBasis.PORTION, portion=portion, count=count
        )
    if recent_grams is not None:
        return ResolvedGrams(grams=recent_grams * count, basis=GramsBasis.RECENT, count=count)
    if estimate_grams is not None:
        return ResolvedGrams(grams=estimate_grams, basis=GramsBasis.ESTIMATE, count=count)
    return ResolvedGrams(grams=DEFAULT_GRAMS * count, basis=GramsBasis.DEFAULT, count=count)


def _portion_named(word: str | None, portions: Sequence[Portion]) -> Portion | None:
    if not word or not word.strip():
        return None
    wanted = word.lower().strip()
    for portion in portions:
        if portion.label.lower() == wanted:
            return portion
    for portion in portions:
        if wanted in portion.label.lower():
            return portion
    return None


def _unsaid_amount(
    portions: Sequence[Portion], recent_grams: Decimal | None, estimate_grams: Decimal | None
) -> ResolvedGrams:
    if recent_grams is not None:
        return ResolvedGrams(grams=recent_grams, basis=GramsBasis.RECENT)
    if estimate_grams is not None:
        return ResolvedGrams(grams=estimate_grams, basis=GramsBasis.ESTIMATE)
    portion = default_portion(portions)
    if portion is not None:
        return ResolvedGrams(
            grams=portion.grams, basis=GramsBasis.DEFAULT_PORTION, portion=portion, count=Decimal(1)
        )
    return ResolvedGrams(grams=DEFAULT_GRAMS, basis=GramsBasis.DEFAULT)

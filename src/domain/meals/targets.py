"""Daily targets, and computing them from a body: Mifflin–St Jeor BMR × an activity factor."""

from __future__ import annotations

import enum
from decimal import Decimal

import msgspec

from domain.errors import InvalidTargetsError
from domain.meals.nutrients import round_grams, round_kcal


class Targets(msgspec.Struct, frozen=True, kw_only=True):
    """What the user aims to eat per day. The defaults suit an average adult until they say more."""

    kcal: Decimal = Decimal(2000)
    protein: Decimal = Decimal(100)
    fat: Decimal = Decimal(70)
    carbohydrate: Decimal = Decimal(250)

    def __post_init__(self) -> None:
        if not Decimal(800) <= self.kcal <= Decimal(8000):
            raise InvalidTargetsError(f"a daily target of {self.kcal} kcal is not plausible")
        for name in ("protein", "fat", "carbohydrate"):
            value: Decimal = getattr(self, name)
            if not Decimal(0) <= value <= Decimal(1000):
                raise InvalidTargetsError(f"a daily {name} target of {value} g is not plausible")


class Sex(enum.Enum):
    MALE = "male"
    FEMALE = "female"


class ActivityLevel(enum.Enum):
    SEDENTARY = "sedentary"  # desk job, little exercise
    LIGHT = "light"  # exercise 1–3 days a week
    MODERATE = "moderate"  # 3–5 days
    ACTIVE = "active"  # 6–7 days
    VERY_ACTIVE = "very_active"  # hard training or a physical job


# The customary multipliers of BMR for total daily energy expenditure.
ACTIVITY_FACTORS: dict[ActivityLevel, Decimal] = {
    ActivityLevel.SEDENTARY: Decimal("1.2"),
    ActivityLevel.LIGHT: Decimal("1.375"),
    ActivityLevel.MODERATE: Decimal("1.55"),
    ActivityLevel.ACTIVE: Decimal("1.725"),
    ActivityLevel.VERY_ACTIVE: Decimal("1.9"),
}

PROTEIN_G_PER_KG = Decimal("1.6")
FAT_SHARE_OF_KCAL = Decimal("0.30")
KCAL_PER_G_PROTEIN = Decimal(4)
KCAL_PER_G_CARBOHYDRATE = Decimal(4)
KCAL_PER_G_FAT = Decimal(9)


class BodyProfile(msgspec.Struct, frozen=True, kw_only=True):
    sex: Sex
    age_years: int
    height_cm: Decimal
    weight_kg: Decimal
    activity: ActivityLevel = ActivityLevel.LIGHT

    def __post_init__(self) -> None:
        if not 14 <= self.age_years <= 120:
            raise InvalidTargetsError(f"age {self.age_years} is outside 14–120")
        if not Decimal(100) <= self.height_cm <= Decimal(250):
            raise InvalidTargetsError(f"height {self.height_cm} cm is outside 100–250")
        if not Decimal(30) <= self.weight_kg <= Decimal(300):
            raise InvalidTargetsError(f"weight {self.weight_kg} kg is outside 30–300")


def basal_metabolic_rate(body: BodyProfile) -> Decimal:
    """Mifflin–St Jeor (1990): 10·kg + 6.25·cm − 5·years, +5 for men, −161 for women."""
    base = Decimal(10) * body.weight_kg + Decimal("6.25") * body.height_cm - 5 * body.age_years
    return base + (Decimal(5) if body.sex is Sex.MALE else Decimal(-161))


def total_daily_energy_expenditure(body: BodyProfile) -> Decimal:
    return basal_metabolic_rate(body) * ACTIVITY_FACTORS[body.activity]


def targets_for(body: BodyProfile, kcal_adjustment: Decimal = Decimal(0)) -> Targets:
    """Targets to keep (or, with an adjustment, change) weight: TDEE; 1.6 g protein per kg;
    30 % of energy from fat; carbohydrate the rest."""
    kcal = round_kcal(total_daily_energy_expenditure(body) + kcal_adjustment)
    protein = round_grams(PROTEIN_G_PER_KG * body.weight_kg)
    fat = round_grams(kcal * FAT_SHARE_OF_KCAL / KCAL_PER_G_FAT)
    rest = kcal - protein * KCAL_PER_G_PROTEIN - fat * KCAL_PER_G_FAT
    carbohydrate = round_grams(max(rest, Decimal(0)) / KCAL_PER_G_CARBOHYDRATE)
    return Targets(kcal=kcal, protein=protein, fat=fat, carbohydrate=carbohydrate)

from datetime import datetime, time
from decimal import Decimal

import pytest

from domain.errors import InvalidTargetsError
from domain.meals.entry import EntryStatus
from domain.meals.intake import daily_intake
from domain.meals.meal_type import MealType, infer_meal_type
from domain.meals.targets import (
    ActivityLevel,
    BodyProfile,
    Sex,
    Targets,
    basal_metabolic_rate,
    targets_for,
    total_daily_energy_expenditure,
)
from tests.domain.builders import KYIV, entry, item

D = Decimal


@pytest.mark.parametrize(
    ("clock", "meal"),
    [
        (time(4, 59), MealType.SNACK),
        (time(5, 0), MealType.BREAKFAST),
        (time(10, 59), MealType.BREAKFAST),
        (time(11, 0), MealType.LUNCH),
        (time(16, 30), MealType.SNACK),
        (time(19, 0), MealType.DINNER),
        (time(23, 30), MealType.SNACK),
    ],
)
def test_meal_type_from_the_local_clock(clock: time, meal: MealType) -> None:
    assert infer_meal_type(clock) is meal


def test_daily_intake_counts_only_logged_entries_of_that_date() -> None:
    entries = [
        entry(id=1, eaten_at=datetime(2025, 3, 10, 8, 0, tzinfo=KYIV)),
        entry(
            id=2,
            eaten_at=datetime(2025, 3, 10, 13, 0, tzinfo=KYIV),
            meal=MealType.LUNCH,
            items=(item("200"),),
        ),
        entry(id=3, eaten_at=datetime(2025, 3, 10, 9, 0, tzinfo=KYIV), status=EntryStatus.UNDONE),
        entry(id=4, eaten_at=datetime(2025, 3, 11, 8, 0, tzinfo=KYIV)),
    ]
    day = daily_intake(entries, datetime(2025, 3, 10).date())
    assert day.entry_count == 2
    assert day.total.kcal == D(429)
    assert [m.meal for m in day.meals] == [MealType.BREAKFAST, MealType.LUNCH]
    assert day.meals[1].nutrients.kcal == D(286)
    assert not day.nothing_logged
    assert daily_intake(entries, datetime(2025, 3, 12).date()).nothing_logged


def test_mifflin_st_jeor() -> None:
    man = BodyProfile(
        sex=Sex.MALE,
        age_years=30,
        height_cm=D(180),
        weight_kg=D(80),
        activity=ActivityLevel.MODERATE,
    )
    woman = BodyProfile(sex=Sex.FEMALE, age_years=25, height_cm=D(165), weight_kg=D(60))
    assert basal_metabolic_rate(man) == D(1780)  # 800 + 1125 − 150 + 5
    assert basal_metabolic_rate(woman) == D("1345.25")  # 600 + 1031.25 − 125 − 161
    assert total_daily_energy_expenditure(man) == D("2759.00")


def test_targets_from_a_body_add_up() -> None:
    man = BodyProfile(sex=Sex.MALE, age_years=30, height_cm=D(180), weight_kg=D(80))
    targets = targets_for(man)
    assert targets.kcal == D(2448)  # 1780 × 1.375, rounded
    assert targets.protein == D("128.0")
    energy = targets.protein * 4 + targets.fat * 9 + targets.carbohydrate * 4
    assert abs(energy - targets.kcal) < 1
    assert targets_for(man, D(-500)).kcal == D(1948)


def test_targets_default_and_validate() -> None:
    assert Targets().kcal == D(2000)
    with pytest.raises(InvalidTargetsError):
        Targets(kcal=D(100))
    with pytest.raises(InvalidTargetsError):
        Targets(protein=D(-1))


@pytest.mark.parametrize(
    "changes",
    [{"age_years": 5}, {"height_cm": D(30)}, {"weight_kg": D(900)}],
)
def test_a_body_out_of_range_is_refused(changes: dict[str, object]) -> None:
    values: dict[str, object] = {
        "sex": Sex.FEMALE,
        "age_years": 30,
        "height_cm": D(170),
        "weight_kg": D(65),
    }
    with pytest.raises(InvalidTargetsError):
        BodyProfile(**{**values, **changes})  # type: ignore[arg-type]

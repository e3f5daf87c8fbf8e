"""Small builders of domain objects for tests: sensible defaults, everything overridable."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from domain.ids import EntryId, UserId
from domain.local_time import offset_minutes_of
from domain.meals.entry import EntryStatus, FoodEntry
from domain.meals.food import FoodItem, UsdaFood
from domain.meals.meal_type import MealType
from domain.meals.nutrients import Nutrients, NutrientsPer100g
from domain.meals.portions import GramsBasis
from domain.recovery.records import (
    Cycle,
    CycleScore,
    Recovery,
    RecoveryScore,
    ScoreState,
    Sleep,
    SleepScore,
    SleepStages,
    Workout,
    WorkoutScore,
)
from domain.users import User

KYIV = ZoneInfo("Europe/Kyiv")
D = Decimal


def per_100g(
    kcal: str, protein: str = "0", fat: str = "0", carbohydrate: str = "0"
) -> NutrientsPer100g:
    return NutrientsPer100g(
        nutrients=Nutrients(
            kcal=D(kcal), protein=D(protein), fat=D(fat), carbohydrate=D(carbohydrate)
        )
    )


EGG = per_100g("143", "12.56", "9.51", "0.72")
BANANA = per_100g("89", "1.09", "0.33", "22.84")


def item(
    grams: str | None = "100",
    density: NutrientsPer100g = EGG,
    name: str = "egg",
    ndb_no: str = "01123",
    basis: GramsBasis = GramsBasis.STATED,
    diary_ref: str | None = None,
) -> FoodItem:
    weight = D(grams) if grams is not None else None
    return FoodItem(
        name_as_said=name,
        canonical_name=name.capitalize(),
        source=UsdaFood(ndb_no=ndb_no),
        grams=weight,
        nutrients=density.for_grams(weight if weight is not None else D(100)),
        basis=basis,
        diary_ref=diary_ref,
    )


def entry(
    *,
    id: int = 1,
    user_id: int = 1,
    eaten_at: datetime | None = None,
    items: tuple[FoodItem, ...] | None = None,
    meal: MealType = MealType.BREAKFAST,
    status: EntryStatus = EntryStatus.LOGGED,
) -> FoodEntry:
    moment = eaten_at or datetime(2025, 3, 10, 8, 0, tzinfo=KYIV)
    return FoodEntry(
        id=EntryId(id),
        user_id=UserId(user_id),
        items=items or (item(),),
        eaten_at=moment,
        local_date=moment.astimezone(KYIV).date(),
        meal=meal,
        source_text="test",
        logged_at=moment,
        status=status,
    )


def user(**changes: object) -> User:
    values: dict[str, object] = {
        "id": UserId(1),
        "telegram_user_id": 1001,
        "created_at": datetime(2025, 1, 1, tzinfo=UTC),
    }
    values.update(changes)
    return User(**values)  # type: ignore[arg-type]


def at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = KYIV) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def cycle(
    start: datetime,
    *,
    id: str | None = None,
    hours: float | None = 24,
    energy: str | None = "2400",
    state: ScoreState = ScoreState.SCORED,
) -> Cycle:
    score = None
    if state is ScoreState.SCORED:
        assert energy is not None
        score = CycleScore(
            strain=D("10"), energy_kcal=D(energy), average_heart_rate=60, max_heart_rate=150
        )
    return Cycle(
        id=id or f"c-{start.isoformat()}",
        start=start,
        end=None if hours is None else start + timedelta(hours=hours),
        utc_offset_minutes=offset_minutes_of(start),
        score_state=state,
        score=score,
    )


def stages(asleep_hours: float = 7) -> SleepStages:
    asleep = timedelta(hours=asleep_hours)
    return SleepStages(
        in_bed=asleep + timedelta(minutes=30),
        awake=timedelta(minutes=30),
        light=asleep / 2,
        deep=asleep / 4,
        rem=asleep / 4,
    )


def sleep(
    start: datetime,
    end: datetime,
    *,
    id: str | None = None,
    cycle_id: str | None = None,
    nap: bool = False,
    state: ScoreState = ScoreState.SCORED,
    performance: str | None = "85",
    asleep_hours: float = 7,
) -> Sleep:
    score = None
    if state is ScoreState.SCORED:
        score = SleepScore(
            stages=stages(asleep_hours),
            performance_pct=D(performance) if performance is not None else None,
        )
    return Sleep(
        id=id or f"s-{end.isoformat()}",
        cycle_id=cycle_id,
        start=start,
        end=end,
        utc_offset_minutes=offset_minutes_of(end),
        nap=nap,
        score_state=state,
        score=score,
    )


def recovery(
    recorded_at: datetime,
    *,
    cycle_id: str = "c",
    sleep_id: str | None = None,
    state: ScoreState = ScoreState.SCORED,
    score: str = "70",
    hrv: str = "60",
    resting: str = "55",
) -> Recovery:
    return Recovery(
        cycle_id=cycle_id,
        sleep_id=sleep_id,
        recorded_at=recorded_at,
        utc_offset_minutes=offset_minutes_of(recorded_at),
        score_state=state,
        score=RecoveryScore(score_pct=D(score), resting_heart_rate=D(resting), hrv_ms=D(hrv))
        if state is ScoreState.SCORED
        else None,
    )


def workout(
    start: datetime,
    *,
    id: str | None = None,
    minutes: int = 45,
    energy: str = "400",
    state: ScoreState = ScoreState.SCORED,
) -> Workout:
    return Workout(
        id=id or f"w-{start.isoformat()}",
        start=start,
        end=start + timedelta(minutes=minutes),
        utc_offset_minutes=offset_minutes_of(start),
        sport="running",
        score_state=state,
        score=WorkoutScore(
            strain=D("12"), energy_kcal=D(energy), average_heart_rate=140, max_heart_rate=170
        )
        if state is ScoreState.SCORED
        else None,
    )

import string
from datetime import date, timedelta
from decimal import Decimal

import pytest

from application.rendering.briefings import render_evening, render_morning, render_weekly
from application.rendering.catalog_en import MESSAGES as EN
from application.rendering.catalog_uk import MESSAGES as UK
from application.rendering.meals import render_logged_meal
from application.rendering.messages import text
from application.rendering.numbers import (
    MINUS,
    NARROW_NO_BREAK_SPACE,
    format_date,
    format_duration,
    format_grams,
    format_kcal,
    format_number,
    format_percent,
    format_signed_kcal,
)
from domain.briefings.evening import compose_evening_summary
from domain.briefings.morning import compose_morning_briefing
from domain.briefings.weekly import compose_weekly_report
from domain.meals.intake import daily_intake
from domain.meals.portions import GramsBasis
from domain.meals.targets import Targets
from domain.recovery.records import RecoveryRecords, ScoreState
from domain.users import Language
from tests.domain.builders import at, cycle, entry, item, recovery, sleep, workout

D = Decimal
NNBSP = NARROW_NO_BREAK_SPACE


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_both_catalogs_say_the_same_things() -> None:
    assert set(EN) == set(UK)
    for key in EN:
        assert _placeholders(EN[key]) == _placeholders(UK[key]), key


@pytest.mark.parametrize(
    ("value", "places", "uk", "en"),
    [
        (D(1240), 0, f"1{NNBSP}240", "1,240"),
        (D("1240.55"), 1, f"1{NNBSP}240,6", "1,240.6"),
        (D("1234567"), 0, f"1{NNBSP}234{NNBSP}567", "1,234,567"),
        (D("-420"), 0, f"{MINUS}420", f"{MINUS}420"),
        (D("-0.2"), 0, "0", "0"),
        (D("12.5"), 0, "13", "13"),  # half up, not banker's rounding
    ],
)
def test_numbers_per_language(value: D, places: int, uk: str, en: str) -> None:
    assert format_number(value, Language.UK, places) == uk
    assert format_number(value, Language.EN, places) == en


def test_units_of_display() -> None:
    assert format_kcal(D("142.5"), Language.EN) == "143"
    assert format_signed_kcal(D(350), Language.EN) == "+350"
    assert format_signed_kcal(D(-350), Language.UK) == f"{MINUS}350"
    assert format_signed_kcal(D("0.2"), Language.EN) == "0"
    assert format_grams(D("100.04"), Language.UK) == "100"
    assert format_grams(D("12.56"), Language.UK) == "12,6"
    assert format_percent(D(67), Language.UK) == f"67{NNBSP}%"
    assert format_percent(D(67), Language.EN) == "67%"
    assert format_duration(timedelta(hours=7, minutes=5), Language.UK) == "7 год 05 хв"
    assert format_duration(timedelta(minutes=42), Language.EN) == "42 min"
    assert format_date(date(2025, 3, 10), Language.UK) == "пн, 10 бер"
    assert format_date(date(2025, 3, 10), Language.EN) == "Mon 10 Mar"


def test_a_missing_key_is_a_bug() -> None:
    with pytest.raises(KeyError):
        text(Language.EN, "no.such.key")


def test_a_logged_meal_shows_grams_kcal_and_assumptions() -> None:
    logged = entry(
        items=(
            item("100"),
            item("150", name="rice", basis=GramsBasis.RECENT),
            item(None, name="borscht"),
        )
    )
    day = daily_intake([logged], logged.local_date)
    reply = render_logged_meal(
        logged, day=day, targets=Targets(kcal=D(800)), language=Language.EN, not_found=["xyz"]
    )
    assert "• egg — 100 g, 143 kcal" in reply
    assert "• rice — 150 g, 215 kcal" in reply
    assert "same amount as last time" in reply
    assert "• borscht — 143 kcal" in reply
    assert "Today: 501 of 800 kcal, 299 left" in reply  # of the numbers shown: 800 − 501
    assert "could not find: xyz" in reply
    over = render_logged_meal(logged, day=day, targets=Targets(kcal=D(800)), language=Language.UK)
    assert "понад" not in over
    small = render_logged_meal(
        logged, day=day, targets=Targets(kcal=D(800)), language=Language.UK, edited=True
    )
    assert small.startswith("Змінено (сніданок):")


TODAY = date(2025, 3, 11)


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("linked", [True, False])
@pytest.mark.parametrize("state", [ScoreState.SCORED, ScoreState.PENDING])
def test_every_briefing_renders_in_every_state(
    language: Language, linked: bool, state: ScoreState
) -> None:
    evening = TODAY - timedelta(days=1)
    records = RecoveryRecords(
        cycles=(cycle(at(evening, 23, 0), id="c", state=state),),
        sleeps=(sleep(at(evening, 23, 10), at(TODAY, 7, 0), id="s", state=state),),
        recoveries=(recovery(at(TODAY, 7, 5), cycle_id="c", sleep_id="s", state=state),),
        workouts=(workout(at(TODAY, 18, 0), state=state),),
    )
    eaten = [entry(eaten_at=at(d, 9, 0), id=n) for n, d in enumerate((evening, TODAY))]
    common = {"wearable_linked": linked, "records": records, "entries": eaten, "targets": Targets()}
    morning = render_morning(compose_morning_briefing(today=TODAY, **common), language)  # type: ignore[arg-type]
    summary = render_evening(compose_evening_summary(today=TODAY, **common), language)  # type: ignore[arg-type]
    weekly = render_weekly(compose_weekly_report(last_day=TODAY, **common), language)  # type: ignore[arg-type]
    for rendered in (morning, summary, weekly):
        assert "None" not in rendered and "{" not in rendered
    if not linked:
        assert "/connect_whoop" in morning


def test_a_scored_evening_in_english() -> None:
    records = RecoveryRecords(
        cycles=(cycle(at(TODAY, 0, 30), energy="2100"),),
        workouts=(workout(at(TODAY, 18, 0)),),
    )
    eaten = [entry(eaten_at=at(TODAY, 9, 0), items=(item("1500"),))]
    summary = compose_evening_summary(
        today=TODAY, wearable_linked=True, records=records, entries=eaten, targets=Targets()
    )
    rendered = render_evening(summary, Language.EN)
    assert "Eaten: 2,145 of 2,000 kcal" in rendered
    assert "145 kcal over the target" in rendered
    assert "running 18:00–18:45, strain 12.0, 400 kcal" in rendered
    assert "in 2,145 kcal · out 2,100 kcal · balance +45 kcal" in rendered

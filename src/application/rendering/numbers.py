"""Numbers, durations and dates as each language writes them: "1 240,5" in Ukrainian (a narrow
no-break space groups thousands, a comma marks decimals), "1,240.5" in English."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from domain.local_time import fixed_offset
from domain.meals.nutrients import round_grams, round_kcal
from domain.users import Language

NARROW_NO_BREAK_SPACE = "\u202f"
MINUS = "\u2212"


def format_number(value: Decimal | int, language: Language, places: int = 0) -> str:
    step = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(step, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    text = f"{abs(rounded):,.{places}f}"
    if language is Language.UK:
        text = text.replace(",", NARROW_NO_BREAK_SPACE).replace(".", ",")
    return f"{MINUS}{text}" if rounded < 0 else text


def format_kcal(value: Decimal, language: Language) -> str:
    return format_number(round_kcal(value), language)


def shown_difference(minuend: Decimal, subtrahend: Decimal) -> Decimal:
    """A difference of two energies as the reader can check it: of the rounded values shown
    (1 240,5 − 500,4 shows as 1 241 − 500 = 741, not 740)."""
    return round_kcal(minuend) - round_kcal(subtrahend)


def format_signed_kcal(value: Decimal, language: Language) -> str:
    """A balance: "+350" or "−420"."""
    text = format_kcal(value, language)
    return text if text.startswith(MINUS) or round_kcal(value) == 0 else f"+{text}"


def format_grams(value: Decimal, language: Language) -> str:
    """Grams to 0.1 g, without a trailing ",0" for whole grams."""
    rounded = round_grams(value)
    places = 0 if rounded == rounded.to_integral_value() else 1
    return format_number(rounded, language, places)


def format_percent(value: Decimal, language: Language) -> str:
    number = format_number(value, language)
    return f"{number}{NARROW_NO_BREAK_SPACE}%" if language is Language.UK else f"{number}%"


def format_duration(duration: timedelta, language: Language) -> str:
    minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    units = ("год", "хв") if language is Language.UK else ("h", "min")
    if hours == 0:
        return f"{minutes} {units[1]}"
    return f"{hours} {units[0]} {minutes:02d} {units[1]}"


def format_clock(moment: datetime, utc_offset_minutes: int) -> str:
    """Wall-clock time where the moment happened (its own offset): "23:10"."""
    return moment.astimezone(fixed_offset(utc_offset_minutes)).strftime("%H:%M")


_MONTHS_UK = (
    "січ",
    "лют",
    "бер",
    "квіт",
    "трав",
    "черв",
    "лип",
    "серп",
    "вер",
    "жовт",
    "лист",
    "груд",
)
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS_UK = ("пн", "вт", "ср", "чт", "пт", "сб", "нд")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def format_date(day: date, language: Language) -> str:
    """ "пн, 3 бер" / "Mon 3 Mar"."""
    if language is Language.UK:
        return f"{_WEEKDAYS_UK[day.weekday()]}, {day.day} {_MONTHS_UK[day.month - 1]}"
    return f"{_WEEKDAYS_EN[day.weekday()]} {day.day} {_MONTHS_EN[day.month - 1]}"

"""Reading the short answers users type: grams, targets, body numbers, times of day."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal, InvalidOperation

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_GRAMS = re.compile(rf"^\s*{_NUMBER}\s*(г|гр|грам\w*|g|gr|grams?)?\.?\s*$", re.IGNORECASE)
_KILOGRAMS = re.compile(rf"^\s*{_NUMBER}\s*(кг|kg|kilo\w*|кіло\w*)\.?\s*$", re.IGNORECASE)
_TIME = re.compile(r"^([01]?\d|2[0-3])(?:[:.]([0-5]\d))?$")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def parse_grams(text: str) -> Decimal | None:
    """ "150", "150 г", "150g", "0,2 кг" → grams; None for anything else."""
    if match := _GRAMS.match(text):
        return _decimal(match.group(1))
    if match := _KILOGRAMS.match(text):
        kilograms = _decimal(match.group(1))
        return None if kilograms is None else kilograms * 1000
    return None


def parse_numbers(text: str, count: int) -> tuple[Decimal, ...] | None:
    """Exactly `count` numbers separated by spaces, commas or slashes (units may follow each)."""
    found = re.findall(r"\d+(?:[.,]\d+)?", text)
    leftover = re.sub(r"\d+(?:[.,]\d+)?|[\s,;/]|kcal|ккал|cm|см|kg|кг|g|г", "", text.lower())
    if len(found) != count or leftover:
        return None
    values = [_decimal(number) for number in found]
    return None if any(v is None for v in values) else tuple(v for v in values if v is not None)


def parse_targets(text: str) -> tuple[Decimal, ...] | None:
    """ "2100" (kcal only) or "2100 140 70 220" (kcal, protein, fat, carbohydrate)."""
    return parse_numbers(text, 1) or parse_numbers(text, 4)


def parse_time(text: str) -> time | None:
    match = _TIME.match(text.strip())
    if match is None:
        return None
    return time(int(match.group(1)), int(match.group(2) or 0))


def parse_two_times(text: str) -> tuple[time, time] | None:
    """ "07:30 21:00" → the morning and the evening time."""
    parts = re.split(r"[\s,;/–-]+", text.strip())
    if len(parts) != 2:
        return None
    first, second = parse_time(parts[0]), parse_time(parts[1])
    return None if first is None or second is None else (first, second)

"""A rule-based interpreter: good enough for tests and notebooks ("2 eggs and a banana",
"200 г гречки", "undo", "how much today?"), deterministic, no model behind it."""

from __future__ import annotations

import re
from datetime import datetime, time
from decimal import Decimal

from application.errors import ServiceUnavailableError
from application.ports.assistant import Intent, Interpretation, InterpretedItem
from domain.meals.meal_type import MealType
from domain.users import Language

_NUMBER_WORDS = {
    "a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "half": "0.5",
    "один": "1", "одне": "1", "одна": "1", "одну": "1", "два": "2", "дві": "2", "три": "3",
    "пів": "0.5",
}  # fmt: skip
_UNITS = (
    r"kg|g|gr|grams?|ml|l|cups?|tbsp|tsp|slices?|pieces?|"
    r"кг|г|гр|грамів|мл|л|склянк[аи]|скибк[аи]|шт"
)
_AMOUNT = r"\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS)
_BEFORE = re.compile(
    rf"^(?P<qty>{_AMOUNT})?\s*(?:(?P<unit>{_UNITS})\.?\s+)?(?:of\s+)?(?P<name>.+)$", re.UNICODE
)
_AFTER = re.compile(rf"^(?P<name>.+?)\s+(?P<qty>\d+(?:[.,]\d+)?)\s*(?P<unit>{_UNITS})?\.?$")
_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|with|і|й|та)\s+", re.UNICODE)
_FILLER = re.compile(
    r"^(?:i\s+)?(?:ate|had|eaten)\s+|^(?:я\s+)?(?:з'їв|з'їла|з’їв|з’їла|їв|їла|випив|випила)\s+",
    re.UNICODE,
)
_MEALS = {
    MealType.BREAKFAST: ("breakfast", "сніданок"),
    MealType.LUNCH: ("lunch", "обід"),
    MealType.DINNER: ("dinner", "вечерю", "вечеря"),
    MealType.SNACK: ("snack", "перекус"),
}
_MEAL_PHRASE = re.compile(r"\s*\b(?:for|на)\s+(\w+)\s*$", re.UNICODE)
_TIME = re.compile(r"\s*\b(?:at|о)\s+(\d{1,2})(?::(\d{2}))?\s*$", re.UNICODE)
_EDIT = re.compile(
    r"^(?:make it|change (?:it )?to|зроби|зміни на)\s+(\d+(?:[.,]\d+)?)\s*(?:g|г|гр)?$"
)
_QUESTION_START = ("how", "what", "when", "did", "скільки", "як", "що", "чи", "коли")


class RuleBasedInterpreter:
    def __init__(self) -> None:
        self.seen: list[str] = []  # for tests: the texts interpreted
        self.down = False  # for tests: behave like a model that cannot be reached

    async def interpret(
        self, text: str, *, language: Language, local_now: datetime
    ) -> Interpretation:
        if self.down:
            raise ServiceUnavailableError("the interpreter is down")
        self.seen.append(text)
        said = " ".join(text.lower().split())
        if said in {"undo", "скасуй", "скасувати", "відміни"}:
            return Interpretation(intent=Intent.UNDO)
        edit = _EDIT.match(said)
        if edit:
            return Interpretation(intent=Intent.EDIT, edit_grams=_decimal(edit.group(1)))
        if said in {"settings", "налаштування"}:
            return Interpretation(intent=Intent.SETTINGS)
        if said.endswith("?") or said.split(" ")[0] in _QUESTION_START:
            return Interpretation(intent=Intent.QUESTION)
        if said.strip("!. ") in {"hi", "hello", "thanks", "привіт", "дякую"}:
            return Interpretation(intent=Intent.SMALL_TALK)
        return _food(said)


def _food(said: str) -> Interpretation:
    said = _FILLER.sub("", said).strip(" .!")
    time_hint = None
    found_time = _TIME.search(said)
    if found_time:
        time_hint = time(int(found_time.group(1)) % 24, int(found_time.group(2) or 0))
        said = said[: found_time.start()]
    meal_hint = None
    found_meal = _MEAL_PHRASE.search(said)
    if found_meal:
        meal_hint = next((m for m, words in _MEALS.items() if found_meal.group(1) in words), None)
        if meal_hint is not None:
            said = said[: found_meal.start()]
    items = tuple(item for chunk in _SPLIT.split(said) if (item := _item(chunk)) is not None)
    if not items:
        return Interpretation(intent=Intent.UNKNOWN)
    return Interpretation(
        intent=Intent.LOG_FOOD, items=items, meal_hint=meal_hint, time_hint=time_hint
    )


def _item(chunk: str) -> InterpretedItem | None:
    chunk = chunk.strip(" .!")
    if not chunk:
        return None
    match = _AFTER.match(chunk) or _BEFORE.match(chunk)
    if match is None:
        return None
    name = match.group("name").strip()
    if not re.search(r"[^\W\d_]", name):
        return None
    qty = match.group("qty")
    return InterpretedItem(
        name_as_said=name,
        lookup_name=name,
        quantity=_decimal(_NUMBER_WORDS.get(qty, qty)) if qty else None,
        unit=match.group("unit"),
    )


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", "."))

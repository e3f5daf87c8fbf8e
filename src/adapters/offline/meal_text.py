"""A meal as typed, in Ukrainian or English, taken apart: which foods, how much of each, and when.

    "200 г гречки і курячу грудку"      → 200 g «гречки», «курячу грудку» (no amount)
    "з'їв яблуко на обід"               → «яблуко», lunch
    "2 slices of toast with butter"     → 2 slice «toast», «butter»
    "омлет з 3 яєць"                    → 3 «омлет» (an omelette of three eggs)
    "склянка кефіру"                    → 250 ml «кефіру»

Steps: the meal and the time are taken out wherever they are ("на обід", "for dinner", "о 8:30");
the words that only say "I ate" are dropped; what is left is split into items at commas and at
"and / with / і / й / та / з"; then each item is read as amount, unit and name — in either order
("гречка 200 г", "деруни 3 штуки"). Names that themselves hold "з" or "with" ("вареники з
картоплею", "coffee with milk") are kept whole when the caller knows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from adapters.catalog.words import stem_key
from adapters.offline.amounts import number, read_amount
from adapters.offline.units import SaidUnit, read_unit
from domain.meals.meal_type import MealType

# At most this many foods in one message: more is a list pasted by mistake, not a meal.
MAX_ITEMS = 20
# A food's name is a few words; a long run of words is a sentence, not a food.
MAX_NAME_WORDS = 6

_MEAL_WORDS: dict[str, MealType] = {
    word: meal
    for meal, words in {
        MealType.BREAKFAST: "breakfast сніданок сніданку сніданком",
        MealType.LUNCH: "lunch обід обіді обідом ланч ланчу",
        MealType.DINNER: "dinner supper вечеря вечерю вечері вечерею",
        MealType.SNACK: "snack перекус перекусі перекусом",
    }.items()
    for word in words.split()
}
_MEAL_VERBS: dict[str, MealType] = {
    **dict.fromkeys(("снідав", "снідала", "поснідав", "поснідала"), MealType.BREAKFAST),
    **dict.fromkeys(("обідав", "обідала", "пообідав", "пообідала"), MealType.LUNCH),
    **dict.fromkeys(("вечеряв", "вечеряла", "повечеряв", "повечеряла"), MealType.DINNER),
    **dict.fromkeys(("перекусив", "перекусила"), MealType.SNACK),
}
_MEAL_NAMES = "|".join(sorted(_MEAL_WORDS, key=len, reverse=True))
_MEAL_PHRASE = re.compile(
    rf"(?:^|\s)(?:for|at|with|на|за|під час)\s+(?:my\s+|a\s+)?({_MEAL_NAMES})(?=\s|$|[,.!:;])"
    rf"|^({_MEAL_NAMES})(?:\s*[:\-–—]\s*|\s+)"
)
_TIME = re.compile(
    r"(?:^|\s)(?:at|о|об|в|у)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|год\.?|годині)?"
    r"(?=\s|$|[,.!;:])"
)
# "I ate", "я з'їв", "log": words that say nothing about the food.
_ATE = re.compile(
    r"^(?:(?:i|we|я|ми)\s+)?(?:just\s+|only\s+|щойно\s+|тільки\s+що\s+|ще\s+)?"
    r"(?:ate|eaten|had|have|have had|'ve had|drank|drunk|drink|eat|log|add|track|"
    r"з'їв|з'їла|з'їли|з'їм|їв|їла|їли|поїв|поїла|випив|випила|випили|пив|пила|"
    r"запиши|запишіть|додай|додайте|було|" + "|".join(_MEAL_VERBS) + r")(?=\s|$|[,:])[\s,:]*"
)
# At commas (not the decimal one of "1,5"), semicolons, "+", and the words that join foods
# ("and" not in "one and a half").
_SPLIT = re.compile(
    r"\s*(?:(?<!\d),|,(?!\d)|[;+&\n])\s*"
    r"|\s+(?:and(?!\s+a\s+half)|with|plus|also|then|і|й|та|з|із|зі|а також|плюс|ще)\s+"
)
# "омлет з 3 яєць", "omelette of 3 eggs": the eggs count the dish, they are not a second food.
_DISH_OF_EGGS = re.compile(
    r"\b(омлет\w*|яєчн\w*|omelet(?:te)?s?|scrambled eggs?|fried eggs?)\s+"
    r"(?:з|із|зі|of|from|with)\s+(\S+)\s+(?:яєць|яйця|яйце|яєчок|яєчка|eggs?)\b"
)
_JOINER = "\u2060"  # keeps the words of a known compound name together through the split
_PIV = re.compile(r"^пів-?(?=\w{3,})")  # "півбанана", "пів-склянки" → "пів банана"
_NOT_PIV = frozenset({"півень", "північ", "півдня", "півострів", "півонія", "півник"})


@dataclass(frozen=True, slots=True)
class SaidItem:
    name: str
    quantity: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class SaidMeal:
    items: tuple[SaidItem, ...] = ()
    meal: MealType | None = None
    time: time | None = None


def read_meal(text: str, is_compound: Callable[[str], bool] | None = None) -> SaidMeal:
    """The foods in `text` (already normalised: casefolded, one kind of apostrophe).

    `is_compound(stem_key)` says whether a run of words with these stems is one food's name.
    """
    said, at = _take_time(text)
    said, meal = _take_meal(said)
    said, meal_verb = _drop_ate(said)
    meal = meal or meal_verb
    said = _DISH_OF_EGGS.sub(lambda m: f"{m.group(2)} {m.group(1)}", said)
    if is_compound is not None:
        said = _keep_compounds(said, is_compound)
    chunks = [chunk for chunk in _SPLIT.split(said) if chunk.strip(" .!?")]
    if len(chunks) > MAX_ITEMS:
        return SaidMeal(meal=meal, time=at)
    items = tuple(item for chunk in chunks if (item := read_item(chunk)) is not None)
    return SaidMeal(items=items, meal=meal, time=at)


def read_item(chunk: str) -> SaidItem | None:
    """One food: "2 скибки хліба", "гречка 200 г", "half a cup of rice", "a medium potato"."""
    words = _words(chunk.replace(_JOINER, " "))
    if not words:
        return None
    quantity, unit, rest = _amount_first(words)
    if quantity is None and unit is None:
        quantity, unit, rest = _amount_last(words)
    while rest and rest[0] in {"of", "з"}:
        rest = rest[1:]
    name = " ".join(rest).strip(" .,!?:;-")
    if not re.search(r"[^\W\d_]", name) or len(rest) > MAX_NAME_WORDS:
        return None
    if unit is not None and unit.millilitres is not None:  # a glass, a bowl: in millilitres
        return SaidItem(name, (quantity or Decimal(1)) * unit.millilitres, unit.unit)
    return SaidItem(name, quantity, unit.unit if unit else None)


def _amount_first(words: list[str]) -> tuple[Decimal | None, SaidUnit | None, list[str]]:
    amount = read_amount(words)
    quantity = None
    if amount is not None:
        quantity, used = amount
        words = words[used:]
    unit_read = read_unit(words)
    if unit_read is None:
        return quantity, None, words
    unit, used = unit_read
    if quantity is None and not unit.alone:
        return None, None, words
    if quantity is None:
        quantity = Decimal(1)  # "склянка кефіру", "a medium potato" (the "a" is read above)
    return quantity, unit, words[used:]


def _amount_last(words: list[str]) -> tuple[Decimal | None, SaidUnit | None, list[str]]:
    """ "гречка 200 г", "деруни 3 штуки", "кефір 500 мл", "піца 2 шматки"."""
    for start in range(len(words) - 1, 0, -1):
        quantity = number(words[start])
        if quantity is None:
            continue
        tail = words[start + 1 :]
        if not tail:
            return quantity, None, words[:start]
        unit_read = read_unit(tail)
        if unit_read is not None and unit_read[1] == len(tail):
            return quantity, unit_read[0], words[:start]
        break
    return None, None, words


def _words(chunk: str) -> list[str]:
    """Whitespace words, with a number glued to its unit parted ("150g", "1,5л") and a glued
    "пів" too ("півбанана")."""
    words: list[str] = []
    for raw in chunk.split():
        glued = re.fullmatch(r"([-+−]?\d+(?:[.,]\d+)?)([^\W\d_].*)", raw)
        if glued and read_unit([glued.group(2)]) is not None:
            words.extend(glued.groups())
        elif _PIV.match(raw) and raw not in _NOT_PIV:
            words.extend(("пів", _PIV.sub("", raw)))
        else:
            words.append(raw)
    return words


def _take_meal(text: str) -> tuple[str, MealType | None]:
    found = _MEAL_PHRASE.search(text)
    if found is None:
        return text, None
    word = found.group(1) or found.group(2)
    return _cut(text, found.start(), found.end()), _MEAL_WORDS[word]


def _take_time(text: str) -> tuple[str, time | None]:
    found = _TIME.search(text)
    if found is None:
        return text, None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    suffix = (found.group(3) or "").replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return text, None
    return _cut(text, found.start(), found.end()), time(hour, minute)


def _drop_ate(text: str) -> tuple[str, MealType | None]:
    meal = None
    while found := _ATE.match(text):
        verb = found.group(0).split()[-1].strip(",:") if found.group(0).split() else ""
        meal = meal or _MEAL_VERBS.get(verb)
        text = text[found.end() :]
    return text, meal


def _keep_compounds(text: str, is_compound: Callable[[str], bool]) -> str:
    """Join the words of a known name that holds a split word ("вареники з картоплею")."""
    words = text.split(" ")
    joined: list[str] = []
    index = 0
    while index < len(words):
        for size in (5, 4, 3):
            run = words[index : index + size]
            if len(run) == size and _has_split_word(run) and is_compound(stem_key(" ".join(run))):
                joined.append(_JOINER.join(run))
                index += size
                break
        else:
            joined.append(words[index])
            index += 1
    return " ".join(joined)


def _has_split_word(run: Sequence[str]) -> bool:
    return any(_SPLIT.fullmatch(f" {word} ") for word in run[1:-1])


def _cut(text: str, start: int, end: int) -> str:
    return " ".join(f"{text[:start]} {text[end:]}".split())

"""Rank USDA descriptions by how well they fit a whole English phrase — not the first hit.

"salmon" and "grilled salmon" both hit dozens of SR28 salmons; the phrase decides among them:

- coverage first: the share of the phrase's food words the description holds ("whole wheat
  bread" prefers "Bread, whole-wheat" to "Bread, white");
- then the cooking state the phrase names: "grilled", "boiled", "baked" want a cooked item and
  "raw" a raw one, and the very method said ("roasted") beats another ("fried");
- then ordinary over special: baby food, fast-food and restaurant items, brands (words in
  capitals), dried, canned, frozen or powdered forms lose unless the phrase asks for them;
- then the head: a description whose first part ("Orange juice", before the first comma) holds a
  phrase word beats one that only mentions it ("Cake, orange"), and a head with no other words
  beats a longer one ("Sweet potato" before "Sweet potato leaves");
- then what people eat when the phrase names no state: fruit and vegetables raw; grains, meat
  and fish cooked;
- then the shorter description (the plain item), then the NDB number (a stable order).

Used by both built-in catalogs (in memory and PostgreSQL), so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from adapters.catalog.words import stem, tokens, word_set

_STOPWORDS = word_set("a an the of with and or some my i had ate plus fresh homemade plain regular")
_COOKED = word_set(
    "cooked boiled baked grilled fried roasted steamed broiled stewed scrambled poached"
    " braised toasted microwaved sauteed simmered"
)
_RAW = frozenset({"raw", "uncooked", "fresh"})
# What a phrase that names no cooking state most likely means, by SR28 food group.
_EATEN_RAW = frozenset({"Fruits and Fruit Juices", "Vegetables and Vegetable Products"})
_EATEN_COOKED = frozenset(
    {
        "Cereal Grains and Pasta",
        "Beef Products",
        "Pork Products",
        "Poultry Products",
        "Lamb, Veal, and Game Products",
        "Finfish and Shellfish Products",
        "Legumes and Legume Products",
    }
)
_SPECIAL_GROUPS = frozenset(
    {"Baby Foods", "Fast Foods", "Restaurant Foods", "American Indian/Alaska Native Foods"}
)
_SPECIAL_WORDS = word_set(
    "babyfood infant formula dried canned frozen powder powdered mix"
    " concentrate imitation industrial unprepared"
)
# SR28's words for what people call otherwise.
_SAID_AS = {"dehydrated": "dried"}
_BRAND = re.compile(r"\b[A-Z][A-Z'&]{2,}\b")


@dataclass(frozen=True, slots=True)
class Described:
    """What the ranking needs of a food: its id, SR28 description and food group."""

    ndb_no: str
    description: str
    food_group: str


@dataclass(frozen=True, slots=True)
class Ranked:
    food: Described
    coverage: float  # share of the phrase's food words the description holds, 0..1


def food_words(phrase: str) -> frozenset[str]:
    """The stems of the phrase's words that name a food (not "a", "of", nor a cooking state)."""
    words = {stem(word) for word in tokens(phrase)}
    return frozenset(words - _STOPWORDS - _COOKED - _RAW)


def description_words(description: str) -> frozenset[str]:
    """The stems of an SR28 description's words ("hard-boiled" gives "hard" and "boiled"), in
    the words people use ("dehydrated" is "dried")."""
    return frozenset(_SAID_AS.get(word, word) for word in map(stem, tokens(description)))


def rank(phrase: str, foods: Iterable[Described]) -> list[Ranked]:
    """The foods that share a food word with `phrase`, best first."""
    wanted = food_words(phrase)
    if not wanted:
        return []
    said = {stem(word) for word in tokens(phrase)}
    scored = []
    for food in foods:
        words = description_words(food.description)
        shared = wanted & words
        if not shared:
            continue
        coverage = len(shared) / len(wanted)
        head = description_words(food.description.split(",", 1)[0])
        key = (
            -round(coverage, 3),
            -_said_state(words, said),
            -len(words & said & _COOKED),  # "roasted" said: roasted before fried
            _oddity(food, words, said),
            0 if wanted & head else 1,
            len(head - wanted) if wanted & head else 0,
            -_usual_state(food, words),
            len(words - wanted),
            food.ndb_no,
        )
        scored.append((key, Ranked(food=food, coverage=coverage)))
    scored.sort(key=lambda pair: pair[0])
    return [ranked for _, ranked in scored]


def fits(phrase: str, description: str, *, named: str = "") -> bool:
    """Whether the description holds every food word of the phrase (but those of `named`, the
    part of it that named the food) and is not in the other cooking state than the phrase says:
    "chicken breast, roasted" fits the roasted breast, "bread, rye" does not fit white bread."""
    words = description_words(description)
    said = {stem(word) for word in tokens(phrase)}
    return food_words(phrase) - food_words(named) <= words and _said_state(words, said) >= 0


def _is_cooked(words: frozenset[str]) -> bool:
    return bool(words & _COOKED) or "heat" in words  # "cooked, dry heat"


def _said_state(words: frozenset[str], said: set[str]) -> int:
    """+1 when the description is in the state the phrase names, -1 when in the other."""
    if said & _COOKED:
        return 1 if _is_cooked(words) else (-1 if "raw" in words else 0)
    if said & _RAW:
        return 1 if "raw" in words else (-1 if _is_cooked(words) else 0)
    return 0


def _usual_state(food: Described, words: frozenset[str]) -> int:
    """When the phrase names no state: fruit and vegetables raw, grains, meat and fish cooked."""
    if food.food_group in _EATEN_RAW:
        return 1 if "raw" in words else 0
    if food.food_group in _EATEN_COOKED:
        return 1 if _is_cooked(words) else (-1 if "raw" in words else 0)
    return 0


def _oddity(food: Described, words: frozenset[str], said: set[str]) -> int:
    """How special the item is, in ways the phrase did not ask for (0 for an ordinary food)."""
    odd = len((words & _SPECIAL_WORDS) - said)
    if food.food_group in _SPECIAL_GROUPS and not said & {"fast", "restaurant", "baby"}:
        odd += 2
    if "dry" in words and "heat" not in words and "dry" not in said:
        odd += 1
    if _BRAND.search(food.description):
        odd += 1
    return odd

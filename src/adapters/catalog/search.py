"""How the built-in catalog finds a food for a phrase — one order for both of its stores.

1. A name people use, exactly (after normalising): "гречка", "курячу грудку", "egg". These come
   from our name tables and name one SR28 item each, chosen by a person — so they win outright.
2. The same name in another case form: "гречкою", "курячою грудкою" (word stems).
3. The longest part of the phrase that is a name. Ukrainian: of equal parts the later one
   ("смачна гречка" → "гречка"). English: the earlier one, and only if its food's description
   holds the rest of the phrase in the same cooking state ("chicken breast, roasted" → the
   roasted breast; "bread, rye" is not "bread", the white one).
4. English only: SR28 descriptions holding every food word of the phrase, ranked by
   `relevance.rank` (raw vs cooked, whole vs white, plain vs branded).
5. A name a typo away with as many words ("гречкя", "bananna"): pg_trgm similarity of at least
   `CLOSE_ENOUGH` ("banana dried" is not a typo of "banana").
6. English only: the longest, earliest part that is a name, even if the rest does not fit
   ("kasha with milk" → kasha); then descriptions holding half of the phrase's food words.

A name match returns that one food. A description match returns up to `limit` foods, best first;
hits sharing more bare words with the phrase than the best one are left out, because the
application picks among hits by shared words (`choose_candidate`) and our ranking has already
weighed those words — with plurals and cooking state, which bare words miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from adapters.catalog.relevance import Described, fits, food_words, rank
from adapters.catalog.usda import normalize_name
from adapters.catalog.words import is_cyrillic, stem_key, tokens, word_set
from application.meals.food_lookup import words
from application.ports.catalog import CatalogFood

CLOSE_ENOUGH = 0.5
_PARTLY = 0.5
# Words that say nothing about which food it is; dropped before names are looked up.
_FILLER = word_set(
    "a an the some of my fresh homemade plain tasty свіжий свіжа свіже свіжі домашній"
    " домашня домашнє домашні смачний смачна смачне смачні трохи трошки"
)


class FoodSource(Protocol):
    """Where the catalog's data lives (memory or PostgreSQL); `search` decides the order."""

    async def by_name(self, key: str) -> str | None:
        """The NDB number a name (normalised) means, Ukrainian names before English ones."""
        ...

    async def by_stems(self, key: str) -> str | None:
        """The NDB number of the first name with these word stems (`words.stem_key`)."""
        ...

    async def close_names(self, key: str, word_count: int) -> Sequence[tuple[str, float]]:
        """(NDB number, similarity) of names of `word_count` words at least `CLOSE_ENOUGH`
        alike, most alike first."""
        ...

    async def described(self, food_words: frozenset[str], phrase: str) -> Sequence[Described]:
        """Foods whose description may hold one of these word stems (a superset is fine)."""
        ...

    async def foods(self, ndb_nos: Sequence[str]) -> Sequence[CatalogFood]:
        """The foods, in the order asked; numbers the domain refuses are left out."""
        ...


async def search(source: FoodSource, phrase: str, limit: int) -> list[CatalogFood]:
    words_said = [word for word in tokens(phrase) if word not in _FILLER]
    if not words_said or limit < 1:
        return []
    key = normalize_name(" ".join(words_said))
    if is_cyrillic(key):
        named = await _by_name(source, key) or await _by_part_of_name(source, words_said)
        if named is not None:
            return list(await source.foods([named]))
        return await _close(source, key, len(words_said))
    return await _search_english(source, key, words_said, limit)


async def _search_english(
    source: FoodSource, key: str, words_said: Sequence[str], limit: int
) -> list[CatalogFood]:
    named = await _by_name(source, key)
    if named is not None:
        return list(await source.foods([named]))
    if part := await _by_part_of_english_name(source, key, words_said, fitting=True):
        return [part]
    ranked = await _ranked(source, key)
    if ranked and ranked[0][1] == 1:
        return await _described_foods(source, key, ranked, limit)
    found = await _close(source, key, len(words_said))
    if not found and (
        part := await _by_part_of_english_name(source, key, words_said, fitting=False)
    ):
        found = [part]
    if not found:
        partly = [(ndb_no, coverage) for ndb_no, coverage in ranked if coverage >= _PARTLY]
        found = await _described_foods(source, key, partly, limit)
    return found


async def _close(source: FoodSource, key: str, word_count: int) -> list[CatalogFood]:
    close = await source.close_names(key, word_count)
    return list(await source.foods([close[0][0]])) if close else []


async def _by_name(source: FoodSource, key: str) -> str | None:
    return await source.by_name(key) or await source.by_stems(stem_key(key))


async def _by_part_of_name(source: FoodSource, words_said: Sequence[str]) -> str | None:
    """The longest run of words that is a name; of equal runs the later one (the noun comes
    last in "смачна гречка")."""
    for size in range(len(words_said) - 1, 0, -1):
        for start in range(len(words_said) - size, -1, -1):
            found = await _by_name(source, " ".join(words_said[start : start + size]))
            if found is not None:
                return found
    return None


async def _by_part_of_english_name(
    source: FoodSource, key: str, words_said: Sequence[str], *, fitting: bool
) -> CatalogFood | None:
    """The longest, then earliest, run of words that is a name — `fitting`: only if the food's
    description holds the rest of the phrase in the same cooking state."""
    for size in range(len(words_said) - 1, 0, -1):
        for start in range(len(words_said) - size + 1):
            part = " ".join(words_said[start : start + size])
            found = await _by_name(source, part)
            foods = await source.foods([found]) if found else ()
            if foods and (not fitting or fits(key, foods[0].name, named=part)):
                return foods[0]
    return None


async def _ranked(source: FoodSource, key: str) -> list[tuple[str, float]]:
    wanted = food_words(key)
    if not wanted:
        return []
    candidates = await source.described(wanted, key)
    return [(r.food.ndb_no, r.coverage) for r in rank(key, candidates)]


async def _described_foods(
    source: FoodSource, phrase: str, ranked: Sequence[tuple[str, float]], limit: int
) -> list[CatalogFood]:
    # Ask for a few more than `limit`: some may be refused by the domain's plausibility rules.
    found = await source.foods([ndb_no for ndb_no, _ in ranked[: limit + 5]])
    if not found:
        return []
    said = words(phrase)
    best = len(said & words(found[0].name))
    kept = [food for food in found if len(said & words(food.name)) <= best]
    return kept[:limit]

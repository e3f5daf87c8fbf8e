"""Words of food names, as the catalog compares them: tokens, light stems, and trigrams.

Ukrainian inflects nouns and adjectives ("гречка", "гречки", "гречкою"); the name tables list the
common forms, and the stem here (the word without its case ending) catches the others. English
needs only plurals ("eggs", "potatoes", "berries"). The trigrams are pg_trgm's, so the in-memory
catalog and PostgreSQL agree on what a typo is close to.
"""

from __future__ import annotations

import re

from adapters.catalog.usda import normalize_name

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,]\d+)?%?", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Case endings, longest first. A stem keeps at least three letters, so "рис", "сир" stay whole.
_ENDINGS = (
    "ями ами ого ому ими ій ої ою ею єю ям ам ах ях ів їв ей ий им их ом ем ую юю ая яя"
    " а я у ю і ї и е є о ь й"
)
_UK_ENDINGS = tuple(sorted(_ENDINGS.split(), key=lambda ending: (-len(ending), ending)))
_MIN_STEM = 3


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of a literal list ("raw uncooked fresh")."""
    return frozenset(text.split())


def tokens(text: str) -> list[str]:
    """The words (and numbers, "2%") of `text`, normalised: casefolded, one kind of apostrophe."""
    return _TOKEN.findall(normalize_name(text))


def is_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def stem(word: str) -> str:
    """ "гречкою" → "гречк", "potatoes" → "potato"; numbers and short words stay as they are."""
    if is_cyrillic(word):
        for ending in _UK_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
                return word[: -len(ending)]
        return word
    return _singular(word)


def _singular(word: str) -> str:
    if len(word) <= _MIN_STEM or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stem_key(text: str) -> str:
    """The stems of `text`'s words, in order: "курячу грудку" and "куряча грудка" share one."""
    return " ".join(stem(word) for word in tokens(text))


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams: each word lower-cased, padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in re.findall(r"[^\W_]+", text.lower(), re.UNICODE):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """pg_trgm's `similarity`: shared trigrams over all trigrams of both."""
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)

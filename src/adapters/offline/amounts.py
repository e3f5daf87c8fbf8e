"""How much, as people write it: "2", "1,5", "1/2", "½", "two", "дві", "пів", "half a", "a".

Numbers are read as they are written — "0", "-2" and "1e9" too — so that the domain can refuse
them with a clear answer ("that amount does not look right") instead of the parser guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

# A number: digits with a decimal point or comma, a sign, an exponent ("1e9"), or a fraction.
NUMBER = re.compile(r"^[-+−]?(?:\d+(?:[.,]\d+)?(?:e[-+]?\d{1,3})?|\d+/\d+)$")
_VULGAR = {"½": "0.5", "⅓": "0.333", "⅔": "0.667", "¼": "0.25", "¾": "0.75"}
_HALF = Decimal("0.5")

# One word that is an amount (uk forms in the cases they take after a verb or before a noun).
_WORDS: dict[str, Decimal] = {
    word: Decimal(value)
    for value, words in {
        "1": "a an one один одна одне одну одного однієї",
        "2": "two couple два дві двох пару пара парочку",
        "3": "three три трьох",
        "4": "four чотири чотирьох",
        "5": "five п'ять п'яти",
        "6": "six шість шести",
        "7": "seven сім семи",
        "8": "eight вісім восьми",
        "9": "nine дев'ять дев'яти",
        "10": "ten десять десяти",
        "12": "dozen",
        "0.5": "half пів половина половину половинку половинка",
        "1.5": "півтора півтори",
        "0.25": "quarter чверть",
    }.items()
    for word in words.split()
}
# Words that may stand between an amount word and what follows ("half a cup", "a couple of").
_LINKS = frozenset({"a", "an", "of"})
_COUNTED_WORDS = frozenset({"half", "quarter", "couple", "dozen"})


def number(token: str) -> Decimal | None:
    """The value of a written number ("1,5", "-2", "1/2", "½"), or None if it is not one."""
    token = _VULGAR.get(token, token)
    if not NUMBER.match(token):
        return None
    token = token.replace(",", ".").replace("−", "-")
    try:
        if "/" in token:
            numerator, denominator = token.split("/")
            if int(denominator) == 0:
                return None
            return Decimal(numerator) / Decimal(denominator)
        return Decimal(token)
    except InvalidOperation:
        return None


def read_amount(words: Sequence[str]) -> tuple[Decimal, int] | None:
    """The amount at the start of `words` and how many words it took, or None.

    "half a cup" → (0.5, 2); "one and a half" → (1.5, 4); "1 1/2" → (1.5, 2); "a" → (1, 1).
    """
    if len(words) > 1 and words[0] in {"a", "an"} and words[1] in _COUNTED_WORDS:
        inner = read_amount(words[1:])  # "a half cup", "a couple of", "a dozen"
        return (inner[0], inner[1] + 1) if inner else None
    first = (_WORDS.get(words[0]) or number(words[0])) if words else None
    if first is None:
        return None
    if len(words) > 1 and "/" in words[1] and (fraction := number(words[1])) is not None:
        return first + fraction, 2  # "1 1/2"
    for more in (["and", "a", "half"], ["з", "половиною"]):  # "one and a half", "два з половиною"
        if list(words[1 : 1 + len(more)]) == more:
            return first + _HALF, 1 + len(more)
    used = 1
    if words[0] in _COUNTED_WORDS:
        while used < len(words) and words[used] in _LINKS:  # "half a", "a couple of"
            used += 1
    return first, used

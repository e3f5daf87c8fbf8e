"""The offline interpreter: rules, no model — the embedded default with no OPENAI_API_KEY, and
the fallback when the model fails. Deterministic, Ukrainian and English.

In this order: undo ("скасуй", "undo"), a new weight for the last meal ("зроби 150 г", "make
it 150 g"), settings, a greeting or thanks, a question (a question mark, a question word, or a
topic such as "calories left" with no amount in it), a message addressed to the assistant's
rules ("ignore your instructions…", which is not understood rather than obeyed), and otherwise
a meal. Anything with no food in it is `Intent.UNKNOWN`, and the reply says so plainly.
"""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import datetime
from decimal import Decimal

from adapters.catalog.usda import UsdaTablesCache, normalize_name
from adapters.catalog.words import stem_key, word_set
from adapters.offline.amounts import number
from adapters.offline.meal_text import read_meal
from adapters.offline.topics import topic_of
from application.ports.assistant import Intent, Interpretation, InterpretedItem
from domain.users import Language

# Longer than any meal or question (the use case refuses longer ones before asking).
MAX_CHARS = 2000

_UNDO = re.compile(
    r"^(?:please\s+|будь ласка,?\s+)?"
    r"(?:undo|cancel|delete|remove|скасуй\w*|скасувати|відмін\w*|видали\w*|прибери|прибрати)"
    r"(?:\s+(?:that|it|this|the last(?: one| entry| meal)?|last(?: one| entry| meal)?|"
    r"це|його|останн\w*(?: запис| їжу| прийом їжі)?))?(?:\s+please|,? будь ласка)?[.!]*$"
)
_EDIT = re.compile(
    r"^(?:no,?\s+|actually,?\s+|oops,?\s+|ні,?\s+|насправді,?\s+)?"
    r"(?:make it|change it to|change to|set it to|correct it to|it was|that was|edit to|"
    r"зроби|зробіть|зміни на|змініть на|виправ на|виправте на|постав|там було|було)"
    r"(?:\s+(?P<grams>[-+−]?\d+(?:[.,]\d+)?)\s*(?P<unit>g|gr|grams?|kg|г|гр|грам\w*|кг)?)?"
    r"\s*[.!]*$"
)
_SETTINGS = re.compile(
    r"^/?(?:settings|налаштування|change (?:my )?(?:language|timezone|target\w*)|"
    r"змін\w* (?:мову|часовий пояс|ціль))\b"
)
_SMALL_TALK = re.compile(
    r"^(?:hi|hello|hey|thanks|thank you|thx|ok|okay|good (?:morning|evening|night)|bye|"
    r"привіт|вітаю|дякую|спасибі|добрий (?:день|вечір|ранок)|доброго (?:ранку|дня|вечора)|"
    r"ок|добре|бувай)(?:\s+(?:there|you|bot|again|a lot|so much|very much|тобі|вам|бот|друже))?"
    r"[!.)\s]*$"
)
_ASKS = word_set(
    "how what what's whats when did which where why who show tell "
    "скільки як що чи коли який яка яке які чому покажи розкажи скажи"
)
# A message about the assistant's own rules is not a meal and is not obeyed.
_ADDRESSES_RULES = re.compile(
    r"^(?:please\s+)?(?:ignore|forget|disregard|pretend|act as|you are now|system:|"
    r"ігноруй\w*|забудь\w*|уяви\w*|ти тепер)\b"
)
# Words that may stand beside topic words in a question with no question word ("my sleep score").
_TOPIC_FILLER = word_set(
    "my the i is was so far total score scores last night much this "
    "я мій моя моє мої мого за у в на сумарно всього разом останній минулої ночі"
)
_KILO = Decimal(1000)
# Messages that mean one thing whatever else they hold, checked first, in this order.
_FIXED = ((_UNDO, Intent.UNDO), (_SETTINGS, Intent.SETTINGS), (_SMALL_TALK, Intent.SMALL_TALK))


class OfflineInterpreter:
    """`Interpreter` by rules. With the catalog's tables it keeps names that hold "з" or
    "with" whole ("вареники з картоплею" is one food); without them it still works."""

    def __init__(self, tables: UsdaTablesCache | None = None) -> None:
        self._tables = tables
        self._compounds: frozenset[str] | None = None
        self._lock = threading.Lock()

    async def interpret(
        self, text: str, *, language: Language, local_now: datetime
    ) -> Interpretation:
        del language, local_now  # the words say which language; times are read as said
        if self._tables is not None and self._compounds is None:
            await asyncio.to_thread(self._compound_keys)  # reads the tables: not on the loop
        return self.read(text)

    def read(self, text: str) -> Interpretation:
        """The same as `interpret`, for callers that are not async."""
        said = " ".join(normalize_name(text[:MAX_CHARS]).split())
        if not said or len(text) > MAX_CHARS or not re.search(r"[^\W\d_]", said):
            return Interpretation(intent=Intent.UNKNOWN)
        for pattern, intent in _FIXED:
            if pattern.match(said):
                return Interpretation(intent=intent)
        edit = _EDIT.match(said)
        if edit:
            return Interpretation(intent=Intent.EDIT, edit_grams=_grams(edit))
        if _is_question(said):
            return Interpretation(intent=Intent.QUESTION)
        if _ADDRESSES_RULES.match(said):
            return Interpretation(intent=Intent.UNKNOWN)
        return self._meal(said)

    def _meal(self, said: str) -> Interpretation:
        meal = read_meal(said, self._is_compound if self._tables else None)
        if not meal.items:
            return Interpretation(intent=Intent.UNKNOWN)
        items = tuple(
            InterpretedItem(
                name_as_said=item.name,
                lookup_name=item.name,
                quantity=item.quantity,
                unit=item.unit,
            )
            for item in meal.items
        )
        return Interpretation(
            intent=Intent.LOG_FOOD, items=items, meal_hint=meal.meal, time_hint=meal.time
        )

    def _is_compound(self, key: str) -> bool:
        return key in self._compound_keys()

    def _compound_keys(self) -> frozenset[str]:
        """Stems of the names that hold a word the meal splitter splits at (built once)."""
        if self._compounds is None:
            with self._lock:
                if self._compounds is None and self._tables is not None:
                    tables = self._tables.get()
                    names = [*tables.uk_names, *tables.en_aliases]
                    self._compounds = frozenset(
                        stem_key(name) for name in names if len(name.split()) >= 3
                    )
        return self._compounds or frozenset()


def _is_question(said: str) -> bool:
    if said.endswith("?") or said.split(" ", 1)[0] in _ASKS:
        return True
    # "calories left", "мій сон": nothing but topic words (so "з'їв яблуко" stays a meal).
    words = re.findall(r"[\w']+", said)
    return any(topic_of(word) for word in words) and all(
        word in _TOPIC_FILLER or topic_of(word) is not None for word in words
    )


def _grams(edit: re.Match[str]) -> Decimal | None:
    grams = edit.group("grams")
    if grams is None:
        return None
    value = number(grams)
    if value is not None and edit.group("unit") in {"kg", "кг"}:
        value *= _KILO
    return value

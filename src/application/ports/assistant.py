"""The language model's two jobs: understand a message, and answer a question from context."""

from __future__ import annotations

import enum
from datetime import datetime, time
from decimal import Decimal
from typing import Protocol

import msgspec

from domain.conversation import Role
from domain.meals.intake import DailyIntake
from domain.meals.meal_type import MealType
from domain.meals.targets import Targets
from domain.recovery.records import Recovery, Sleep, Workout
from domain.users import Language


class Intent(enum.Enum):
    LOG_FOOD = "log_food"
    QUESTION = "question"
    UNDO = "undo"
    EDIT = "edit"  # "make it 150 g": re-weigh the last entry
    SETTINGS = "settings"
    SMALL_TALK = "small_talk"
    UNKNOWN = "unknown"


class InterpretedItem(msgspec.Struct, frozen=True, kw_only=True):
    name_as_said: str  # "курячі яйця"
    lookup_name: str  # in English, for the catalog: "egg, whole, raw"
    quantity: Decimal | None = None  # 2; None when no amount was said
    unit: str | None = None  # "g", "cup", "large", "скибка": a unit or a portion word
    grams_estimate: Decimal | None = None  # the model's guess, used only as a fallback


class Interpretation(msgspec.Struct, frozen=True, kw_only=True):
    intent: Intent
    items: tuple[InterpretedItem, ...] = ()
    meal_hint: MealType | None = None
    time_hint: time | None = None  # local wall-clock time the user said they ate
    edit_grams: Decimal | None = None


class Interpreter(Protocol):
    async def interpret(
        self, text: str, *, language: Language, local_now: datetime
    ) -> Interpretation:
        """What the message means. Returns `Intent.UNKNOWN` when it cannot tell; never passes
        a malformed or refused model answer on (the adapter retries, then falls back).
        Raises `ServiceUnavailableError` only when no interpretation is possible at all."""
        ...


class ContextMessage(msgspec.Struct, frozen=True, kw_only=True):
    role: Role
    text: str
    at: datetime


class AnswerContext(msgspec.Struct, frozen=True, kw_only=True):
    """Everything an answer may draw on — one user's data, assembled by the server. It holds
    no user id: the model cannot choose whose data it sees."""

    language: Language
    local_now: datetime
    targets: Targets
    today: DailyIntake
    yesterday: DailyIntake
    wearable_linked: bool
    last_sleep: Sleep | None = None
    last_recovery: Recovery | None = None
    recent_workouts: tuple[Workout, ...] = ()
    conversation: tuple[ContextMessage, ...] = ()


class Assistant(Protocol):
    async def answer(self, question: str, context: AnswerContext) -> str:
        """A short answer in `context.language`, from `context` only (it says so when the
        context does not hold the answer). Raises `ServiceUnavailableError` when no answer
        can be produced."""
        ...

"""What the model must answer when it interprets a message: the strict JSON schema sent with the
request, the msgspec structs its answer is decoded into, and the checked mapping to the
application's `Interpretation`.

The schema is written by hand for Structured Outputs' strict mode: every property is required,
"no value" is a null (`["number", "null"]`), and no object takes other properties. The structs
mirror it field for field (a test keeps the two in step). The model's words never reach the user
as they are: anything that fails decoding or the checks here is a `MalformedAnswerError`.
"""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec
from openai.types.shared_params import ResponseFormatJSONSchema

from adapters.offline.units import unit_named
from application.ports.assistant import Intent, Interpretation, InterpretedItem
from domain.meals.meal_type import MealType
from domain.meals.portions import MAX_ITEM_GRAMS

SCHEMA_NAME = "meal_message"
MAX_ITEMS = 20
_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_INTENTS = [intent.value for intent in Intent]
_MEALS = [meal.value for meal in MealType]


def _nullable(kind: str, description: str) -> dict[str, Any]:
    return {"type": [kind, "null"], "description": description}


ITEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name_as_said", "lookup_name", "quantity", "unit", "grams_estimate"],
    "properties": {
        "name_as_said": {
            "type": "string",
            "description": "The food exactly as the user wrote it, in their language.",
        },
        "lookup_name": {
            "type": "string",
            "description": "The food in plain English for a USDA lookup, with its state: "
            "'buckwheat groats, cooked', 'egg, whole, raw', 'bread, white'.",
        },
        "quantity": _nullable("number", "How many units; null when no amount was said."),
        "unit": _nullable(
            "string",
            "g, kg, ml, l, cup, tbsp, tsp, glass (250 ml), bowl (300 ml), slice, piece, "
            "handful, large, medium or small; null for a plain count ('2 eggs').",
        ),
        "grams_estimate": _nullable(
            "number", "Your estimate of the grams eaten, used only if nothing better is known."
        ),
    },
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["intent", "items", "meal", "time", "edit_grams"],
    "properties": {
        "intent": {"type": "string", "enum": _INTENTS},
        "items": {"type": "array", "items": ITEM_SCHEMA},
        "meal": {"type": ["string", "null"], "enum": [*_MEALS, None]},
        "time": {
            "type": ["string", "null"],
            "pattern": _TIME,
            "description": "Local time they ate, HH:MM, only when they said one.",
        },
        "edit_grams": _nullable("number", "The new weight in grams for intent 'edit'."),
    },
}

RESPONSE_FORMAT: ResponseFormatJSONSchema = {
    "type": "json_schema",
    "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": SCHEMA},
}


class WireItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name_as_said: Annotated[str, msgspec.Meta(max_length=200)]
    lookup_name: Annotated[str, msgspec.Meta(max_length=200)]
    quantity: Decimal | None
    unit: Annotated[str, msgspec.Meta(max_length=40)] | None
    grams_estimate: Decimal | None


class WireInterpretation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    intent: Literal["log_food", "question", "undo", "edit", "settings", "small_talk", "unknown"]
    items: Annotated[list[WireItem], msgspec.Meta(max_length=MAX_ITEMS)]
    meal: Literal["breakfast", "lunch", "dinner", "snack"] | None
    time: Annotated[str, msgspec.Meta(max_length=20)] | None  # HH:MM; anything else is ignored
    edit_grams: Decimal | None


class MalformedAnswerError(Exception):
    """The model's answer is not JSON, not in the schema, or not sensible."""


_DECODER = msgspec.json.Decoder(WireInterpretation)


def decode(content: str) -> Interpretation:
    """The application's reading of the model's JSON answer, or `MalformedAnswerError`."""
    try:
        wire = _DECODER.decode(content)
    except msgspec.DecodeError as error:  # ValidationError included
        raise MalformedAnswerError(f"not in the schema: {error}") from None
    items = tuple(_item(item) for item in wire.items)
    intent = Intent(wire.intent)
    if intent is Intent.LOG_FOOD and not items:
        intent = Intent.UNKNOWN
    return Interpretation(
        intent=intent,
        items=items if intent is Intent.LOG_FOOD else (),
        meal_hint=MealType(wire.meal) if wire.meal else None,
        time_hint=_time(wire.time),
        edit_grams=_finite(wire.edit_grams, "edit_grams"),
    )


def _item(wire: WireItem) -> InterpretedItem:
    name = " ".join(wire.name_as_said.split())
    if not name:
        raise MalformedAnswerError("an item without a name")
    quantity = _finite(wire.quantity, "quantity")
    unit = " ".join(wire.unit.split()) if wire.unit else None
    said = unit_named(unit) if unit else None
    if said is not None:
        unit = said.unit
        if said.millilitres is not None:  # "склянка", "glass", "bowl": weighed as millilitres
            quantity = (quantity if quantity is not None else Decimal(1)) * said.millilitres
    estimate = _finite(wire.grams_estimate, "grams_estimate")
    if estimate is not None and not 0 < estimate <= MAX_ITEM_GRAMS:
        estimate = None  # a guess beyond any portion is no help; the catalog decides
    return InterpretedItem(
        name_as_said=name,
        lookup_name=" ".join(wire.lookup_name.split()) or name,
        quantity=quantity,
        unit=unit,
        grams_estimate=estimate,
    )


def _time(said: str | None) -> time | None:
    """The clock time they ate; a time not in HH:MM is dropped (the meal is still right)."""
    if said is None or not re.match(_TIME, said):
        return None
    return time.fromisoformat(said)


def _finite(value: Decimal | None, field: str) -> Decimal | None:
    if value is not None and not value.is_finite():
        raise MalformedAnswerError(f"{field} is not a finite number")
    return value

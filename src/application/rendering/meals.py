"""Replies about food: what was logged (every item with grams and kcal, guesses said aloud),
what was undone, and where the day stands."""

from __future__ import annotations

from collections.abc import Sequence

from application.rendering.messages import text
from application.rendering.numbers import (
    format_grams,
    format_kcal,
    format_number,
    shown_difference,
)
from domain.meals.entry import FoodEntry
from domain.meals.food import FoodItem
from domain.meals.intake import DailyIntake
from domain.meals.meal_type import MealType
from domain.meals.portions import GramsBasis
from domain.meals.targets import Targets
from domain.users import Language


def meal_name(meal: MealType, language: Language) -> str:
    return text(language, f"meal.{meal.value}")


def render_logged_meal(
    entry: FoodEntry,
    *,
    day: DailyIntake,
    targets: Targets,
    language: Language,
    not_found: Sequence[str] = (),
    bad_amount: Sequence[str] = (),
    edited: bool = False,
) -> str:
    title = "edited.title" if edited else "logged.title"
    lines = [text(language, title, meal=meal_name(entry.meal, language))]
    for item in entry.items:
        lines.extend(_item_lines(item, language))
    total = entry.total()
    lines.append(
        text(
            language,
            "logged.total",
            kcal=format_kcal(total.kcal, language),
            protein=format_grams(total.protein, language),
            fat=format_grams(total.fat, language),
            carbohydrate=format_grams(total.carbohydrate, language),
        )
    )
    lines.append(render_day_progress(day, targets, language))
    lines.extend(render_skipped(not_found, bad_amount, language))
    return "\n".join(lines)


def render_skipped(
    not_found: Sequence[str], bad_amount: Sequence[str], language: Language
) -> list[str]:
    lines = []
    if not_found:
        lines.append(text(language, "logged.not_found", names=", ".join(not_found)))
    if bad_amount:
        lines.append(text(language, "logged.bad_amount", names=", ".join(bad_amount)))
    return lines


def render_day_progress(day: DailyIntake, targets: Targets, language: Language) -> str:
    remaining = shown_difference(targets.kcal, day.total.kcal)
    values = {
        "kcal": format_kcal(day.total.kcal, language),
        "target": format_kcal(targets.kcal, language),
    }
    if remaining >= 0:
        return text(
            language, "day.progress_left", remaining=format_kcal(remaining, language), **values
        )
    return text(language, "day.progress_over", over=format_kcal(-remaining, language), **values)


def render_undone(entry: FoodEntry, language: Language) -> str:
    foods = ", ".join(item.name_as_said for item in entry.items)
    return text(language, "undo.done", foods=foods, kcal=format_kcal(entry.total().kcal, language))


def _item_lines(item: FoodItem, language: Language) -> list[str]:
    kcal = format_kcal(item.nutrients.kcal, language)
    if item.grams is None:
        lines = [text(language, "logged.item_unweighed", name=item.name_as_said, kcal=kcal)]
    elif item.basis is GramsBasis.PORTION and item.portion_label and item.count is not None:
        lines = [
            text(
                language,
                "logged.item_portion",
                name=item.name_as_said,
                count=format_number(item.count, language, 0 if item.count % 1 == 0 else 1),
                portion=item.portion_label,
                grams=format_grams(item.grams, language),
                kcal=kcal,
            )
        ]
    else:
        grams = format_grams(item.grams, language)
        lines = [text(language, "logged.item", name=item.name_as_said, grams=grams, kcal=kcal)]
    if item.canonical_name.strip().lower() != item.name_as_said.strip().lower():
        lines.append(text(language, "logged.matched_as", canonical=item.canonical_name))
    if item.assumed:
        lines.append(text(language, "logged.assumed", assumption=_assumption(item, language)))
    return lines


def _assumption(item: FoodItem, language: Language) -> str:
    key = f"assumed.{item.basis.value}"
    grams = format_grams(item.grams, language) if item.grams is not None else ""
    return text(language, key, grams=grams, portion=item.portion_label or "")

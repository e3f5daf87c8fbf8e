"""Texts the bot composes from a user's settings (every word from the catalogs)."""

from __future__ import annotations

from datetime import datetime

from application.rendering.messages import text
from application.rendering.numbers import format_grams, format_kcal
from domain.meals.targets import Targets
from domain.users import Language, User


def local_time(user: User, now: datetime) -> str:
    return user.local_now(now).strftime("%H:%M")


def targets_line(language: Language, targets: Targets) -> str:
    return text(
        language,
        "bot.targets_line",
        kcal=format_kcal(targets.kcal, language),
        protein=format_grams(targets.protein, language),
        fat=format_grams(targets.fat, language),
        carbohydrate=format_grams(targets.carbohydrate, language),
    )


def settings_summary(user: User, now: datetime) -> str:
    language, briefings = user.language, user.briefings

    def when(on: bool, clock: str) -> str:
        return clock if on else text(language, "bot.off")

    return text(
        language,
        "bot.settings_summary",
        language_name=text(language, "bot.language_name"),
        timezone=user.timezone,
        local_time=local_time(user, now),
        targets=targets_line(language, user.targets),
        morning=when(briefings.morning, briefings.morning_at.strftime("%H:%M")),
        evening=when(briefings.evening, briefings.evening_at.strftime("%H:%M")),
        weekly=text(language, "bot.on") if briefings.weekly else text(language, "bot.off"),
    )


def briefings_text(user: User) -> str:
    briefings = user.briefings
    return text(
        user.language,
        "bot.briefings_menu",
        morning_at=briefings.morning_at.strftime("%H:%M"),
        evening_at=briefings.evening_at.strftime("%H:%M"),
    )

"""The port's buttons as Telegram's inline keyboard."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from application.ports.messenger import Button

MAX_CALLBACK_DATA_BYTES = 64


def inline_keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """None for no buttons. Callback data over Telegram's 64 bytes is a bug: ValueError."""
    keyboard = [[_button(button) for button in row] for row in rows if row]
    return InlineKeyboardMarkup(inline_keyboard=keyboard) if keyboard else None


def _button(button: Button) -> InlineKeyboardButton:
    if not 1 <= len(button.data.encode()) <= MAX_CALLBACK_DATA_BYTES:
        raise ValueError(f"callback data must be 1–64 bytes, got {len(button.data.encode())}")
    return InlineKeyboardButton(text=button.label, callback_data=button.data)

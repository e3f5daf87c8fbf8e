"""reply_markup as the Bot API checks it: inline keyboards button by button, others loosely."""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.telegram.errors import BotApiError, bad_request
from tests.fakes.telegram.formatting import check_link

# The fields that make an inline button do something; the Bot API uses the first one present.
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_BUTTON_EXTRAS = ("style", "icon_custom_emoji_id")
MAX_BUTTONS = 100
MAX_CALLBACK_DATA_BYTES = 64


def parse_reply_markup(raw: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """The markup to store with the message, or BotApiError as Telegram would answer."""
    if raw is None or raw == "":
        return None
    value = raw
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
    if not isinstance(value, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in value:
        return {"inline_keyboard": _inline_keyboard(value["inline_keyboard"])}
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in value:
        _reply_keyboard(value["keyboard"])
        return None  # a sent Message carries only inline keyboards
    if value.get("remove_keyboard") is True or value.get("force_reply") is True:
        return None
    raise bad_request("can't parse reply keyboard markup JSON object")


def _inline_keyboard(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    return [[_inline_button(button) for button in row] for row in rows]


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    action = next((name for name in _BUTTON_ACTIONS if name in button), None)
    if action is None:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    value = button[action]
    if action == "callback_data":
        if not isinstance(value, str):
            raise _button_error('Field "callback_data" must be of type String')
        if not 1 <= len(value.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if action == "url" and (not isinstance(value, str) or check_link(value) is None):
        raise bad_request("BUTTON_URL_INVALID")
    if not text:
        raise bad_request("BUTTON_TEXT_EMPTY")
    kept = {"text": text, action: value}
    kept |= {name: button[name] for name in _BUTTON_EXTRAS if name in button}
    return kept


def _reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            text = button if isinstance(button, str) else (button or {}).get("text")
            if not isinstance(text, str) or not text:
                raise bad_request("can't parse keyboard button: text must be a non-empty String")


def _button_error(detail: str) -> BotApiError:
    return bad_request(f"can't parse inline keyboard button: {detail}")

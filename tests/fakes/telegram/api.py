"""One Bot API call from name and parameters to HTTP status and envelope, recorded on the way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fakes.telegram import methods_bot, methods_messages
from tests.fakes.telegram.errors import BotApiError, not_found
from tests.fakes.telegram.params import Params
from tests.fakes.telegram.state import Call, TelegramState

Method = Callable[[TelegramState, Params], Any]

_METHODS: dict[str, Method] = {
    "getMe": methods_bot.get_me,
    "setWebhook": methods_bot.set_webhook,
    "deleteWebhook": methods_bot.delete_webhook,
    "getWebhookInfo": methods_bot.get_webhook_info,
    "setMyCommands": methods_bot.set_my_commands,
    "getMyCommands": methods_bot.get_my_commands,
    "deleteMyCommands": methods_bot.delete_my_commands,
    "getFile": methods_bot.get_file,
    "leaveChat": methods_bot.leave_chat,
    "sendMessage": methods_messages.send_message,
    "editMessageText": methods_messages.edit_message_text,
    "editMessageReplyMarkup": methods_messages.edit_message_reply_markup,
    "sendPhoto": methods_messages.send_photo,
    "sendDocument": methods_messages.send_document,
    "sendChatAction": methods_messages.send_chat_action,
    "answerCallbackQuery": methods_messages.answer_callback_query,
}
# Method names are case-insensitive.
_BY_LOWER_NAME = {name.lower(): name for name in _METHODS}


def canonical_name(name: str) -> str | None:
    return _BY_LOWER_NAME.get(name.lower())


def call(state: TelegramState, name: str, params: Params) -> tuple[int, dict[str, Any]]:
    method = canonical_name(name)
    with state.lock:
        if method is None:
            status, body = _failed(not_found())
        else:
            status, body = _answer(state, method, params)
        state.calls.append(
            Call(
                method=method or name,
                params=params.values,
                uploads=params.uploads,
                at=state.wall_clock(),
                status=status,
                response=body,
            )
        )
    return status, body


def _answer(state: TelegramState, method: str, params: Params) -> tuple[int, dict[str, Any]]:
    forced = state.take_forced_failure(method)
    if forced is not None:
        return _failed(forced)
    try:
        result = _METHODS[method](state, params)
    except BotApiError as error:
        return _failed(error)
    if isinstance(result, methods_bot.Ok):
        return 200, {"ok": True, "result": result.result, "description": result.description}
    return 200, {"ok": True, "result": result}


def _failed(error: BotApiError) -> tuple[int, dict[str, Any]]:
    return error.error_code, error.envelope()

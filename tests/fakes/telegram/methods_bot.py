"""Bot API methods about the bot itself: getMe, webhooks, commands, getFile, leaveChat."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.telegram.errors import bad_request
from tests.fakes.telegram.params import Params
from tests.fakes.telegram.state import MAX_DOWNLOAD_BYTES, TelegramState, Webhook

WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")
MAX_COMMANDS = 100
DEFAULT_SCOPE = {"type": "default"}


@dataclass(frozen=True)
class Ok:
    """A result the Bot API answers with a description too (e.g. "Webhook was set")."""

    result: Any
    description: str


def scope_key(scope: dict[str, Any] | None) -> str:
    return json.dumps(scope or DEFAULT_SCOPE, sort_keys=True)


def get_me(state: TelegramState, params: Params) -> dict[str, Any]:
    return state.bot_user() | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def set_webhook(state: TelegramState, params: Params) -> Ok:
    url = params.text("url") or ""
    if not url:
        return delete_webhook(state, params)
    if state.strict_webhook_urls:
        _check_webhook_url(url)
    secret = params.text("secret_token")
    if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.integer("max_connections") or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    allowed = params.structured("allowed_updates")
    if allowed is not None and (
        not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed)
    ):
        raise bad_request("can't parse allowed_updates JSON array")
    webhook = Webhook(
        url=url,
        secret_token=secret,
        allowed_updates=allowed,
        max_connections=max_connections,
        ip_address=params.text("ip_address"),
        has_custom_certificate=params.input_file("certificate") is not None,
    )
    already = state.webhook == webhook
    state.webhook = webhook
    return Ok(True, "Webhook is already set" if already else "Webhook was set")


def _check_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (parts.port or 443) not in WEBHOOK_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")


def delete_webhook(state: TelegramState, params: Params) -> Ok:
    had_one = bool(state.webhook.url)
    state.webhook = Webhook()
    return Ok(True, "Webhook was deleted" if had_one else "Webhook is already deleted")


def get_webhook_info(state: TelegramState, params: Params) -> dict[str, Any]:
    webhook = state.webhook
    info: dict[str, Any] = {
        "url": webhook.url,
        "has_custom_certificate": webhook.has_custom_certificate,
        "pending_update_count": 0,
    }
    if webhook.url:
        info["max_connections"] = webhook.max_connections
        if webhook.ip_address:
            info["ip_address"] = webhook.ip_address
        if webhook.allowed_updates is not None:
            info["allowed_updates"] = webhook.allowed_updates
    return info


def set_my_commands(state: TelegramState, params: Params) -> bool:
    commands = params.structured("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON array")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands specified")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    kept = [{"command": c["command"], "description": c["description"]} for c in commands]
    state.commands[(scope_key(_scope(params)), _language_code(params))] = kept
    return True


def get_my_commands(state: TelegramState, params: Params) -> list[dict[str, str]]:
    return state.commands.get((scope_key(_scope(params)), _language_code(params)), [])


def delete_my_commands(state: TelegramState, params: Params) -> bool:
    state.commands.pop((scope_key(_scope(params)), _language_code(params)), None)
    return True


def _scope(params: Params) -> dict[str, Any] | None:
    scope = params.structured("scope")
    if scope is not None and (not isinstance(scope, dict) or "type" not in scope):
        raise bad_request("can't parse BotCommandScope JSON object")
    return scope


def _language_code(params: Params) -> str:
    code = params.text("language_code") or ""
    if code and not _LANGUAGE_CODE.fullmatch(code):
        raise bad_request("invalid language code specified")
    return code


def get_file(state: TelegramState, params: Params) -> dict[str, Any]:
    file_id = params.text("file_id", missing="file_id is empty")
    stored = state.files.get(file_id or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": state.file_path_for(stored),
    }


def leave_chat(state: TelegramState, params: Params) -> bool:
    chat = state.chat(params.chat_id())
    if not chat.is_group:
        raise bad_request("chat member status can't be changed in private chats")
    chat.bot_is_member = False
    return True

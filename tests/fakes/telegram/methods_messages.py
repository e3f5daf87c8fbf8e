"""Bot API methods that put something in a chat: sendMessage, editMessageText,
editMessageReplyMarkup, sendPhoto, sendDocument, sendChatAction, answerCallbackQuery."""

from __future__ import annotations

import mimetypes
import struct
from pathlib import PurePosixPath
from typing import Any

from tests.fakes.telegram.errors import BotApiError, bad_request, forbidden, too_many_requests
from tests.fakes.telegram.formatting import EntityParseError, parse_html, trim
from tests.fakes.telegram.markup import parse_reply_markup
from tests.fakes.telegram.params import Params
from tests.fakes.telegram.state import (
    Chat,
    SentFile,
    StoredFile,
    StoredMessage,
    TelegramState,
    Upload,
)

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice"}
    | {"upload_document", "choose_sticker", "find_location", "record_video_note"}
    | {"upload_video_note"}
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


def send_message(state: TelegramState, params: Params) -> dict[str, Any]:
    chat = state.chat(params.chat_id())
    text, entities = _formatted(params, "text", "entities", limit=MAX_TEXT)
    markup = parse_reply_markup(params.structured("reply_markup"))
    _check_can_send(state, chat, counts_as_message=True)
    return _new_bot_message(state, chat, _content("text", text, entities, markup))


def edit_message_text(state: TelegramState, params: Params) -> dict[str, Any]:
    stored = _message_to_edit(state, params)
    if "text" not in stored.payload:
        raise bad_request("there is no text in the message to edit")
    text, entities = _formatted(params, "text", "entities", limit=MAX_TEXT)
    markup = parse_reply_markup(params.structured("reply_markup"), inline_only=True)
    return _edit(state, stored, _content("text", text, entities, markup))


def edit_message_reply_markup(state: TelegramState, params: Params) -> dict[str, Any]:
    stored = _message_to_edit(state, params)
    markup = parse_reply_markup(params.structured("reply_markup"), inline_only=True)
    content = {key: value for key, value in stored.payload.items() if key in _CONTENT_KEYS}
    content.pop("reply_markup", None)
    if markup is not None:
        content["reply_markup"] = markup
    return _edit(state, stored, content)


def send_photo(state: TelegramState, params: Params) -> dict[str, Any]:
    return _send_file(state, params, "photo")


def send_document(state: TelegramState, params: Params) -> dict[str, Any]:
    return _send_file(state, params, "document")


def send_chat_action(state: TelegramState, params: Params) -> bool:
    chat = state.chat(params.chat_id())
    action = params.text("action", missing="action is empty")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    _check_can_send(state, chat, counts_as_message=False)
    state.chat_actions.append((chat.id, action))
    return True


def answer_callback_query(state: TelegramState, params: Params) -> bool:
    query_id = params.text("callback_query_id", missing="callback_query_id is empty")
    text = params.text("text") or ""
    if query_id not in state.pending_callback_queries:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    state.pending_callback_queries.discard(query_id)
    state.callback_answers.append(
        {
            "callback_query_id": query_id,
            "text": text or None,
            "show_alert": params.flag("show_alert"),
            "url": params.text("url"),
            "cache_time": params.integer("cache_time"),
        }
    )
    return True


_CONTENT_KEYS = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
    "reply_markup",
)


def _content(
    key: str, text: str, entities: list[dict[str, Any]], markup: dict[str, Any] | None
) -> dict[str, Any]:
    content: dict[str, Any] = {}
    if text:
        content[key] = text
    if entities:
        content["entities" if key == "text" else "caption_entities"] = entities
    if markup is not None:
        content["reply_markup"] = markup
    return content


def _formatted(
    params: Params, field: str, entities_field: str, *, limit: int
) -> tuple[str, list[dict[str, Any]]]:
    """The text after parse_mode, trimmed; the errors Telegram gives for empty and long ones."""
    is_caption = field == "caption"
    raw = params.text(field, missing=None if is_caption else "message text is empty") or ""
    mode = (params.text("parse_mode") or "").lower()
    if mode == "html":
        try:
            text, entities = parse_html(raw)
        except EntityParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    elif mode in {"markdown", "markdownv2"}:
        raise bad_request(f"the fake Telegram implements parse_mode HTML only, not {mode}")
    elif mode:
        raise bad_request(f"unsupported parse_mode {mode}")
    else:
        text, entities = raw, list(params.structured(entities_field) or [])
    text, entities = trim(text, entities)
    if not text and not is_caption:
        raise bad_request("message text is empty")
    if len(text) > limit:
        raise bad_request("message caption is too long" if is_caption else "message is too long")
    return text, entities


def _check_can_send(state: TelegramState, chat: Chat, *, counts_as_message: bool) -> None:
    if chat.blocked_bot:
        raise forbidden("bot was blocked by the user")
    if chat.is_group and not chat.bot_is_member:
        kind = "supergroup" if chat.type == "supergroup" else "group"
        raise forbidden(f"bot is not a member of the {kind} chat")
    if counts_as_message and (retry_after := state.take_send_budget(chat)) is not None:
        raise too_many_requests(retry_after)


def _new_bot_message(state: TelegramState, chat: Chat, content: dict[str, Any]) -> dict[str, Any]:
    payload = {
        "message_id": state.next_message_id(chat.id),
        "from": state.bot_user(),
        "chat": chat.as_json(),
        "date": state.now(),
        **content,
    }
    state.store_message(chat.id, payload, from_bot=True)
    return payload


def _message_to_edit(state: TelegramState, params: Params) -> StoredMessage:
    if params.has("inline_message_id"):
        raise bad_request("the fake Telegram does not support inline messages")
    chat = state.chat(params.chat_id())
    message_id = params.integer("message_id", missing="message identifier is not specified")
    stored = state.messages.get((chat.id, message_id or 0))
    if stored is None:
        raise bad_request("message to edit not found")
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    _check_can_send(state, chat, counts_as_message=False)
    return stored


def _edit(state: TelegramState, stored: StoredMessage, content: dict[str, Any]) -> dict[str, Any]:
    current = {key: value for key, value in stored.payload.items() if key in _CONTENT_KEYS}
    if current == content:
        raise bad_request(_NOT_MODIFIED)
    kept = {key: value for key, value in stored.payload.items() if key not in _CONTENT_KEYS}
    stored.payload = kept | content | {"edit_date": state.now()}
    return stored.payload


def _send_file(state: TelegramState, params: Params, kind: str) -> dict[str, Any]:
    chat = state.chat(params.chat_id())
    source = params.input_file(kind)
    if source is None:
        raise bad_request(f"there is no {kind} in the request")
    caption, entities = _formatted(params, "caption", "caption_entities", limit=MAX_CAPTION)
    markup = parse_reply_markup(params.structured("reply_markup"))
    stored = _stored_file(state, source, kind)
    _check_can_send(state, chat, counts_as_message=True)
    content = _content("caption", caption, entities, markup)
    if kind == "photo":
        width, height = _png_size(stored.content)
        content["photo"] = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": width,
                "height": height,
                "file_size": stored.size,
            }
        ]
    else:
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_size": stored.size,
        }
        content["document"] = {key: value for key, value in document.items() if value is not None}
    message = _new_bot_message(state, chat, content)
    uploaded = isinstance(source, Upload)
    state.sent_files.append(
        SentFile(
            chat_id=chat.id,
            message_id=message["message_id"],
            kind=kind,
            file_name=stored.file_name,
            mime_type=stored.mime_type,
            content=stored.content if uploaded else None,
            caption=caption or None,
            file_id=stored.file_id,
        )
    )
    return message


def _stored_file(state: TelegramState, source: Upload | str, kind: str) -> StoredFile:
    folder = "photos" if kind == "photo" else "documents"
    if isinstance(source, Upload):
        if len(source.content) > MAX_UPLOAD_BYTES:
            raise BotApiError(413, "Request Entity Too Large")
        name = source.filename or kind
        extension = PurePosixPath(name).suffix.lstrip(".") or ("jpg" if kind == "photo" else "bin")
        mime = mimetypes.guess_type(name)[0] or source.content_type or "application/octet-stream"
        return state.add_file(
            source.content,
            folder=folder,
            extension=extension,
            mime_type=mime,
            file_name=None if kind == "photo" else name,
        )
    if source in state.files:
        return state.files[source]
    if source.startswith(("http://", "https://")):
        # Telegram would download the URL; the fake records it without fetching anything.
        name = PurePosixPath(source.split("?", 1)[0]).name or kind
        extension = PurePosixPath(name).suffix.lstrip(".") or "bin"
        return state.add_file(
            b"", folder=folder, extension=extension, mime_type=mimetypes.guess_type(name)[0]
        )
    raise bad_request("wrong file identifier/HTTP URL specified")


def _png_size(content: bytes) -> tuple[int, int]:
    """Width and height from a PNG header; 0 x 0 for anything else (the fake decodes no images)."""
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    return 0, 0

"""What a chat use case answers: text in the user's language, and buttons for the bot to attach."""

from __future__ import annotations

import enum

import msgspec

from application.ports.assistant import Intent
from domain.ids import EntryId, UserId
from domain.users import Language


class ButtonAction(enum.Enum):
    UNDO = "undo"
    EDIT_GRAMS = "edit_grams"


class ReplyButton(msgspec.Struct, frozen=True, kw_only=True):
    """A button acting on one entry of the user; the bot binds it to the user (signs it)."""

    label: str
    action: ButtonAction
    entry_id: EntryId


class ChatReply(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    language: Language
    text: str
    intent: Intent
    buttons: tuple[ReplyButton, ...] = ()
    entry_id: EntryId | None = None
    new_user: bool = False
    # The message was handled before (a replayed update): the effect is not repeated.
    duplicate: bool = False

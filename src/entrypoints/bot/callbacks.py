"""What the bot's buttons carry, and the signature that binds a button to the user it was made
for: a button pressed by anyone else (or forged by a modified client) does nothing.

Use cases check ownership again (an entry is looked up within the presser's own data), so the
signature is the first of two locks, not the only one.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac

from aiogram.filters.callback_data import CallbackData


class EntryAction(enum.Enum):
    UNDO = "u"
    EDIT_GRAMS = "g"
    PICK_ITEM = "i"  # which food of a meal to re-weigh


class EntryButton(CallbackData, prefix="e"):
    action: EntryAction
    entry: int
    item: int
    sig: str


class DeleteButton(CallbackData, prefix="d"):
    confirmed: bool
    sig: str


class SettingsButton(CallbackData, prefix="s"):
    """Settings act on the presser's own account, so they need no signature."""

    menu: str
    value: str = ""


class DisconnectButton(CallbackData, prefix="x"):
    provider: str


class CallbackSigner:
    """HMAC-SHA256 over the Telegram user id and the button's meaning, cut to 96 bits (the
    64-byte callback limit is tight; 96 bits cannot be guessed within a flood limit)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, telegram_user_id: int, *meaning: object) -> str:
        message = ":".join(str(part) for part in (telegram_user_id, *meaning)).encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()[:12]
        return base64.urlsafe_b64encode(digest).decode()

    def verify(self, signature: str, telegram_user_id: int, *meaning: object) -> bool:
        expected = self.sign(telegram_user_id, *meaning)
        return hmac.compare_digest(signature.encode(), expected.encode())

    def entry_button(
        self, telegram_user_id: int, action: EntryAction, entry_id: int, item: int = 0
    ) -> EntryButton:
        sig = self.sign(telegram_user_id, action.value, entry_id, item)
        return EntryButton(action=action, entry=entry_id, item=item, sig=sig)

    def verify_entry(self, button: EntryButton, telegram_user_id: int) -> bool:
        meaning = (button.action.value, button.entry, button.item)
        return self.verify(button.sig, telegram_user_id, *meaning)

    def delete_button(self, telegram_user_id: int, *, confirmed: bool) -> DeleteButton:
        sig = self.sign(telegram_user_id, "delete", int(confirmed))
        return DeleteButton(confirmed=confirmed, sig=sig)

    def verify_delete(self, button: DeleteButton, telegram_user_id: int) -> bool:
        return self.verify(button.sig, telegram_user_id, "delete", int(button.confirmed))

"""Updates as Telegram sends them to a webhook, with unique update_ids.

Each builder also teaches the fake what the user did: the chat becomes known (so the bot may answer
it), the message takes the next message_id of that chat, a voice note becomes a file `getFile`
serves, and a callback query waits for `answerCallbackQuery`.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from typing import Any

from tests.fakes.telegram.formatting import utf16_length
from tests.fakes.telegram.state import Chat, StoredFile, TelegramState

# A real Ogg page header, so code that sniffs the format sees an Ogg stream.
SAMPLE_VOICE = b"OggS\x00\x02" + bytes(22) + b"\x01\x13OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00"


@dataclass(frozen=True)
class TelegramUser:
    id: int
    first_name: str
    language_code: str | None = "en"
    last_name: str | None = None
    username: str | None = None

    def as_json(self) -> dict[str, Any]:
        fields = {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "username": self.username,
            "language_code": self.language_code,
        }
        return {key: value for key, value in fields.items() if value is not None}

    def private_chat(self) -> Chat:
        return Chat(
            id=self.id,
            type="private",
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
        )


class UpdateBuilder:
    def __init__(self, state: TelegramState) -> None:
        self._state = state
        self._user_ids = itertools.count(500_000_001)
        self._group_ids = itertools.count(4_000_000_001)
        self._callback_ids = itertools.count(1)
        self._default_user: TelegramUser | None = None

    def user(
        self,
        first_name: str = "Olena",
        *,
        language_code: str | None = "en",
        last_name: str | None = None,
        username: str | None = None,
    ) -> TelegramUser:
        """A new user with a unique id whose private chat with the bot exists."""
        user = TelegramUser(next(self._user_ids), first_name, language_code, last_name, username)
        with self._state.lock:
            self._state.add_chat(user.private_chat())
        return user

    def group(self, title: str = "Family dinner") -> Chat:
        """A new basic group (negative id) with the bot in it."""
        with self._state.lock:
            return self._state.add_chat(Chat(id=-next(self._group_ids), type="group", title=title))

    @property
    def default_user(self) -> TelegramUser:
        if self._default_user is None:
            self._default_user = self.user()
        return self._default_user

    def text(self, text: str, *, user: TelegramUser | None = None) -> dict[str, Any]:
        """A private text message; a leading "/command" gets its bot_command entity."""
        return self._update("message", self._user_message(user, _text_content(text)))

    def voice(
        self,
        content: bytes = SAMPLE_VOICE,
        *,
        duration: int = 2,
        size: int | None = None,
        user: TelegramUser | None = None,
    ) -> dict[str, Any]:
        """A voice note (Ogg/Opus, served by getFile as voice/file_N.oga). `size` may claim more
        than `content` holds, to test the 20 MB limit without allocating it."""
        stored = self.add_voice(content, size=size)
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": stored.size,
        }
        return self._update("message", self._user_message(user, {"voice": voice}))

    def add_voice(self, content: bytes = SAMPLE_VOICE, *, size: int | None = None) -> StoredFile:
        with self._state.lock:
            return self._state.add_file(
                content, folder="voice", extension="oga", size=size, mime_type="audio/ogg"
            )

    def document(
        self,
        content: bytes,
        *,
        file_name: str = "notes.txt",
        mime_type: str = "text/plain",
        user: TelegramUser | None = None,
    ) -> dict[str, Any]:
        with self._state.lock:
            stored = self._state.add_file(
                content,
                folder="documents",
                extension=file_name.rsplit(".", 1)[-1],
                mime_type=mime_type,
                file_name=file_name,
            )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": stored.size,
        }
        return self._update("message", self._user_message(user, {"document": document}))

    def sticker(self, emoji: str = "👍", *, user: TelegramUser | None = None) -> dict[str, Any]:
        with self._state.lock:
            stored = self._state.add_file(
                b"RIFF\x00\x00\x00\x00WEBP", folder="stickers", extension="webp"
            )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "FakeStickers",
            "file_size": stored.size,
        }
        return self._update("message", self._user_message(user, {"sticker": sticker}))

    def location(
        self, latitude: float, longitude: float, *, user: TelegramUser | None = None
    ) -> dict[str, Any]:
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._update("message", self._user_message(user, content))

    def edited_text(
        self, text: str, *, message_id: int | None = None, user: TelegramUser | None = None
    ) -> dict[str, Any]:
        """An edit of the user's earlier message (`message_id`, or a new one standing for it)."""
        user = user or self.default_user
        with self._state.lock:
            chat = self._state.add_chat(user.private_chat())
            number = message_id or self._state.next_message_id(chat.id)
            now = self._state.now()
            message = {
                "message_id": number,
                "from": user.as_json(),
                "chat": chat.as_json(),
                "date": now - 60,
                "edit_date": now,
                **_text_content(text),
            }
            self._state.store_message(chat.id, message, from_bot=False)
        return self._update("edited_message", message)

    def group_text(
        self, text: str, *, group: Chat | None = None, user: TelegramUser | None = None
    ) -> dict[str, Any]:
        group = group or self.group()
        user = user or self.default_user
        with self._state.lock:
            message = self._store_user_message(group, user, _text_content(text))
        return self._update("message", message)

    def callback(
        self, data: str, *, message: dict[str, Any] | int, user: TelegramUser | None = None
    ) -> dict[str, Any]:
        """The user pressing a button with `data` under a message the bot sent (its JSON as
        returned by `sent_messages`, or its message_id in the user's chat)."""
        user = user or self.default_user
        with self._state.lock:
            if isinstance(message, int):
                chat_id = user.id
                message_id = message
            else:
                chat_id, message_id = message["chat"]["id"], message["message_id"]
            stored = self._state.messages[(chat_id, message_id)]
            query_id = str(4_300_000_000_000_000_000 + next(self._callback_ids))
            self._state.pending_callback_queries.add(query_id)
            query = {
                "id": query_id,
                "from": user.as_json(),
                "message": copy.deepcopy(stored.payload),
                "chat_instance": str(-(7_000_000_000_000_000_000 + abs(chat_id))),
                "data": data,
            }
        return self._update("callback_query", query)

    def _user_message(self, user: TelegramUser | None, content: dict[str, Any]) -> dict[str, Any]:
        user = user or self.default_user
        with self._state.lock:
            chat = self._state.add_chat(user.private_chat())
            return self._store_user_message(chat, user, content)

    def _store_user_message(
        self, chat: Chat, user: TelegramUser, content: dict[str, Any]
    ) -> dict[str, Any]:
        message = {
            "message_id": self._state.next_message_id(chat.id),
            "from": user.as_json(),
            "chat": chat.as_json(),
            "date": self._state.now(),
            **content,
        }
        self._state.store_message(chat.id, message, from_bot=False)
        return message

    def _update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        with self._state.lock:
            return {"update_id": self._state.next_update_id(), kind: copy.deepcopy(payload)}


def _text_content(text: str) -> dict[str, Any]:
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [
            {"type": "bot_command", "offset": 0, "length": utf16_length(command)}
        ]
    return content

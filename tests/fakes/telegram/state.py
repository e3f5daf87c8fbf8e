"""Everything the fake Telegram remembers: chats, messages (with the ids it assigned), files,
pending callback queries, webhook, commands, the calls it got and the failures a test asked for.

One lock guards it all: the server thread answers calls while the test thread reads and scripts.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.telegram.errors import BotApiError, bad_request
from tests.fakes.telegram.limits import RateLimits, SendLimiter

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile: "bots can download files of up to 20MB in size"


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    bot_is_member: bool = True
    blocked_bot: bool = False

    def as_json(self) -> dict[str, Any]:
        fields = {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "username": self.username,
        }
        return {key: value for key, value in fields.items() if value is not None}

    @property
    def is_group(self) -> bool:
        return self.type in {"group", "supergroup"}


@dataclass(frozen=True)
class Upload:
    """A file that arrived as a multipart part."""

    field: str
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    folder: str  # voice | documents | photos | stickers ...
    extension: str
    content: bytes
    size: int
    mime_type: str | None = None
    file_name: str | None = None
    file_path: str | None = None  # assigned by the first getFile, as Telegram does


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    payload: dict[str, Any]
    from_bot: bool


@dataclass(frozen=True)
class SentFile:
    """A document or photo the bot sent, with the bytes it uploaded (None when sent by file_id
    or URL)."""

    chat_id: int
    message_id: int
    kind: str  # document | photo
    file_name: str | None
    mime_type: str | None
    content: bytes | None
    caption: str | None
    file_id: str


@dataclass(frozen=True)
class Call:
    """One request to the Bot API, as received: values are strings for query/form calls and JSON
    values for JSON calls; uploaded parts are in `uploads`."""

    method: str
    params: dict[str, Any]
    uploads: dict[str, Upload]
    at: float
    status: int
    response: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Webhook:
    url: str = ""
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    max_connections: int = 40
    ip_address: str | None = None
    has_custom_certificate: bool = False


@dataclass
class ForcedFailure:
    remaining: int
    error: Callable[[], BotApiError]
    methods: frozenset[str] | None  # lower-case names; None means every method


@dataclass
class TelegramState:
    token: str
    bot_username: str
    limits: RateLimits
    clock: Callable[[], float]  # for the rate limits
    wall_clock: Callable[[], float]  # for message dates
    strict_webhook_urls: bool = True  # HTTPS on ports 443, 80, 88, 8443 only, like Telegram
    lock: threading.RLock = field(default_factory=threading.RLock)
    chats: dict[int, Chat] = field(default_factory=dict)
    messages: dict[tuple[int, int], StoredMessage] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    pending_callback_queries: set[str] = field(default_factory=set)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    sent_files: list[SentFile] = field(default_factory=list)
    chat_actions: list[tuple[int, str]] = field(default_factory=list)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    webhook: Webhook = field(default_factory=Webhook)
    calls: list[Call] = field(default_factory=list)
    forced_failures: list[ForcedFailure] = field(default_factory=list)
    _last_message_id: dict[int, int] = field(default_factory=dict)
    _update_ids: Iterator[int] = field(default_factory=lambda: itertools.count(700_000_001))
    _file_numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _path_numbers: Iterator[int] = field(default_factory=itertools.count)
    _limiter: SendLimiter | None = None

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Health Tracker (fake)",
            "username": self.bot_username,
        }

    def now(self) -> int:
        return int(self.wall_clock())

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def next_message_id(self, chat_id: int) -> int:
        # Message ids count per chat in private chats and basic groups.
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def chat(self, chat_id: Any) -> Chat:
        """The chat a call names, or "chat not found" as Telegram answers for chats the bot never
        met. A "@username" works for chats that have one."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            found = next((c for c in self.chats.values() if c.username == chat_id[1:]), None)
            if found is not None:
                return found
            raise bad_request("chat not found")
        try:
            number = int(chat_id)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        if number not in self.chats:
            raise bad_request("chat not found")
        return self.chats[number]

    def add_chat(self, chat: Chat) -> Chat:
        return self.chats.setdefault(chat.id, chat)

    def store_message(self, chat_id: int, payload: dict[str, Any], *, from_bot: bool) -> None:
        self.messages[(chat_id, payload["message_id"])] = StoredMessage(
            chat_id, payload["message_id"], payload, from_bot
        )

    def add_file(
        self,
        content: bytes,
        *,
        folder: str,
        extension: str,
        size: int | None = None,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> StoredFile:
        number = next(self._file_numbers)
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAIB{number:08d}",
            file_unique_id=f"AgAD{number:06d}",
            folder=folder,
            extension=extension,
            content=content,
            size=len(content) if size is None else size,
            mime_type=mime_type,
            file_name=file_name,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_path_for(self, stored: StoredFile) -> str:
        if stored.file_path is None:
            stored.file_path = f"{stored.folder}/file_{next(self._path_numbers)}.{stored.extension}"
        return stored.file_path

    def take_send_budget(self, chat: Chat) -> int | None:
        if self._limiter is None:
            self._limiter = SendLimiter(self.limits, self.clock)
        return self._limiter.take(chat.id, is_group=chat.is_group)

    def take_forced_failure(self, method: str) -> BotApiError | None:
        for failure in self.forced_failures:
            if failure.remaining > 0 and (
                failure.methods is None or method.lower() in failure.methods
            ):
                failure.remaining -= 1
                return failure.error()
        return None

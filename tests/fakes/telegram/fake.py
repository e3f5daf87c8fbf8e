"""FakeTelegram: the control API tests use, and `running_telegram()` to serve it over HTTP."""

from __future__ import annotations

import contextlib
import copy
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

import httpx
from litestar import Litestar

from tests.fakes.telegram.app import create_app
from tests.fakes.telegram.errors import BotApiError, too_many_requests
from tests.fakes.telegram.limits import RateLimits
from tests.fakes.telegram.methods_bot import scope_key
from tests.fakes.telegram.state import (
    Call,
    Chat,
    ForcedFailure,
    SentFile,
    StoredFile,
    TelegramState,
    Webhook,
)
from tests.fakes.telegram.updates import SAMPLE_VOICE, UpdateBuilder
from tests.support.http import serve_in_thread

DEFAULT_TOKEN = "123456789:AAHfakeTokenForTests_health-tracker01"
# Telegram leaves these out of webhooks unless allowed_updates names them.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class FakeTelegram:
    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "health_tracker_test_bot",
        rate_limits: RateLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        strict_webhook_urls: bool = True,
    ) -> None:
        self._options: dict[str, Any] = {
            "token": token,
            "bot_username": bot_username,
            "limits": rate_limits or RateLimits(),
            "clock": clock,
            "wall_clock": wall_clock,
            "strict_webhook_urls": strict_webhook_urls,
        }
        self._state = TelegramState(**self._options)
        self.updates = UpdateBuilder(self._state)
        # Set by running_telegram(); what aiogram's TelegramAPIServer.from_base takes.
        self.base_url = ""

    def reset(
        self,
        *,
        rate_limits: RateLimits | None = None,
        clock: Callable[[], float] | None = None,
        wall_clock: Callable[[], float] | None = None,
        strict_webhook_urls: bool | None = None,
    ) -> None:
        """Forget everything (chats, messages, files, calls, scripted failures), keeping the
        token and the server: one server can serve many tests. Options given replace those of
        the constructor for the fresh state."""
        changes = {
            "limits": rate_limits,
            "clock": clock,
            "wall_clock": wall_clock,
            "strict_webhook_urls": strict_webhook_urls,
        }
        options = self._options | {k: v for k, v in changes.items() if v is not None}
        self._state = TelegramState(**options)
        self.updates = UpdateBuilder(self._state)

    @property
    def token(self) -> str:
        return self._state.token

    @property
    def bot_id(self) -> int:
        return self._state.bot_id

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/bot{self.token}"

    def app(self) -> Litestar:
        return create_app(lambda: self._state)

    # -- what the bot did -------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """Every call received (refused ones too), oldest first; `method` is case-insensitive."""
        with self._state.lock:
            return [
                c for c in self._state.calls if method is None or c.method.lower() == method.lower()
            ]

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent, as Message JSON in their current state (after edits)."""
        with self._state.lock:
            return [
                copy.deepcopy(m.payload)
                for m in self._state.messages.values()
                if m.from_bot and (chat_id is None or m.chat_id == chat_id)
            ]

    def last_message(self, chat_id: int) -> dict[str, Any]:
        sent = self.sent_messages(chat_id)
        if not sent:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return sent[-1]

    def sent_files(self, chat_id: int | None = None, kind: str | None = None) -> list[SentFile]:
        with self._state.lock:
            return [
                f
                for f in self._state.sent_files
                if (chat_id is None or f.chat_id == chat_id) and (kind is None or f.kind == kind)
            ]

    def documents(self, chat_id: int | None = None) -> list[SentFile]:
        return self.sent_files(chat_id, "document")

    def photos(self, chat_id: int | None = None) -> list[SentFile]:
        return self.sent_files(chat_id, "photo")

    def chat_actions(self, chat_id: int | None = None) -> list[str]:
        with self._state.lock:
            return [a for c, a in self._state.chat_actions if chat_id is None or c == chat_id]

    def callback_answers(self) -> list[dict[str, Any]]:
        with self._state.lock:
            return list(self._state.callback_answers)

    def commands(
        self, language_code: str = "", scope: dict[str, Any] | None = None
    ) -> list[dict[str, str]] | None:
        """The commands set for this scope and language, or None if setMyCommands never set them."""
        with self._state.lock:
            found = self._state.commands.get((scope_key(scope), language_code))
            return None if found is None else list(found)

    @property
    def webhook(self) -> Webhook:
        with self._state.lock:
            return replace(self._state.webhook)

    def chat(self, chat_id: int) -> Chat:
        with self._state.lock:
            return replace(self._state.chats[chat_id])

    # -- scripting what Telegram does -----------------------------------------------------

    def add_voice(self, content: bytes = SAMPLE_VOICE, *, size: int | None = None) -> StoredFile:
        """A voice note getFile will serve; `size` may claim more bytes than `content` has."""
        return self.updates.add_voice(content, size=size)

    def add_file(
        self,
        content: bytes,
        *,
        folder: str = "documents",
        extension: str = "bin",
        size: int | None = None,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> StoredFile:
        with self._state.lock:
            return self._state.add_file(
                content,
                folder=folder,
                extension=extension,
                size=size,
                mime_type=mime_type,
                file_name=file_name,
            )

    def throttle_next(
        self, count: int = 1, *, retry_after: int = 1, methods: Iterable[str] | None = None
    ) -> None:
        """The next `count` calls (of `methods`, or any) get 429 with parameters.retry_after."""
        self._force(count, lambda: too_many_requests(retry_after), methods)

    def fail_next(
        self,
        count: int = 1,
        *,
        error_code: int = 500,
        description: str = "Internal Server Error",
        methods: Iterable[str] | None = None,
    ) -> None:
        self._force(count, lambda: BotApiError(error_code, description), methods)

    def _force(
        self, count: int, error: Callable[[], BotApiError], methods: Iterable[str] | None
    ) -> None:
        names = None if methods is None else frozenset(m.lower() for m in methods)
        with self._state.lock:
            self._state.forced_failures.append(ForcedFailure(count, error, names))

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: sending to them is 403 "bot was blocked by the user"."""
        self._set_blocked(chat_id, blocked=True)

    def unblock(self, chat_id: int) -> None:
        self._set_blocked(chat_id, blocked=False)

    def _set_blocked(self, chat_id: int, *, blocked: bool) -> None:
        with self._state.lock:
            self._state.chats[chat_id].blocked_bot = blocked

    # -- Telegram calling the bot ----------------------------------------------------------

    async def deliver(
        self, update: dict[str, Any], *, url: str | None = None
    ) -> httpx.Response | None:
        """POST `update` to the webhook set with setWebhook (with its secret token header), or to
        `url`. None when the webhook's allowed_updates exclude this kind, as Telegram would."""
        webhook = self.webhook
        target = url or webhook.url
        if not target:
            raise RuntimeError("no webhook is set: call setWebhook first or pass url=")
        kind = next(key for key in update if key != "update_id")
        allowed = webhook.allowed_updates
        if url is None and (kind not in allowed if allowed else kind in _OPT_IN_UPDATES):
            return None
        headers = {}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        async with httpx.AsyncClient(timeout=10.0) as client:
            return await client.post(target, json=update, headers=headers)


@contextlib.contextmanager
def running_telegram(token: str = DEFAULT_TOKEN, **options: Any) -> Iterator[FakeTelegram]:
    """A FakeTelegram served over real HTTP from its own thread: `tg.base_url` is the server root
    (aiogram: `TelegramAPIServer.from_base(tg.base_url)`; TELEGRAM_API_BASE_URL)."""
    fake = FakeTelegram(token, **options)
    with serve_in_thread(fake.app()) as base_url:
        fake.base_url = base_url
        yield fake

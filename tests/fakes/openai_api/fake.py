"""FakeOpenAI: scripted replies, injected failures and a record of every request; `running_openai()`
serves it over HTTP for the `openai` SDK (base_url) and anything else."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from litestar import Litestar

from tests.fakes.openai_api.app import CHAT, TRANSCRIPTIONS, create_app
from tests.fakes.openai_api.audio import (
    Transcriber,
    Transcript,
    TranscriptBook,
    TranscriptionRequest,
)
from tests.fakes.openai_api.chat import ChatReply, Reply, Responder, as_reply, default_reply
from tests.fakes.openai_api.errors import ApiError, rate_limited
from tests.fakes.openai_api.records import RecordedRequest
from tests.support.http import serve_in_thread


@dataclass
class _Injection:
    remaining: int
    endpoint: str | None
    error: ApiError | None = None
    delay: float = 0.0


class FakeOpenAI:
    def __init__(
        self,
        *,
        api_key: str | None = None,
        known_models: frozenset[str] | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        """`api_key` None accepts any Bearer key; `known_models` None accepts any model name."""
        self.api_key = api_key
        self.known_models = known_models
        self._initial = (api_key, known_models)
        self.now = now
        self.root_url = ""  # set by running_openai()
        self._lock = threading.RLock()
        self._closing = threading.Event()
        self._replies: deque[Reply] = deque()
        self._responder: Responder | None = None
        self._transcripts = TranscriptBook()
        self._injections: list[_Injection] = []
        self._requests: list[RecordedRequest] = []
        self._numbers = itertools.count(1)

    def reset(self) -> None:
        """Forget scripted replies, transcripts, failures and recorded requests and restore the
        constructor's api_key and known_models, keeping the server: one server, many tests."""
        with self._lock:
            self.api_key, self.known_models = self._initial
            self._replies.clear()
            self._responder = None
            self._transcripts = TranscriptBook()
            self._injections.clear()
            self._requests.clear()

    @property
    def base_url(self) -> str:
        """What OPENAI_BASE_URL / OpenAI(base_url=...) takes: the server root plus /v1."""
        return f"{self.root_url}/v1"

    def app(self) -> Litestar:
        return create_app(self)

    # -- scripting the model ---------------------------------------------------------------

    def reply_with(self, *replies: Reply) -> None:
        """Queue chat replies, used one per choice before any responder: a str is the content, a
        dict/list its JSON text; ChatReply, refusal(), ToolCall/tool_calls(), or an ApiError."""
        with self._lock:
            self._replies.extend(replies)

    def respond_with(self, responder: Responder | None) -> None:
        """Decide each reply from the request JSON once the queue is empty (None: the default,
        a minimal valid instance of the json_schema)."""
        with self._lock:
            self._responder = responder

    def add_transcript(
        self, audio: bytes, text: str, *, language: str | None = None, duration: float = 1.0
    ) -> None:
        with self._lock:
            self._transcripts.by_audio[audio] = Transcript(text, language, duration)

    def transcribe_with(self, transcriber: Transcriber | None) -> None:
        """Decide transcripts of audio not given to add_transcript (str, Transcript, ApiError)."""
        with self._lock:
            self._transcripts.transcriber = transcriber

    def set_default_transcript(self, text: str, *, duration: float = 1.0) -> None:
        with self._lock:
            self._transcripts.default = Transcript(text, duration=duration)

    # -- scripting failures ------------------------------------------------------------------

    def fail_next(
        self, count: int = 1, error: ApiError | None = None, *, endpoint: str | None = None
    ) -> None:
        """The next `count` requests (to `endpoint`, or any) get `error` (default: 429 with
        Retry-After: 1). See errors.rate_limited / insufficient_quota / server_error."""
        with self._lock:
            self._injections.append(_Injection(count, endpoint, error=error or rate_limited()))

    def delay_next(
        self, count: int = 1, seconds: float = 5.0, *, endpoint: str | None = None
    ) -> None:
        """The next `count` requests answer only after `seconds` (for client timeouts)."""
        with self._lock:
            self._injections.append(_Injection(count, endpoint, delay=seconds))

    # -- what was sent -----------------------------------------------------------------------

    def requests(self, endpoint: str | None = None) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self._requests if endpoint is None or r.endpoint == endpoint]

    def chat_requests(self) -> list[dict[str, Any]]:
        """The JSON bodies of the chat completion requests, oldest first."""
        return [r.json for r in self.requests(CHAT)]

    def last_chat_request(self) -> dict[str, Any]:
        sent = self.chat_requests()
        if not sent:
            raise AssertionError("no chat completion request was made")
        return sent[-1]

    def transcription_requests(self) -> list[RecordedRequest]:
        return self.requests(TRANSCRIPTIONS)

    # -- used by the app -----------------------------------------------------------------------

    def record(self, request: RecordedRequest) -> RecordedRequest:
        with self._lock:
            request.at = self.now()
            self._requests.append(request)
        return request

    def next_number(self) -> int:
        with self._lock:
            return next(self._numbers)

    def take_injection(self, endpoint: str) -> tuple[ApiError | None, float]:
        with self._lock:
            for injection in self._injections:
                if injection.remaining > 0 and injection.endpoint in (None, endpoint):
                    injection.remaining -= 1
                    return injection.error, injection.delay
        return None, 0.0

    def next_reply(self, request: dict[str, Any]) -> ChatReply:
        with self._lock:
            scripted = self._replies.popleft() if self._replies else None
            responder = self._responder
        if scripted is not None:
            return as_reply(scripted)
        if responder is not None:
            return as_reply(responder(request))
        return default_reply(request)

    def transcribe(self, request: TranscriptionRequest) -> Transcript:
        with self._lock:
            book = TranscriptBook(
                dict(self._transcripts.by_audio),
                self._transcripts.transcriber,
                self._transcripts.default,
            )
        return book.transcribe(request)

    @property
    def closing(self) -> threading.Event:
        """Set when the server stops, so delayed answers stop waiting."""
        return self._closing


@contextlib.contextmanager
def running_openai(**options: Any) -> Iterator[FakeOpenAI]:
    """A FakeOpenAI served over real HTTP from its own thread; `oa.base_url` ends in /v1."""
    fake = FakeOpenAI(**options)
    with serve_in_thread(fake.app()) as root_url:
        fake.root_url = root_url
        try:
            yield fake
        finally:
            fake.closing.set()

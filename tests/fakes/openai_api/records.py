"""What the fake OpenAI keeps of each request, for tests to assert what context was sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RecordedUpload:
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass
class RecordedRequest:
    """One request as received: headers without Authorization, the JSON body or the multipart
    text fields and file, and the status the fake answered with."""

    endpoint: str  # "chat/completions", "audio/transcriptions", "models", ...
    method: str
    headers: dict[str, str]
    json: Any = None
    fields: dict[str, Any] = field(default_factory=dict)
    file: RecordedUpload | None = None
    status: int = 0
    at: float = 0.0

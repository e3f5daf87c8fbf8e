from __future__ import annotations

from typing import Protocol

from domain.users import Language


class SpeechToText(Protocol):
    async def transcribe(self, audio: bytes, *, filename: str, language: Language) -> str:
        """The words spoken in `audio` (Ogg/Opus voice notes at least); may be empty for
        silence. Raises `TranscriptionError` for audio it cannot read or that is too large,
        and `ServiceUnavailableError` when the service cannot be reached."""
        ...

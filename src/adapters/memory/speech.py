from __future__ import annotations

from application.errors import TranscriptionError
from domain.users import Language


class ScriptedSpeechToText:
    """Knows what each audio clip "says" (set by the test); anything else is unreadable."""

    def __init__(self, transcripts: dict[bytes, str] | None = None) -> None:
        self.transcripts = dict(transcripts or {})
        self.heard: list[tuple[str, Language]] = []

    async def transcribe(self, audio: bytes, *, filename: str, language: Language) -> str:
        self.heard.append((filename, language))
        if audio not in self.transcripts:
            raise TranscriptionError("unreadable audio")
        return self.transcripts[audio]

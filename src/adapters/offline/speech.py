"""Speech to text with no speech model: every voice note is politely refused."""

from __future__ import annotations

from application.errors import TranscriptionError
from domain.users import Language


class NoSpeechToText:
    """`SpeechToText` for a process without OPENAI_API_KEY: voice needs a model, so each clip
    raises `TranscriptionError` and the user is asked to type instead."""

    async def transcribe(self, audio: bytes, *, filename: str, language: Language) -> str:
        del audio, filename, language
        raise TranscriptionError("no speech-to-text service is configured")

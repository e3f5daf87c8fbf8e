"""`SpeechToText` on OpenAI's transcriptions endpoint (whisper-1 unless configured otherwise).

Telegram voice notes are Ogg/Opus named `*.oga`; newer models refuse that name, so Ogg audio is
always uploaded as `voice.ogg` with `audio/ogg` (the same bytes). The prompt lists common food
words in the user's language and English, which steers the spelling of "гречка" and "кефір".
Audio over 25 MiB, empty audio and audio OpenAI cannot read raise `TranscriptionError`; an
unreachable OpenAI raises `ServiceUnavailableError`.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import openai

from adapters.openai.client import GiveUpError, OpenAIOptions, Retrying
from application.errors import ServiceUnavailableError, TranscriptionError
from domain.users import Language

# OpenAI's limit for one transcription upload.
MAX_AUDIO_BYTES = 25 * 1024 * 1024
OGG_UPLOAD = ("voice.ogg", "audio/ogg")
_UPLOADS = {
    "mp3": ("voice.mp3", "audio/mpeg"),
    "m4a": ("voice.m4a", "audio/mp4"),
    "mp4": ("voice.mp4", "audio/mp4"),
    "wav": ("voice.wav", "audio/wav"),
    "webm": ("voice.webm", "audio/webm"),
    "flac": ("voice.flac", "audio/flac"),
}
FOOD_WORDS = {
    Language.UK: (
        "Я з'їв гречку, курячу грудку, два яйця, банан, яблуко, вівсянку, сир, кефір, "
        "сметану, борщ, вареники, хліб з маслом, 200 грамів, склянку молока, ложку меду."
    ),
    Language.EN: (
        "I had two eggs, a banana, an apple, oatmeal, buckwheat, chicken breast, rice, "
        "cottage cheese, yogurt, a slice of bread with butter, 200 grams, a cup of milk."
    ),
}


class OpenAISpeechToText:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        options: OpenAIOptions,
        *,
        retrying: Retrying | None = None,
    ) -> None:
        self._client = client
        self._options = options
        self._retrying = retrying or Retrying(options)

    async def transcribe(self, audio: bytes, *, filename: str, language: Language) -> str:
        if not audio:
            raise TranscriptionError("the audio is empty")
        if len(audio) > MAX_AUDIO_BYTES:
            raise TranscriptionError(f"the audio is over {MAX_AUDIO_BYTES} bytes")
        name, content_type = upload_name(filename)

        async def request() -> Any:
            return await self._client.audio.transcriptions.create(
                model=self._options.transcription_model,
                file=(name, audio, content_type),
                language=language.value,
                prompt=FOOD_WORDS[language],
                response_format="json",
            )

        try:
            transcript = await self._retrying.call("transcription", request)
        except GiveUpError as error:
            if error.error.status_code in {400, 413, 415}:
                raise TranscriptionError("OpenAI could not read the audio") from None
            raise ServiceUnavailableError(
                f"OpenAI refused the transcription request ({error.error.status_code})"
            ) from None
        return str(transcript.text).strip()


def upload_name(filename: str) -> tuple[str, str]:
    """The file name and content type to upload audio as: Ogg (and anything unknown) as
    `voice.ogg`, other formats OpenAI reads under their own extension."""
    extension = PurePosixPath(filename).suffix.lstrip(".").lower()
    return _UPLOADS.get(extension, OGG_UPLOAD)

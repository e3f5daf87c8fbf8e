"""POST /v1/audio/transcriptions: the upload checks OpenAI makes (formats per model, 25 MiB,
response formats) and the transcription objects it answers with."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from tests.fakes.openai_api.errors import ApiError, invalid_request, missing_parameter

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # "the maximum request size is 25 MiB"
WHISPER_FORMATS = ("flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm")
# gpt-4o-*-transcribe refuse the .oga name Telegram gives voice notes, though the bytes are Ogg.
GPT_4O_FORMATS = frozenset(WHISPER_FORMATS) - {"oga"}
RESPONSE_FORMATS = ("json", "text", "srt", "verbose_json", "vtt", "diarized_json")
_LANGUAGE_NAMES = {"en": "english", "uk": "ukrainian", "ru": "russian", "pl": "polish"}


@dataclass(frozen=True)
class AudioUpload:
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass(frozen=True)
class TranscriptionRequest:
    audio: AudioUpload
    model: str
    fields: dict[str, Any]  # every other form field as sent (lists for "name[]" fields)

    @property
    def response_format(self) -> str:
        return str(self.fields.get("response_format") or "json")


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str | None = None  # ISO-639-1; verbose_json reports it by name
    duration: float = 1.0


Transcriber = Callable[[TranscriptionRequest], "str | Transcript | ApiError"]


@dataclass
class TranscriptBook:
    """Which text each audio gives: exact bytes first, then `transcriber`, then `default`."""

    by_audio: dict[bytes, Transcript] = field(default_factory=dict)
    transcriber: Transcriber | None = None
    default: Transcript = field(default_factory=lambda: Transcript(""))

    def transcribe(self, request: TranscriptionRequest) -> Transcript:
        found: str | Transcript | ApiError | None = self.by_audio.get(request.audio.content)
        if found is None and self.transcriber is not None:
            found = self.transcriber(request)
        if found is None:
            found = self.default
        if isinstance(found, ApiError):
            raise found
        return Transcript(found) if isinstance(found, str) else found


def validate(audio: AudioUpload | None, fields: dict[str, Any]) -> TranscriptionRequest:
    if audio is None:
        raise missing_parameter("file")
    model = fields.get("model")
    if not isinstance(model, str) or not model:
        raise invalid_request("you must provide a model parameter")
    if len(audio.content) > MAX_UPLOAD_BYTES:
        raise invalid_request(
            f"Maximum content size limit ({MAX_UPLOAD_BYTES}) exceeded "
            f"({len(audio.content)} bytes read)",
            status=413,
        )
    extension = PurePosixPath(audio.filename or "").suffix.lstrip(".").lower()
    if model.startswith(("gpt-4o", "gpt-transcribe")):
        if extension not in GPT_4O_FORMATS:
            raise invalid_request(
                f"Unsupported file format {extension}", param="file", code="unsupported_value"
            )
    elif extension not in WHISPER_FORMATS:
        raise invalid_request(f"Invalid file format. Supported formats: {list(WHISPER_FORMATS)}")
    request = TranscriptionRequest(audio, model, fields)
    _check_response_format(request)
    language = fields.get("language")
    if language is not None and not (
        isinstance(language, str) and len(language) == 2 and language.isalpha()
    ):
        raise invalid_request(
            f"Invalid language '{language}'. Language parameter must be specified in ISO-639-1 "
            "format.",
            param="language",
            code="invalid_value",
        )
    return request


def _check_response_format(request: TranscriptionRequest) -> None:
    response_format, model = request.response_format, request.model
    if response_format not in RESPONSE_FORMATS:
        raise invalid_request(
            f"Invalid value: '{response_format}'. Supported values are: "
            + ", ".join(f"'{f}'" for f in RESPONSE_FORMATS)
            + ".",
            param="response_format",
            code="invalid_value",
        )
    # Per the spec: gpt-4o(-mini)-transcribe answer json only; the diarize model json, text and
    # diarized_json; diarized_json needs the diarize model.
    if model.endswith("-diarize"):
        allowed: tuple[str, ...] = ("json", "text", "diarized_json")
    elif model.startswith(("gpt-4o", "gpt-transcribe")):
        allowed = ("json",)
    else:
        allowed = ("json", "text", "srt", "verbose_json", "vtt")
    if response_format not in allowed:
        raise invalid_request(
            f"response_format '{response_format}' is not compatible with model '{model}'. "
            f"Use {' or '.join(repr(f) for f in allowed)} instead.",
            param="response_format",
            code="unsupported_value",
        )


def response_body(request: TranscriptionRequest, transcript: Transcript) -> tuple[Any, str]:
    """The body and its media type for the requested response_format."""
    text = transcript.text
    response_format = request.response_format
    if response_format == "text":
        return text + "\n", "text/plain"
    if response_format == "srt":
        return f"1\n00:00:00,000 --> {_clock(transcript.duration, ',')}\n{text}\n\n", "text/plain"
    if response_format == "vtt":
        cue = f"00:00:00.000 --> {_clock(transcript.duration, '.')}"
        return f"WEBVTT\n\n{cue}\n{text}\n\n", "text/vtt"
    if response_format == "verbose_json":
        return _verbose(request, transcript), "application/json"
    return {"text": text, "usage": _usage(request, transcript)}, "application/json"


def _usage(request: TranscriptionRequest, transcript: Transcript) -> dict[str, Any]:
    if request.model == "whisper-1":
        return {"type": "duration", "seconds": math.ceil(transcript.duration)}
    audio_tokens = max(1, round(transcript.duration * 10))
    text_tokens = len(str(request.fields.get("prompt") or "")) // 4
    output_tokens = max(1, len(transcript.text) // 4)
    return {
        "type": "tokens",
        "input_tokens": audio_tokens + text_tokens,
        "input_token_details": {"text_tokens": text_tokens, "audio_tokens": audio_tokens},
        "output_tokens": output_tokens,
        "total_tokens": audio_tokens + text_tokens + output_tokens,
    }


def _verbose(request: TranscriptionRequest, transcript: Transcript) -> dict[str, Any]:
    code = transcript.language or request.fields.get("language") or "en"
    segment = {
        "id": 0,
        "seek": 0,
        "start": 0.0,
        "end": transcript.duration,
        "text": " " + transcript.text,
        "tokens": [50364, 50414],
        "temperature": 0.0,
        "avg_logprob": -0.25,
        "compression_ratio": 1.0,
        "no_speech_prob": 0.01,
    }
    body: dict[str, Any] = {
        "task": "transcribe",
        "language": _LANGUAGE_NAMES.get(str(code), str(code)),
        "duration": transcript.duration,
        "text": transcript.text,
        "segments": [segment],
        "usage": _usage(request, transcript),
    }
    granularities = request.fields.get("timestamp_granularities[]") or []
    if "word" in granularities:
        words = transcript.text.split()
        step = transcript.duration / max(len(words), 1)
        body["words"] = [
            {"word": word, "start": round(i * step, 3), "end": round((i + 1) * step, 3)}
            for i, word in enumerate(words)
        ]
    return body


def _clock(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}{separator}{rest % 1000:03d}"

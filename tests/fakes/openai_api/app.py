"""The HTTP face of the fake OpenAI: /v1/chat/completions, /v1/audio/transcriptions, /v1/models.

Each request is recorded first, then authenticated (Bearer), then meets any injected failure or
delay, then is checked and answered like the real API."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from litestar import Litestar, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import HTTPException
from litestar.params import FromPath

from tests.fakes.openai_api import audio, chat
from tests.fakes.openai_api.errors import (
    ApiError,
    incorrect_api_key,
    invalid_request,
    missing_api_key,
)
from tests.fakes.openai_api.records import RecordedRequest, RecordedUpload

if TYPE_CHECKING:
    from tests.fakes.openai_api.fake import FakeOpenAI

CHAT = "chat/completions"
TRANSCRIPTIONS = "audio/transcriptions"
MODELS = "models"
DEFAULT_MODELS = ("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "whisper-1", "gpt-4o-mini-transcribe")
# Above OpenAI's 25 MiB so the fake itself answers 413 for big audio, in OpenAI's shape.
MAX_REQUEST_BYTES = 64 * 1024 * 1024
_SUCCESS_HEADERS = {
    "openai-processing-ms": "12",
    "x-ratelimit-limit-requests": "10000",
    "x-ratelimit-remaining-requests": "9999",
    "x-ratelimit-reset-requests": "6ms",
    "x-ratelimit-limit-tokens": "200000",
    "x-ratelimit-remaining-tokens": "199000",
    "x-ratelimit-reset-tokens": "300ms",
}


def create_app(fake: FakeOpenAI) -> Litestar:
    @post("/v1/chat/completions")
    async def chat_completions(request: Request[Any, Any, Any]) -> Response[bytes]:
        record = fake.record(RecordedRequest(CHAT, "POST", _headers(request)))
        raw = await request.body()
        try:
            record.json = json.loads(raw)
        except ValueError:
            record.json = None

        async def answer() -> Response[bytes]:
            body = chat.validate(record.json, fake.known_models)
            number = fake.next_number()
            replies = [fake.next_reply(body) for _ in range(body.get("n", 1))]
            created = int(fake.now())
            return _json(200, chat.completion(body, replies, number=number, created=created))

        return await _guarded(fake, record, request, answer)

    @post("/v1/audio/transcriptions")
    async def transcriptions(request: Request[Any, Any, Any]) -> Response[bytes]:
        record = fake.record(RecordedRequest(TRANSCRIPTIONS, "POST", _headers(request)))
        is_multipart = request.content_type[0] == "multipart/form-data"
        if is_multipart:
            await _read_form(request, record)

        async def answer() -> Response[bytes]:
            if not is_multipart:
                raise invalid_request(
                    f"Invalid Content-Type header ({request.content_type[0]}), expected "
                    "multipart/form-data."
                )
            upload = record.file
            audio_file = (
                None
                if upload is None
                else audio.AudioUpload(upload.filename, upload.content_type, upload.content)
            )
            checked = audio.validate(audio_file, record.fields)
            body, media_type = audio.response_body(checked, fake.transcribe(checked))
            if isinstance(body, str):
                return _response(200, body.encode(), media_type)
            return _json(200, body)

        return await _guarded(fake, record, request, answer)

    @get("/v1/models")
    async def list_models(request: Request[Any, Any, Any]) -> Response[bytes]:
        record = fake.record(RecordedRequest(MODELS, "GET", _headers(request)))

        async def answer() -> Response[bytes]:
            data = [_model(name) for name in _model_names(fake)]
            return _json(200, {"object": "list", "data": data})

        return await _guarded(fake, record, request, answer)

    @get("/v1/models/{model_id:str}")
    async def retrieve_model(
        request: Request[Any, Any, Any], model_id: FromPath[str]
    ) -> Response[bytes]:
        record = fake.record(RecordedRequest(MODELS, "GET", _headers(request)))

        async def answer() -> Response[bytes]:
            if fake.known_models is not None and model_id not in fake.known_models:
                raise invalid_request(
                    f"The model '{model_id}' does not exist",
                    param="model",
                    code="model_not_found",
                    status=404,
                )
            return _json(200, _model(model_id))

        return await _guarded(fake, record, request, answer)

    return Litestar(
        route_handlers=[chat_completions, transcriptions, list_models, retrieve_model],
        exception_handlers={HTTPException: _http_error},
        request_max_body_size=MAX_REQUEST_BYTES,
        openapi_config=None,
        logging_config=None,
    )


async def _guarded(
    fake: FakeOpenAI,
    record: RecordedRequest,
    request: Request[Any, Any, Any],
    answer: Callable[[], Awaitable[Response[bytes]]],
) -> Response[bytes]:
    try:
        _authenticate(fake, request)
        error, delay = fake.take_injection(record.endpoint)
        if delay:
            await _sleep(fake, delay)
        if error is not None:
            raise error
        response = await answer()
    except ApiError as error:
        response = _json(error.status, error.body(), error.headers)
    except Exception as error:  # noqa: BLE001 - a test's responder broke: say how, as a 500
        failure = ApiError(500, f"the fake's scripted responder failed: {error!r}", "server_error")
        response = _json(500, failure.body())
    record.status = response.status_code or 200
    return response


def _authenticate(fake: FakeOpenAI, request: Request[Any, Any, Any]) -> None:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise missing_api_key()
    if fake.api_key is not None and key.strip() != fake.api_key:
        raise incorrect_api_key(key.strip())


async def _sleep(fake: FakeOpenAI, seconds: float) -> None:
    # Wait on the closing event, so a stopping server does not wait out a long injected delay.
    await asyncio.to_thread(fake.closing.wait, seconds)


async def _read_form(request: Request[Any, Any, Any], record: RecordedRequest) -> None:
    form = await request.form()
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            content = await value.read()
            await value.close()
            if key == "file":
                record.file = RecordedUpload(value.filename, value.content_type, content)
        elif key.endswith("[]"):
            record.fields.setdefault(key, []).append(value)
        else:
            record.fields[key] = value


def _headers(request: Request[Any, Any, Any]) -> dict[str, str]:
    return {
        name.lower(): value
        for name, value in request.headers.items()
        if name.lower() not in {"authorization", "api-key"}
    }


def _model_names(fake: FakeOpenAI) -> list[str]:
    return sorted(fake.known_models) if fake.known_models is not None else list(DEFAULT_MODELS)


def _model(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 1_700_000_000, "owned_by": "system"}


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response[bytes]:
    content = json.dumps(body, ensure_ascii=False).encode()
    return _response(status, content, "application/json", headers)


def _response(
    status: int, content: bytes, media_type: str, headers: dict[str, str] | None = None
) -> Response[bytes]:
    extra = _SUCCESS_HEADERS if status < 400 else {}
    all_headers = {"x-request-id": "req_fake", **extra, **(headers or {})}
    return Response(content, status_code=status, media_type=media_type, headers=all_headers)


def _http_error(request: Request[Any, Any, Any], error: Exception) -> Response[bytes]:
    status = error.status_code if isinstance(error, HTTPException) else 500
    if status == 413:
        message = f"Maximum content size limit ({MAX_REQUEST_BYTES}) exceeded"
    elif status in {404, 405}:
        message = f"Invalid URL ({request.method} {request.url.path})"
        status = 404
    else:
        message = str(error)
    return _json(status, invalid_request(message, status=status).body())

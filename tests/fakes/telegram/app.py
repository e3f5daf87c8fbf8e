"""The HTTP face of the fake: /bot<token>/<method> (GET or POST; query, form, multipart or JSON)
and file downloads at /file/bot<token>/<file_path>."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from litestar import Litestar, Request, Response, get, route
from litestar.datastructures import UploadFile
from litestar.enums import HttpMethod
from litestar.exceptions import HTTPException
from litestar.params import FromPath

from tests.fakes.telegram import api
from tests.fakes.telegram.errors import BotApiError, bad_request, not_found, unauthorized
from tests.fakes.telegram.params import Params
from tests.fakes.telegram.state import TelegramState, Upload

_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
# Large enough for the 50 MB uploads Telegram accepts; the methods apply the real limits.
MAX_REQUEST_BYTES = 64 * 1024 * 1024


def create_app(current_state: Callable[[], TelegramState]) -> Litestar:
    """`current_state` gives the state to answer from (FakeTelegram.reset swaps it)."""

    @route("/{bot_segment:str}/{method_name:str}", http_method=[HttpMethod.GET, HttpMethod.POST])
    async def bot_api(
        request: Request[Any, Any, Any], bot_segment: FromPath[str], method_name: FromPath[str]
    ) -> Response[bytes]:
        state = current_state()
        try:
            _check_token(state, bot_segment)
            params = await _read_params(request)
        except BotApiError as error:
            return _json(error.error_code, error.envelope())
        status, body = api.call(state, method_name, params)
        return _json(status, body)

    @get("/file/{bot_segment:str}/{file_path:path}")
    async def download(bot_segment: FromPath[str], file_path: FromPath[str]) -> Response[bytes]:
        state = current_state()
        try:
            _check_token(state, bot_segment)
        except BotApiError as error:
            return _json(error.error_code, error.envelope())
        path = file_path.lstrip("/")
        with state.lock:
            found = next((f for f in state.files.values() if f.file_path == path), None)
        if found is None:
            return _json(404, not_found().envelope())
        return Response(found.content, status_code=200, media_type="application/octet-stream")

    return Litestar(
        route_handlers=[bot_api, download],
        exception_handlers={HTTPException: _http_error},
        request_max_body_size=MAX_REQUEST_BYTES,
        openapi_config=None,
        logging_config=None,
    )


def _check_token(state: TelegramState, bot_segment: str) -> None:
    token = bot_segment.removeprefix("bot")
    if token == bot_segment:
        raise not_found()
    if token != state.token:
        # A well-formed token Telegram does not know is 401; anything else is not an API path.
        raise unauthorized() if _TOKEN_SHAPE.fullmatch(token) else not_found()


async def _read_params(request: Request[Any, Any, Any]) -> Params:
    values: dict[str, Any] = dict(request.query_params.items())
    uploads: dict[str, Upload] = {}
    media_type = request.content_type[0]
    if media_type == "application/json":
        raw = await request.body()
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise bad_request("can't parse JSON object")
            values.update(body)
    elif media_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        form = await request.form()
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                content = await value.read()
                uploads[key] = Upload(key, value.filename, value.content_type, content)
                await value.close()
            else:
                values[key] = value
    return Params(values, uploads)


def _json(status: int, body: dict[str, Any]) -> Response[bytes]:
    content = json.dumps(body, ensure_ascii=False).encode()
    return Response(content, status_code=status, media_type="application/json")


def _http_error(request: Request[Any, Any, Any], error: Exception) -> Response[bytes]:
    status = error.status_code if isinstance(error, HTTPException) else 500
    if status == 404:
        return _json(404, not_found().envelope())
    if status == 413:
        return _json(413, BotApiError(413, "Request Entity Too Large").envelope())
    return _json(status, BotApiError(status, f"Bad Request: {error}").envelope())

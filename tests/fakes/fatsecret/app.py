"""The fake FatSecret's HTTP face: the three OAuth 1.0 steps under `/oauth`, the method-style
`/rest/server.api` and the documented URL-based paths under `/rest`.

API errors are HTTP 200 with `{"error": {"code": N, "message": ...}}`; the OAuth token steps answer
the same body with HTTP 401 (their real statuses are undocumented). Only `format=json` is spoken:
without it the fake answers XML, as FatSecret defaults to.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from litestar import Litestar, Request, Response, route

from tests.fakes.fatsecret.accounts import (
    REQUEST_TOKEN_LIFETIME,
    FatSecretError,
    FatSecretUser,
    RequestToken,
    TokenKind,
)
from tests.fakes.fatsecret.log import LoggedCall
from tests.fakes.fatsecret.methods import DELEGATED, METHODS, Call
from tests.fakes.fatsecret.render import Json
from tests.fakes.oauth1 import SignedRequest, base_string_uri, collect_parameters

if TYPE_CHECKING:
    from tests.fakes.fatsecret.fake import FatSecretFake

HttpVerb = Literal["GET", "POST"]
_FORM = "application/x-www-form-urlencoded"
_XML_ONLY = (
    '<?xml version="1.0" encoding="utf-8" ?>\n<error xmlns="http://platform.fatsecret.com/api/1.0/">'
    "<code>1</code><message>This fake speaks JSON only: send format=json</message></error>"
)
# documented URL-based endpoints → the method they stand for (CONTRACTS §2.1)
_URL_ROUTES: list[tuple[HttpVerb, str, str]] = [
    ("GET", "/rest/foods/search/v1", "foods.search"),
    *(("GET", f"/rest/food/v{n}", f"food.get.v{n}") for n in (2, 3, 4, 5)),
    ("GET", "/rest/food-entries/v2", "food_entries.get.v2"),
    ("POST", "/rest/food-entries/v1", "food_entry.create"),
    ("GET", "/rest/food-entries/month/v1", "food_entries.get_month.v2"),
    ("GET", "/rest/food-entries/month/v2", "food_entries.get_month.v2"),
]


async def _signed(request: Request[Any, Any, Any]) -> SignedRequest:
    """The request as the signature base string sees it: as received, nothing normalised away."""
    body = await request.body()
    is_form = request.headers.get("content-type", "").split(";")[0].strip().lower() == _FORM
    host = request.headers.get("host") or "{}:{}".format(*(request.scope["server"] or ("", "")))
    params = collect_parameters(
        query=request.scope["query_string"].decode("utf-8", "replace"),
        form_body=body.decode("utf-8", "replace") if is_form else None,
        authorization=request.headers.get("authorization"),
    )
    uri = base_string_uri(
        request.scope["scheme"], host, request.scope["raw_path"].decode("latin-1")
    )
    return SignedRequest(request.method, uri, params)


def _plain_params(signed: SignedRequest) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in signed.params:
        if not name.startswith("oauth_"):
            params.setdefault(name, value)
    return params


def _log(
    fake: FatSecretFake,
    request: Request[Any, Any, Any],
    api_method: str,
    error: FatSecretError | None,
    user_id: str | None,
    params: dict[str, str],
    http_status: int = 200,
) -> None:
    code = error.code if error else None
    path = request.url.path
    fake.log(LoggedCall(request.method, path, api_method, http_status, code, user_id, params))


def _form(**fields: str) -> Response[str]:
    return Response(urlencode(fields), status_code=200, media_type=_FORM)


# --- OAuth 1.0 three-legged flow -----------------------------------------------------------------


async def _request_token(fake: FatSecretFake, request: Request[Any, Any, Any]) -> Response[Any]:
    signed = await _signed(request)
    with fake.lock:
        try:
            callback = signed.first("oauth_callback")
            if not callback:
                raise FatSecretError(2, "Missing required oauth parameter: oauth_callback")
            fake.accounts.authenticate(signed, fake.clock(), "none")
            token = RequestToken(
                token=fake.accounts.random_text(),
                secret=fake.accounts.random_text(),
                callback=callback,
                expires_at=fake.clock() + REQUEST_TOKEN_LIFETIME,
            )
            fake.accounts.request_tokens[token.token] = token
            _log(fake, request, "request_token", None, None, {})
        except FatSecretError as exc:
            _log(fake, request, "request_token", exc, None, {}, 401)
            return Response(exc.to_json(), status_code=401)
    return _form(
        oauth_token=token.token, oauth_token_secret=token.secret, oauth_callback_confirmed="true"
    )


def _authorize(fake: FatSecretFake, query: dict[str, str]) -> Response[str]:
    token = fake.accounts.request_tokens.get(query.get("oauth_token", ""))
    if token is None or token.used or token.expires_at <= fake.clock():
        return Response("Invalid or expired oauth_token", status_code=400)
    if fake.denials_pending:
        fake.denials_pending -= 1
        params = {"oauth_token": token.token, "denied": token.token}
    else:
        token.user = fake.signed_in_user or fake.add_user()
        token.verifier = fake.accounts.random_text(12)
        params = {"oauth_token": token.token, "oauth_verifier": token.verifier}
    if token.callback == "oob":
        shown = params.get("oauth_verifier", "access denied")
        return Response(f"<html><body>Your code: {shown}</body></html>", media_type="text/html")
    separator = "&" if urlsplit(token.callback).query else "?"
    location = f"{token.callback}{separator}{urlencode(params)}"
    return Response("", status_code=302, headers={"Location": location})


async def _access_token(fake: FatSecretFake, request: Request[Any, Any, Any]) -> Response[Any]:
    signed = await _signed(request)
    with fake.lock:
        try:
            verifier = signed.first("oauth_verifier")
            if not verifier:
                raise FatSecretError(2, "Missing required oauth parameter: oauth_verifier")
            caller = fake.accounts.authenticate(signed, fake.clock(), "request")
            pending = caller.request_token
            if pending is None or pending.user is None or pending.verifier != verifier:
                raise FatSecretError(9, f"Invalid verifier: '{verifier}'")
            pending.used = True
            credentials = fake.accounts.issue_access(pending.user)
            _log(fake, request, "access_token", None, pending.user.user_id, {})
        except FatSecretError as exc:
            _log(fake, request, "access_token", exc, None, {}, 401)
            return Response(exc.to_json(), status_code=401)
    return _form(oauth_token=credentials.token, oauth_token_secret=credentials.secret)


# --- the API -------------------------------------------------------------------------------------


async def _api(
    fake: FatSecretFake, request: Request[Any, Any, Any], path_method: str | None
) -> Response[Any]:
    signed = await _signed(request)
    params = _plain_params(signed)
    method = path_method or params.get("method", "")
    with fake.lock:
        if fake.failures_pending:
            status = fake.failures_pending.pop(0)
            _log(fake, request, method, None, None, params, status)
            return Response("Service Unavailable", status_code=status)
        if params.get("format") != "json":
            _log(fake, request, method, None, None, params)
            return Response(_XML_ONLY, status_code=200, media_type="text/xml")
        user_id = None
        try:
            kind: TokenKind = "access" if method in DELEGATED else "none"
            caller = fake.accounts.authenticate(signed, fake.clock(), kind)
            user_id = caller.user.user_id if caller.user else None
            body, timeout = _call(fake, method, params, caller.user)
            _log(fake, request, method, None, user_id, params)
        except FatSecretError as exc:
            _log(fake, request, method, exc, user_id, params)
            return Response(exc.to_json(), status_code=200)
    if timeout is not None:
        await _hang_until_client_leaves(request, timeout)
    if body is None:  # timed out before committing, and the client waited it out
        return Response(FatSecretError(24, "A timeout has occurred").to_json(), status_code=200)
    return Response(body, status_code=200)


def _call(
    fake: FatSecretFake, method: str, params: dict[str, str], user: FatSecretUser | None
) -> tuple[Json | None, float | None]:
    """Run one method; with a pending timeout fault, how long to hang before answering."""
    if not method:
        raise FatSecretError(101, "Missing required parameter: method")
    handler = METHODS.get(method)
    if handler is None:
        raise FatSecretError(23, f"Api not found: '{method}'")
    if fake.too_many_actions_pending:
        fake.too_many_actions_pending -= 1
        raise FatSecretError(12, "User is performing too many actions: please try again later")
    timeout = fake.take_timeout(method)
    if timeout is not None and not timeout.after_commit:
        return None, timeout.seconds
    call = Call(
        method=method,
        params=params,
        user=user,
        foods=fake.foods,
        diaries=fake.diaries,
        today=fake.today(),
        single_as_object=fake.single_child_as_object,
        empty_day=fake.empty_day,
    )
    return handler(call), (timeout.seconds if timeout else None)


async def _hang_until_client_leaves(request: Request[Any, Any, Any], seconds: float) -> None:
    async def disconnected() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(disconnected(), seconds)


def build_app(fake: FatSecretFake) -> Litestar:
    @route("/oauth/request_token", http_method=["GET", "POST"], status_code=200)
    async def request_token(request: Request[Any, Any, Any]) -> Response[Any]:
        return await _request_token(fake, request)

    @route("/oauth/authorize", http_method="GET", status_code=302)
    async def authorize(request: Request[Any, Any, Any]) -> Response[str]:
        query = dict(parse_qsl(request.scope["query_string"].decode()))
        with fake.lock:
            response = _authorize(fake, query)
            status = response.status_code or 200
            _log(fake, request, "authorize", None, None, {}, status)
            return response

    @route("/oauth/access_token", http_method=["GET", "POST"], status_code=200)
    async def access_token(request: Request[Any, Any, Any]) -> Response[Any]:
        return await _access_token(fake, request)

    @route("/rest/server.api", http_method=["GET", "POST"], status_code=200)
    async def server_api(request: Request[Any, Any, Any]) -> Response[Any]:
        return await _api(fake, request, None)

    def url_route(http_method: HttpVerb, path: str, api_method: str) -> Any:
        async def handler(request: Request[Any, Any, Any]) -> Response[Any]:
            return await _api(fake, request, api_method)

        return route(path, http_method=http_method, status_code=200, name=api_method + path)(
            handler
        )

    handlers = [request_token, authorize, access_token, server_api]
    handlers += [url_route(*spec) for spec in _URL_ROUTES]
    return Litestar(route_handlers=handlers, openapi_config=None, debug=False)

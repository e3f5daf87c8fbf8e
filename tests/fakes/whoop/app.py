"""The fake WHOOP's HTTP face: `/oauth/oauth2/{auth,token}` and `/developer/v2/...`.

Every API request first counts against the app's rate budget (429 over it, `X-RateLimit-*` always),
then needs a live bearer token with the operation's scope (401 otherwise). The spec defines no error
bodies; the fake answers a short `{"message": ...}`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from litestar import Litestar, Request, Response, route

from tests.fakes.whoop.log import LoggedRequest
from tests.fakes.whoop.records import Json, Sleep, WhoopUser, Workout
from tests.fakes.whoop.store import BadQueryError, UserRecords, collection_page
from tests.fakes.whoop.tokens import ERROR_TEXT, AuthorizationServer, OAuthError

if TYPE_CHECKING:
    from tests.fakes.whoop.fake import WhoopFake

Answer = Callable[[UserRecords, WhoopUser, Mapping[str, str], datetime], Json | None]


class NotFoundError(Exception):
    pass


def _query(request: Request[Any, Any, Any]) -> dict[str, str]:
    pairs = parse_qsl(request.scope["query_string"].decode(), keep_blank_values=True)
    query: dict[str, str] = {}
    for name, value in pairs:
        query.setdefault(name, value)
    return query


def _log(
    fake: WhoopFake, request: Request[Any, Any, Any], operation: str, status: int, user: int | None
) -> None:
    query = request.scope["query_string"].decode()
    fake.log(LoggedRequest(request.method, request.url.path, query, operation, status, user))


def _with_query(url: str, params: Mapping[str, str]) -> str:
    return f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(params)}"


# --- OAuth ---------------------------------------------------------------------------------------


def _authorize(fake: WhoopFake, query: Mapping[str, str]) -> Response[str]:
    """Validate like Hydra; approve at once as the signed-in member, or deny if told to."""
    redirect_uri = query.get("redirect_uri", "")
    if query.get("client_id") != fake.client_id:
        return Response("invalid_client: unknown client_id", status_code=400)
    if not _redirect_allowed(fake, redirect_uri):
        return Response("invalid_request: redirect_uri is not registered", status_code=400)
    state = query.get("state", "")

    def back(**params: str) -> Response[str]:
        return Response(
            "", status_code=302, headers={"Location": _with_query(redirect_uri, params)}
        )

    def error(name: str) -> Response[str]:
        params = {"error": name, "error_description": ERROR_TEXT[name]}
        return back(**params, **({"state": state} if state else {}))

    if query.get("response_type") != "code":
        return error("unsupported_response_type")
    try:
        scopes = AuthorizationServer.parse_scopes(query.get("scope", ""))
    except OAuthError as exc:
        return error(exc.error)
    if len(state) < 8:
        return error("invalid_state")
    if fake.denials_pending:
        fake.denials_pending -= 1
        return error("access_denied")
    user_id = fake.signed_in_user or fake.add_user().user_id
    code = fake.oauth.new_code(user_id, scopes, redirect_uri)
    return back(code=code, scope=" ".join(scopes), state=state)


def _redirect_allowed(fake: WhoopFake, uri: str) -> bool:
    if fake.redirect_uris is not None:
        return uri in fake.redirect_uris
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.fragment


async def _token(fake: WhoopFake, request: Request[Any, Any, Any]) -> Response[Json]:
    content_type = request.headers.get("content-type", "")
    pairs = parse_qsl((await request.body()).decode(), keep_blank_values=True)
    form = dict(pairs)
    with fake.lock:
        try:
            if not content_type.startswith("application/x-www-form-urlencoded"):
                raise OAuthError("invalid_request")
            if len(form) != len(pairs):
                raise OAuthError("invalid_request")  # a parameter given twice (RFC 6749 §3.2)
            tokens = fake.oauth.token_endpoint(form)
            status, body = 200, tokens.to_json()
            bearer = fake.oauth.bearer(tokens.access_token)
            user_id = bearer.user_id if bearer else None
        except OAuthError as exc:
            status, body, user_id = exc.status, exc.to_json(), None
        _log(fake, request, "token", status, user_id)
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    return Response(body, status_code=status, headers=headers)


# --- API -----------------------------------------------------------------------------------------


def _serve(
    fake: WhoopFake,
    request: Request[Any, Any, Any],
    operation: str,
    scope: str | None,
    answer: Answer,
) -> Response[Any]:
    with fake.lock:
        verdict = fake.budget.admit(fake.clock())
        status, body, user_id = _answer(fake, request, verdict.allowed, scope, answer)
        _log(fake, request, operation, status, user_id)
    if status == 204:
        return Response(b"", status_code=204, headers=verdict.headers)
    return Response(body, status_code=status, headers=verdict.headers)


def _answer(
    fake: WhoopFake,
    request: Request[Any, Any, Any],
    allowed: bool,
    scope: str | None,
    answer: Answer,
) -> tuple[int, Json | None, int | None]:
    if not allowed:
        return 429, {"message": "Too Many Requests"}, None
    if fake.failures_pending:
        status = fake.failures_pending.pop(0)
        return status, {"message": "Server error occurred while making request"}, None
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    bearer = fake.oauth.bearer(token.strip()) if scheme.lower() == "bearer" else None
    if bearer is None or (scope is not None and scope not in bearer.scopes):
        return 401, {"message": "Authorization was not valid"}, None
    user = fake.users[bearer.user_id]
    try:
        params = {**request.path_params, **_query(request)}
        body = answer(fake.records[user.user_id], user, params, fake.clock())
    except BadQueryError as exc:
        return 400, {"message": str(exc)}, user.user_id
    except NotFoundError:
        return 404, {"message": "No resource found"}, user.user_id
    if body is None:
        return 204, None, user.user_id
    return 200, body, user.user_id


def _cycle_id(params: Mapping[str, str]) -> int:
    try:
        return int(params["cycle_id"])
    except ValueError:
        raise BadQueryError("cycleId must be an int64") from None


def _uuid(params: Mapping[str, str], name: str) -> str:
    try:
        return str(uuid.UUID(params[name]))
    except ValueError:
        raise BadQueryError(f"{name} must be a UUID") from None


def _found(record: Any) -> Json:
    if record is None:
        raise NotFoundError
    body: Json = record.to_json()
    return body


def _v1_mapping(store: UserRecords, params: Mapping[str, str]) -> Json:
    try:
        v1_id = int(params["v1_id"])
    except ValueError:
        raise BadQueryError("activityV1Id must be an int64") from None
    activities: list[Sleep | Workout] = [*store.sleeps.values(), *store.workouts.values()]
    for activity in activities:
        if activity.v1_id == v1_id:
            return {"v2_activity_id": activity.id}
    raise NotFoundError


HttpVerb = Literal["GET", "DELETE"]
# (method, path under /developer, operationId, scope, answer)
_ROUTES: list[tuple[HttpVerb, str, str, str | None, Answer]] = [
    (
        "GET",
        "/v2/cycle",
        "getCycleCollection",
        "read:cycles",
        lambda s, u, q, now: collection_page(s.cycles.values(), q, now),
    ),
    (
        "GET",
        "/v2/cycle/{cycle_id:str}",
        "getCycleById",
        "read:cycles",
        lambda s, u, q, now: _found(s.cycles.get(_cycle_id(q))),
    ),
    (
        "GET",
        "/v2/cycle/{cycle_id:str}/sleep",
        "getSleepForCycle",
        "read:sleep",
        lambda s, u, q, now: _found(s.main_sleep_of(_cycle_id(q))),
    ),
    (
        "GET",
        "/v2/cycle/{cycle_id:str}/recovery",
        "getRecoveryForCycle",
        "read:recovery",
        lambda s, u, q, now: _found(s.recoveries.get(_cycle_id(q))),
    ),
    (
        "GET",
        "/v2/recovery",
        "getRecoveryCollection",
        "read:recovery",
        lambda s, u, q, now: collection_page(s.recoveries.values(), q, now),
    ),
    (
        "GET",
        "/v2/activity/sleep",
        "getSleepCollection",
        "read:sleep",
        lambda s, u, q, now: collection_page(s.sleeps.values(), q, now),
    ),
    (
        "GET",
        "/v2/activity/sleep/{sleep_id:str}",
        "getSleepById",
        "read:sleep",
        lambda s, u, q, now: _found(s.sleeps.get(_uuid(q, "sleep_id"))),
    ),
    (
        "GET",
        "/v2/activity/workout",
        "getWorkoutCollection",
        "read:workout",
        lambda s, u, q, now: collection_page(s.workouts.values(), q, now),
    ),
    (
        "GET",
        "/v2/activity/workout/{workout_id:str}",
        "getWorkoutById",
        "read:workout",
        lambda s, u, q, now: _found(s.workouts.get(_uuid(q, "workout_id"))),
    ),
    (
        "GET",
        "/v2/user/profile/basic",
        "getProfileBasic",
        "read:profile",
        lambda s, u, q, now: u.profile_json(),
    ),
    (
        "GET",
        "/v2/user/measurement/body",
        "getBodyMeasurement",
        "read:body_measurement",
        lambda s, u, q, now: u.body_json(),
    ),
    (
        "GET",
        "/v1/activity-mapping/{v1_id:str}",
        "getActivityMapping",
        None,
        lambda s, u, q, now: _v1_mapping(s, q),
    ),
]


def build_app(fake: WhoopFake) -> Litestar:
    @route("/oauth/oauth2/auth", http_method="GET", status_code=302)
    async def authorize(request: Request[Any, Any, Any]) -> Response[str]:
        with fake.lock:
            response = _authorize(fake, _query(request))
            _log(fake, request, "authorize", response.status_code or 200, None)
        return response

    @route("/oauth/oauth2/token", http_method="POST", status_code=200)
    async def token(request: Request[Any, Any, Any]) -> Response[Json]:
        return await _token(fake, request)

    def api_route(
        method: HttpVerb, path: str, operation: str, scope: str | None, answer: Answer
    ) -> Any:
        async def handler(request: Request[Any, Any, Any]) -> Response[Any]:
            return _serve(fake, request, operation, scope, answer)

        return route(f"/developer{path}", http_method=method, name=operation, status_code=200)(
            handler
        )

    def revoke_access(store: UserRecords, user: WhoopUser, *_: Any) -> None:
        fake.oauth.revoke_user(user.user_id)  # webhooks and tokens stop for this member

    routes: list[tuple[HttpVerb, str, str, str | None, Answer]] = [
        *_ROUTES,
        ("DELETE", "/v2/user/access", "revokeUserOAuthAccess", None, revoke_access),
    ]
    handlers = [authorize, token, *(api_route(*spec) for spec in routes)]
    return Litestar(route_handlers=handlers, openapi_config=None, debug=False)

"""The fake WHOOP, driven over real HTTP the way the product's adapter will drive it."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import itertools
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jsonschema_rs
import pytest
import yaml
from litestar import Litestar, Request, post

from tests.fakes.whoop import (
    ALL_SCOPES,
    Cycle,
    ManualClock,
    Sleep,
    WhoopFake,
    Workout,
    running_whoop,
    whoop_signature,
)
from tests.support.http import serve_in_thread

SPECS = Path(__file__).resolve().parents[1] / "specs" / "whoop"
REDIRECT = "https://bot.example.org/whoop/callback"
START = datetime(2025, 6, 10, 9, 30, tzinfo=UTC)
COLLECTIONS = {
    "/v2/cycle": "cycles",
    "/v2/activity/sleep": "sleeps",
    "/v2/recovery": "recoveries",
    "/v2/activity/workout": "workouts",
}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def whoop(clock: ManualClock) -> Iterator[WhoopFake]:
    with running_whoop(clock=clock, redirect_uris=[REDIRECT]) as fake:
        yield fake


def _api(whoop: WhoopFake, access_token: str) -> httpx.Client:
    headers = {"Authorization": f"Bearer {access_token}"}
    return httpx.Client(base_url=whoop.api_base_url, headers=headers)


def _authorize(whoop: WhoopFake, **overrides: str) -> httpx.Response:
    params = {
        "client_id": whoop.client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": " ".join(ALL_SCOPES),
        "state": "st4te-123",
        **overrides,
    }
    return httpx.get(whoop.authorize_url, params=params)


def _redirect_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _token(whoop: WhoopFake, **form: str) -> httpx.Response:
    body = {"client_id": whoop.client_id, "client_secret": whoop.client_secret, **form}
    return httpx.post(whoop.token_url, data=body)


def _link(whoop: WhoopFake) -> dict[str, Any]:
    code = _redirect_params(_authorize(whoop))["code"]
    response = _token(whoop, grant_type="authorization_code", code=code, redirect_uri=REDIRECT)
    assert response.status_code == 200
    tokens: dict[str, Any] = response.json()
    return tokens


# --- OAuth ---------------------------------------------------------------------------------------


def test_authorization_code_flow_gives_tokens_and_the_code_works_once(whoop: WhoopFake) -> None:
    user = whoop.add_user(first_name="Taras")
    redirect = _redirect_params(_authorize(whoop))
    assert redirect["state"] == "st4te-123"

    form = {"grant_type": "authorization_code", "code": redirect["code"], "redirect_uri": REDIRECT}
    first = _token(whoop, **form)
    again = _token(whoop, **form)

    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-store"
    tokens = first.json()
    assert set(tokens) == {"access_token", "expires_in", "refresh_token", "scope", "token_type"}
    assert tokens["expires_in"] == 3600
    assert tokens["token_type"] == "bearer"
    assert set(tokens["scope"].split()) == set(ALL_SCOPES)
    profile = _api(whoop, tokens["access_token"]).get("/v2/user/profile/basic").json()
    assert profile["user_id"] == user.user_id
    assert profile["first_name"] == "Taras"
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    assert whoop.code_exchange_count == 1


def test_without_the_offline_scope_there_is_no_refresh_token(whoop: WhoopFake) -> None:
    whoop.add_user()
    code = _redirect_params(_authorize(whoop, scope="read:sleep"))["code"]

    tokens = _token(whoop, grant_type="authorization_code", code=code, redirect_uri=REDIRECT).json()

    assert "refresh_token" not in tokens
    assert tokens["scope"] == "read:sleep"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"state": "short"}, "invalid_state"),
        ({"scope": "read:everything"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
    ],
)
def test_a_bad_authorization_request_redirects_back_with_an_error(
    whoop: WhoopFake, overrides: dict[str, str], error: str
) -> None:
    whoop.add_user()

    params = _redirect_params(_authorize(whoop, **overrides))

    assert params["error"] == error
    assert "code" not in params


def test_an_unknown_client_or_redirect_uri_is_not_redirected_to(whoop: WhoopFake) -> None:
    assert _authorize(whoop, client_id="someone-else").status_code == 400
    assert _authorize(whoop, redirect_uri="https://evil.example/cb").status_code == 400


def test_the_member_can_deny_access(whoop: WhoopFake) -> None:
    whoop.add_user()
    whoop.deny_next_authorization()

    denied = _redirect_params(_authorize(whoop))
    approved = _redirect_params(_authorize(whoop))

    assert denied["error"] == "access_denied"
    assert denied["state"] == "st4te-123"
    assert "code" in approved


def test_a_refresh_rotates_both_tokens_and_kills_the_old_ones(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    old = _link(whoop)

    refreshed = _token(
        whoop, grant_type="refresh_token", refresh_token=old["refresh_token"], scope="offline"
    )
    reused = _token(whoop, grant_type="refresh_token", refresh_token=old["refresh_token"])

    assert refreshed.status_code == 200
    new = refreshed.json()
    assert new["access_token"] != old["access_token"]
    assert new["refresh_token"] != old["refresh_token"]
    assert _api(whoop, old["access_token"]).get("/v2/user/profile/basic").status_code == 401
    assert _api(whoop, new["access_token"]).get("/v2/user/profile/basic").status_code == 200
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    assert "refresh token is invalid" in reused.json()["error_description"]
    assert whoop.refresh_count == 1
    assert whoop.refresh_count_for(user.user_id) == 1


def test_client_credentials_must_come_in_the_form_body(whoop: WhoopFake) -> None:
    whoop.add_user()
    tokens = _link(whoop)

    response = httpx.post(
        whoop.token_url,
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=(whoop.client_id, whoop.client_secret),
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert whoop.refresh_count == 0


def test_a_revoked_grant_answers_401_and_invalid_grant(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    tokens = _link(whoop)

    whoop.revoke_access(user.user_id)

    assert _api(whoop, tokens["access_token"]).get("/v2/cycle").status_code == 401
    refresh = _token(whoop, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert refresh.json()["error"] == "invalid_grant"


def test_deleting_user_access_revokes_the_grant(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    tokens = whoop.issue_tokens(user.user_id)
    api = _api(whoop, tokens.access_token)

    deleted = api.delete("/v2/user/access")

    assert deleted.status_code == 204
    assert deleted.content == b""
    assert api.get("/v2/cycle").status_code == 401
    refresh = _token(whoop, grant_type="refresh_token", refresh_token=tokens.refresh_token or "")
    assert refresh.status_code == 400


def test_an_access_token_dies_when_its_hour_is_up(whoop: WhoopFake, clock: ManualClock) -> None:
    user = whoop.add_user()
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)

    clock.advance(minutes=59)
    alive = api.get("/v2/user/measurement/body")
    clock.advance(minutes=1)
    dead = api.get("/v2/user/measurement/body")

    assert alive.status_code == 200
    assert set(alive.json()) == {"height_meter", "weight_kilogram", "max_heart_rate"}
    assert dead.status_code == 401


def test_the_token_lifetime_is_configurable(clock: ManualClock) -> None:
    with running_whoop(clock=clock, expires_in=120) as whoop:
        user = whoop.add_user()
        tokens = whoop.issue_tokens(user.user_id)
        api = _api(whoop, tokens.access_token)

        clock.advance(seconds=119)
        alive = api.get("/v2/user/profile/basic").status_code
        clock.advance(seconds=1)
        dead = api.get("/v2/user/profile/basic").status_code

    assert tokens.expires_in == 120
    assert (alive, dead) == (200, 401)


def test_a_token_without_the_scope_is_refused(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    api = _api(whoop, whoop.issue_tokens(user.user_id, scopes=["read:sleep"]).access_token)

    assert api.get("/v2/activity/sleep").status_code == 200
    assert api.get("/v2/activity/workout").status_code == 401


# --- collections ---------------------------------------------------------------------------------


def _walk(api: httpx.Client, path: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    """Every record of a collection, page by page; and how many pages it took."""
    records: list[dict[str, Any]] = []
    pages = 0
    token: str | None = None
    while True:
        query = {**params, **({"nextToken": token} if token else {})}
        response = api.get(path, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        records += body["records"]
        pages += 1
        token = body.get("next_token")
        if token is None:
            assert "next_token" not in body
            return records, pages


def _key(record: dict[str, Any]) -> str:
    return str(record.get("id", record.get("cycle_id")))


def test_paging_through_each_collection_yields_every_record_once(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=40)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)

    for path, kind in COLLECTIONS.items():
        records, pages = _walk(api, path, limit=25)

        expected = [r.to_json() for r in getattr(whoop, kind)(user.user_id)]
        assert [_key(r) for r in records] == [_key(r) for r in expected], path
        assert len({_key(r) for r in records}) == len(records)
        assert pages == -(-len(expected) // 25)
        assert all(r.get("timezone_offset", "+03:00") == "+03:00" for r in records)


def test_sorting_is_by_start_descending(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=12)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)

    starts = [r["start"] for r in _walk(api, "/v2/activity/sleep", limit=5)[0]]

    assert starts == sorted(starts, reverse=True)


def test_the_default_page_is_ten_and_more_than_25_is_a_client_error(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=30)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)

    default = api.get("/v2/cycle").json()

    assert len(default["records"]) == 10
    assert "next_token" in default
    assert api.get("/v2/cycle", params={"limit": 25}).status_code == 200
    assert api.get("/v2/cycle", params={"limit": 26}).status_code == 400
    assert api.get("/v2/cycle", params={"limit": 0}).status_code == 400
    assert api.get("/v2/cycle", params={"nextToken": "%%%"}).status_code == 400
    assert api.get("/v2/cycle", params={"start": "yesterday"}).status_code == 400


def test_start_is_inclusive_and_end_exclusive(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=10)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    sleeps = whoop.sleeps(user.user_id)
    newer, older = sleeps[2], sleeps[5]
    window = {"start": newer.start.isoformat(), "end": older.start.isoformat()}

    after = [r["id"] for r in _walk(api, "/v2/activity/sleep", start=newer.start.isoformat())[0]]
    between = [r["id"] for r in _walk(api, "/v2/activity/sleep", **window)[0]]

    assert after == [s.id for s in sleeps[:3]]
    assert between == []
    flipped = {"start": older.start.isoformat(), "end": newer.start.isoformat()}
    assert [r["id"] for r in _walk(api, "/v2/activity/sleep", **flipped)[0]] == [
        s.id for s in sleeps[3:6]
    ]


def test_records_in_the_future_are_not_listed_until_the_clock_gets_there(
    whoop: WhoopFake, clock: ManualClock
) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=3)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    before = len(api.get("/v2/activity/sleep").json()["records"])

    cycle, sleep, recovery = whoop.add_night(user.user_id)
    hidden = [r["id"] for r in api.get("/v2/activity/sleep").json()["records"]]
    clock.advance(days=1)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)  # a day outlives a token
    shown = [r["id"] for r in api.get("/v2/activity/sleep").json()["records"]]

    assert len(hidden) == before
    assert shown[0] == sleep.id
    assert recovery.sleep_id == sleep.id
    assert recovery.cycle_id == cycle.id == sleep.cycle_id


# --- records -------------------------------------------------------------------------------------


def test_score_is_present_only_while_scored(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=5)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    sleep = whoop.sleeps(user.user_id)[0]

    whoop.set_pending(sleep.id)
    pending = api.get(f"/v2/activity/sleep/{sleep.id}").json()
    pending_recovery = api.get(f"/v2/cycle/{sleep.cycle_id}/recovery").json()
    whoop.score(sleep.id)
    scored = api.get(f"/v2/activity/sleep/{sleep.id}").json()
    scored_recovery = api.get(f"/v2/cycle/{sleep.cycle_id}/recovery").json()

    assert pending["score_state"] == "PENDING_SCORE"
    assert "score" not in pending
    assert pending_recovery["score_state"] == "PENDING_SCORE"
    assert "score" not in pending_recovery
    assert scored["score_state"] == "SCORED"
    assert scored["score"]["stage_summary"]["total_in_bed_time_milli"] > 0
    assert scored_recovery["score"]["recovery_score"] >= 0


def test_a_new_night_is_pending_until_scored(whoop: WhoopFake, clock: ManualClock) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=2)
    previous = whoop.cycles(user.user_id)[0]
    _, sleep, _ = whoop.add_night(user.user_id)
    clock.advance(days=1)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)

    before = api.get(f"/v2/activity/sleep/{sleep.id}").json()
    whoop.score(sleep.id)
    after = api.get(f"/v2/activity/sleep/{sleep.id}").json()
    closed = api.get(f"/v2/cycle/{previous.id}").json()

    assert before["score_state"] == "PENDING_SCORE"
    assert after["score_state"] == "SCORED"
    assert after["updated_at"] > before["updated_at"]
    assert closed["end"] == before["start"]


def test_a_deleted_workout_is_gone(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    workout = whoop.add_workout(user.user_id, start=START - timedelta(hours=3), minutes=40)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    assert api.get(f"/v2/activity/workout/{workout.id}").json()["sport_name"] == "running"

    whoop.delete_workout(workout.id)

    assert api.get(f"/v2/activity/workout/{workout.id}").status_code == 404
    assert api.get("/v2/activity/workout").json()["records"] == []


def test_a_deleted_sleep_takes_its_recovery_and_unscorable_shows_no_score(
    whoop: WhoopFake,
) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=3)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    gone, kept = whoop.sleeps(user.user_id)[:2]

    whoop.delete_sleep(gone.id)
    whoop.set_unscorable(kept.cycle_id)

    assert api.get(f"/v2/activity/sleep/{gone.id}").status_code == 404
    assert api.get(f"/v2/cycle/{gone.cycle_id}/recovery").status_code == 404
    cycle = api.get(f"/v2/cycle/{kept.cycle_id}").json()
    assert cycle["score_state"] == "UNSCORABLE"
    assert "score" not in cycle
    assert whoop.record(kept.id) == kept


def test_a_cycle_leads_to_its_sleep_and_its_recovery(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=4)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    cycle = whoop.cycles(user.user_id)[1]

    sleep = api.get(f"/v2/cycle/{cycle.id}/sleep").json()
    recovery = api.get(f"/v2/cycle/{cycle.id}/recovery").json()

    assert sleep["cycle_id"] == cycle.id
    assert sleep["nap"] is False
    assert recovery["cycle_id"] == cycle.id
    assert recovery["sleep_id"] == sleep["id"]
    assert api.get("/v2/cycle/1/recovery").status_code == 404
    assert api.get("/v2/activity/sleep/not-a-uuid").status_code == 400


def test_one_members_records_are_invisible_to_another(whoop: WhoopFake) -> None:
    first, second = whoop.add_user(), whoop.add_user(first_name="Iryna")
    whoop.generate_history(first.user_id, days=3)
    api = _api(whoop, whoop.issue_tokens(second.user_id).access_token)
    sleep = whoop.sleeps(first.user_id)[0]

    assert api.get("/v2/activity/sleep").json()["records"] == []
    assert api.get(f"/v2/activity/sleep/{sleep.id}").status_code == 404


def test_history_is_realistic(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    history = whoop.generate_history(user.user_id, days=90)
    cycles = sorted(history.cycles, key=lambda c: c.start)
    nights = [s for s in history.sleeps if not s.nap]

    assert len(cycles) == len(nights) == len(history.recoveries)
    for earlier, later in itertools.pairwise(cycles):
        assert earlier.end == later.start
        assert earlier.score is not None and 4000 < earlier.score["kilojoule"] < 20000
    assert cycles[-1].end is None
    for sleep in nights:
        assert timedelta(hours=5) < sleep.end - sleep.start < timedelta(hours=10)
        stages = sleep.score["stage_summary"] if sleep.score else {}
        parts = [v for k, v in stages.items() if k.endswith("_milli") and "in_bed" not in k]
        assert sum(parts) == stages["total_in_bed_time_milli"]
    by_cycle = {c.id: c for c in cycles}
    for recovery in history.recoveries:
        assert by_cycle[recovery.cycle_id].start == next(
            s.start for s in nights if s.id == recovery.sleep_id
        )
    assert 0.6 < len(history.workouts) / 90 < 1.0
    assert all(w.end <= START for w in history.workouts)


def test_history_is_deterministic_from_the_seed(clock: ManualClock) -> None:
    def generate(seed: int) -> list[dict[str, Any]]:
        fake = WhoopFake(clock=clock, seed=seed)
        user = fake.add_user()
        history = fake.generate_history(user.user_id, days=20)
        records: list[Cycle | Sleep | Workout] = [
            *history.cycles,
            *history.sleeps,
            *history.workouts,
        ]
        return [r.to_json() for r in records]

    assert generate(7) == generate(7)
    assert generate(7) != generate(8)


def _strict(schemas: dict[str, Any]) -> dict[str, Any]:
    """The spec's schemas, with no property allowed beyond those it names."""
    schemas = copy.deepcopy(schemas)
    for schema in schemas.values():
        if "properties" in schema:
            schema["additionalProperties"] = False
    return schemas


def test_every_answer_follows_the_openapi_schemas(whoop: WhoopFake) -> None:
    schemas = _strict(yaml.safe_load((SPECS / "openapi.yml").read_text())["components"]["schemas"])
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=8)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    cycle = whoop.cycles(user.user_id)[1]
    workout = whoop.workouts(user.user_id)[0]
    whoop.set_pending(workout.id)
    answers = {
        "PaginatedCycleResponse": api.get("/v2/cycle", params={"limit": 25}),
        "PaginatedSleepResponse": api.get("/v2/activity/sleep", params={"limit": 3}),
        "RecoveryCollection": api.get("/v2/recovery", params={"limit": 25}),
        "WorkoutCollection": api.get("/v2/activity/workout", params={"limit": 25}),
        "Cycle": api.get(f"/v2/cycle/{cycle.id}"),
        "Sleep": api.get(f"/v2/cycle/{cycle.id}/sleep"),
        "Recovery": api.get(f"/v2/cycle/{cycle.id}/recovery"),
        "WorkoutV2": api.get(f"/v2/activity/workout/{workout.id}"),
        "UserBasicProfile": api.get("/v2/user/profile/basic"),
        "UserBodyMeasurement": api.get("/v2/user/measurement/body"),
    }

    for name, response in answers.items():
        assert response.status_code == 200, name
        validator = jsonschema_rs.validator_for(
            {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}
        )
        errors = [str(e) for e in validator.iter_errors(response.json())]
        assert errors == [], name


# --- rate limit ----------------------------------------------------------------------------------


def test_the_minute_budget_answers_429_and_every_answer_says_where_it_stands(
    clock: ManualClock,
) -> None:
    with running_whoop(clock=clock, per_minute=5) as whoop:
        user = whoop.add_user()
        api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)

        answers = [api.get("/v2/user/profile/basic") for _ in range(6)]
        clock.advance(seconds=59)
        still_limited = api.get("/v2/user/profile/basic")
        clock.advance(seconds=1)
        again = api.get("/v2/user/profile/basic")

        assert [a.status_code for a in answers] == [200] * 5 + [429]
        assert [a.headers["x-ratelimit-remaining"] for a in answers] == list("432100")
        assert answers[0].headers["x-ratelimit-limit"] == "5, 5;window=60, 10000;window=86400"
        assert answers[-1].headers["x-ratelimit-reset"] == "60"
        assert still_limited.status_code == 429
        assert still_limited.headers["x-ratelimit-reset"] == "1"
        assert again.status_code == 200
        assert whoop.rate_limited_count == 2
        assert whoop.max_requests_in_any_minute == 7


def test_the_day_budget_is_separate(clock: ManualClock) -> None:
    with running_whoop(clock=clock, per_day=3) as whoop:
        user = whoop.add_user()
        api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)

        answers = []
        for _ in range(4):
            answers.append(api.get("/v2/cycle"))
            clock.advance(minutes=5)

        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[-1].headers["x-ratelimit-limit"].startswith("3, ")
        assert int(answers[-1].headers["x-ratelimit-reset"]) == 86_400 - 15 * 60
        assert whoop.max_requests_in_any_minute == 1


def test_unauthenticated_requests_count_against_the_budget_too(whoop: WhoopFake) -> None:
    response = httpx.get(f"{whoop.api_base_url}/v2/cycle")

    assert response.status_code == 401
    assert response.headers["x-ratelimit-remaining"] == "99"
    assert whoop.count("getCycleCollection", status=401) == 1


def test_the_request_log_counts_by_operation_and_path(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=2)
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    sleep = whoop.sleeps(user.user_id)[0]

    api.get(f"/v2/activity/sleep/{sleep.id}")
    api.get(f"/v2/activity/sleep/{sleep.id}")
    api.get("/v2/activity/sleep", params={"limit": 1})

    assert whoop.count("getSleepById") == 2
    assert whoop.count(path=f"/v2/activity/sleep/{sleep.id}") == 2
    assert whoop.count(path="/v2/activity/sleep") == 1
    assert whoop.requests[-1].query == "limit=1"


def test_injected_server_errors_come_before_the_handler(whoop: WhoopFake) -> None:
    user = whoop.add_user()
    api = _api(whoop, whoop.issue_tokens(user.user_id).access_token)
    whoop.fail_api_requests(2, status=500)

    statuses = [api.get("/v2/user/profile/basic").status_code for _ in range(3)]

    assert statuses == [500, 500, 200]


# --- webhooks ------------------------------------------------------------------------------------


def test_the_signature_reproduces_the_shared_vector() -> None:
    path = SPECS / "webhook-signature-example.json"
    vector = json.loads(path.read_text())

    signature = whoop_signature(
        vector["client_secret"],
        vector["X-WHOOP-Signature-Timestamp"],
        vector["raw_body"].encode(),
    )

    assert signature == vector["X-WHOOP-Signature"]


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[bytes, dict[str, str]]]]]:
    """A stand-in for the product's webhook route that keeps what it got."""
    received: list[tuple[bytes, dict[str, str]]] = []

    @post("/whoop/webhook", status_code=204)
    async def webhook(request: Request[Any, Any, Any]) -> None:
        received.append((await request.body(), dict(request.headers)))

    with serve_in_thread(Litestar(route_handlers=[webhook])) as url:
        yield f"{url}/whoop/webhook", received


def test_an_emitted_webhook_is_signed_over_the_raw_body(
    whoop: WhoopFake, receiver: tuple[str, list[tuple[bytes, dict[str, str]]]]
) -> None:
    url, received = receiver
    user = whoop.add_user()
    whoop.generate_history(user.user_id, days=2)
    sleep = whoop.sleeps(user.user_id)[0]

    delivery = whoop.emit_webhook(url, user.user_id, sleep.id, "recovery.updated")

    assert delivery.status_code == 204
    body, headers = received[0]
    stamp = headers["x-whoop-signature-timestamp"]
    expected = hmac.new(whoop.client_secret.encode(), stamp.encode() + body, hashlib.sha256)
    assert headers["x-whoop-signature"] == base64.b64encode(expected.digest()).decode()
    assert stamp == str(int(START.timestamp() * 1000))
    payload = json.loads(body)
    assert payload["user_id"] == user.user_id
    assert payload["id"] == sleep.id
    assert payload["type"] == "recovery.updated"
    assert len(payload["trace_id"]) == 36
    assert whoop.deliveries == [delivery]


async def test_webhooks_can_be_sent_from_async_tests(
    whoop: WhoopFake, receiver: tuple[str, list[tuple[bytes, dict[str, str]]]]
) -> None:
    url, received = receiver
    webhook = whoop.webhook(42, "ecfc6a15-4661-442f-a9a4-f160dd7afae8", "workout.deleted")
    forged = webhook.with_signature("AAAA")

    await whoop.asend_webhook(url, forged)
    async with httpx.AsyncClient() as client:
        listed = await client.get(f"{whoop.api_base_url}/v2/cycle")

    assert received[0][0] == webhook.body
    assert received[0][1]["x-whoop-signature"] == "AAAA"
    assert listed.status_code == 401

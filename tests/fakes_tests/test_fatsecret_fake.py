"""The fake FatSecret, driven over real HTTP with a minimal OAuth 1.0 signer written here, apart
from both the fake's verifier and the product's signer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import httpx
import pytest
from authlib.oauth1.rfc5849 import client_auth

from tests.fakes.fatsecret import AccessCredentials, FatSecretFake, date_int, running_fatsecret

CAPTURE = (
    Path(__file__).resolve().parents[1] / "specs" / "fatsecret" / "foods-search-v3-banana.json"
)
CALLBACK = "https://bot.example.org/fatsecret/callback?from=bot"
DAY = date_int(date(2025, 6, 10))


def _enc(text: str) -> str:
    return quote(text, safe="~")


def sign(
    fake: FatSecretFake,
    method: str,
    url: str,
    params: dict[str, str],
    token: AccessCredentials | tuple[str, str] | None = None,
    /,
    **oauth: str,
) -> tuple[tuple[str, str], ...]:
    """Parameters plus oauth_* and an HMAC-SHA1 signature over `method url`."""
    token_key, token_secret = (
        (token.token, token.secret) if isinstance(token, AccessCredentials) else (token or ("", ""))
    )
    protocol = {
        "oauth_consumer_key": fake.consumer_key,
        "oauth_nonce": uuid.uuid4().hex,
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(int(time.time())),
        "oauth_version": "1.0",
        **({"oauth_token": token_key} if token_key else {}),
        **oauth,
    }
    pairs = [*params.items(), *protocol.items()]
    normalized = "&".join(f"{k}={v}" for k, v in sorted((_enc(k), _enc(v)) for k, v in pairs))
    base = f"{method}&{_enc(url)}&{_enc(normalized)}"
    key = f"{_enc(fake.consumer_secret)}&{_enc(token_secret)}"
    signature = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest())
    return (*pairs, ("oauth_signature", signature.decode()))


def call(
    fake: FatSecretFake,
    method: str,
    token: AccessCredentials | None = None,
    *,
    http: str = "GET",
    **params: str,
) -> dict[str, Any]:
    """A method-style call to server.api, signed in the query (GET) or the form body (POST)."""
    params = {"method": method, "format": "json", **params}
    signed = sign(fake, http, fake.server_api_url, params, token)
    if http == "GET":
        response = httpx.get(fake.server_api_url, params=signed)
    else:
        response = httpx.post(fake.server_api_url, data=dict(signed))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _scalars(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _scalars(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _scalars(item, f"{path}[{index}]")
    else:
        yield path, value


def _not_strings(body: dict[str, Any]) -> list[str]:
    return [p for p, v in _scalars(body) if not isinstance(v, str)]


@pytest.fixture
def fatsecret() -> Iterator[FatSecretFake]:
    with running_fatsecret() as fake:
        yield fake


@pytest.fixture
def linked(fatsecret: FatSecretFake) -> AccessCredentials:
    return fatsecret.issue_access_token(fatsecret.add_user("olena"))


# --- three-legged OAuth --------------------------------------------------------------------------


def test_three_legged_linking_gives_the_users_persistent_credentials(
    fatsecret: FatSecretFake,
) -> None:
    user = fatsecret.add_user("taras")
    signed = sign(fatsecret, "POST", fatsecret.request_token_url, {}, oauth_callback=CALLBACK)
    answer = httpx.post(fatsecret.request_token_url, data=dict(signed))
    request_token = {k: v[0] for k, v in parse_qs(answer.text).items()}

    approval = httpx.get(
        fatsecret.authorize_url, params={"oauth_token": request_token["oauth_token"]}
    )
    back = {k: v[0] for k, v in parse_qs(urlsplit(approval.headers["location"]).query).items()}
    pair = (request_token["oauth_token"], request_token["oauth_token_secret"])
    exchange = sign(
        fatsecret,
        "GET",
        fatsecret.access_token_url,
        {},
        pair,
        oauth_verifier=back["oauth_verifier"],
    )
    access = httpx.get(fatsecret.access_token_url, params=exchange)
    replay = sign(
        fatsecret,
        "GET",
        fatsecret.access_token_url,
        {},
        pair,
        oauth_verifier=back["oauth_verifier"],
    )
    replayed = httpx.get(fatsecret.access_token_url, params=replay)

    assert answer.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert request_token["oauth_callback_confirmed"] == "true"
    assert approval.status_code == 302
    assert approval.headers["location"].startswith(CALLBACK + "&")
    assert back["from"] == "bot"
    assert back["oauth_token"] == request_token["oauth_token"]
    credentials = {k: v[0] for k, v in parse_qs(access.text).items()}
    assert AccessCredentials(
        credentials["oauth_token"], credentials["oauth_token_secret"]
    ) == fatsecret.credentials_of(user)
    assert replayed.status_code == 401
    assert replayed.json()["error"]["code"] == 9


def test_a_request_token_needs_a_callback(fatsecret: FatSecretFake) -> None:
    signed = sign(fatsecret, "POST", fatsecret.request_token_url, {})

    answer = httpx.post(fatsecret.request_token_url, data=dict(signed))

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == 2


def test_the_user_can_refuse_to_link(fatsecret: FatSecretFake) -> None:
    fatsecret.add_user()
    fatsecret.deny_next_authorization()
    signed = sign(fatsecret, "POST", fatsecret.request_token_url, {}, oauth_callback=CALLBACK)
    token = parse_qs(httpx.post(fatsecret.request_token_url, data=dict(signed)).text)
    token_key = token["oauth_token"][0]

    refusal = httpx.get(fatsecret.authorize_url, params={"oauth_token": token_key})

    back = parse_qs(urlsplit(refusal.headers["location"]).query)
    assert "oauth_verifier" not in back
    assert back["denied"] == [token_key]


def test_the_access_token_step_needs_the_verifier_the_user_got(fatsecret: FatSecretFake) -> None:
    fatsecret.add_user()
    signed = sign(fatsecret, "POST", fatsecret.request_token_url, {}, oauth_callback=CALLBACK)
    token = {
        k: v[0]
        for k, v in parse_qs(
            httpx.post(fatsecret.request_token_url, data=dict(signed)).text
        ).items()
    }
    httpx.get(fatsecret.authorize_url, params={"oauth_token": token["oauth_token"]})
    pair = (token["oauth_token"], token["oauth_token_secret"])

    wrong = sign(fatsecret, "POST", fatsecret.access_token_url, {}, pair, oauth_verifier="guess")
    answer = httpx.post(fatsecret.access_token_url, data=dict(wrong))

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == 9


# --- signature checking --------------------------------------------------------------------------


def test_signatures_are_accepted_in_the_query_the_body_and_the_header(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    params = {"method": "foods.search", "search_expression": "egg", "format": "json"}
    header_signed = sign(fatsecret, "GET", fatsecret.server_api_url, params, linked)
    oauth = ", ".join(f'{k}="{_enc(v)}"' for k, v in header_signed if k.startswith("oauth_"))

    in_query = call(fatsecret, "foods.search", linked, search_expression="egg")
    in_body = call(fatsecret, "foods.search", linked, http="POST", search_expression="egg")
    in_header = httpx.get(
        fatsecret.server_api_url,
        params=params,
        headers={"Authorization": f'OAuth realm="fatsecret", {oauth}'},
    ).json()

    assert in_query == in_body == in_header
    assert in_query["foods"]["food"]["food_name"] == "Egg"


def test_a_bad_signature_is_refused_with_code_8(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    signed = sign(
        fatsecret,
        "GET",
        fatsecret.server_api_url,
        {"method": "food_entries.get.v2", "format": "json"},
        linked,
    )
    tampered = (*signed, ("date", "20000"))  # added after signing
    wrong_secret = sign(
        fatsecret,
        "GET",
        fatsecret.server_api_url,
        {"method": "food_entries.get.v2", "format": "json"},
        AccessCredentials(linked.token, "not-the-secret"),
    )

    answers = [
        httpx.get(fatsecret.server_api_url, params=tampered),
        httpx.get(fatsecret.server_api_url, params=wrong_secret),
    ]

    for answer in answers:
        assert answer.status_code == 200
        error = answer.json()["error"]
        assert error["code"] == 8
        assert error["message"].startswith("Invalid signature")
    assert fatsecret.count(error_code=8) == 2


def test_the_signature_covers_the_url_exactly_as_received(fatsecret: FatSecretFake) -> None:
    params = {"method": "foods.search", "search_expression": "apple", "format": "json"}
    elsewhere = fatsecret.server_api_url.replace("127.0.0.1", "localhost")
    signed_for_elsewhere = sign(fatsecret, "GET", elsewhere, params)
    upper_path = sign(
        fatsecret, "GET", fatsecret.server_api_url.replace("server", "SERVER"), params
    )

    answers = [
        httpx.get(fatsecret.server_api_url, params=signed_for_elsewhere).json(),
        httpx.get(fatsecret.server_api_url, params=upper_path).json(),
    ]

    assert [a["error"]["code"] for a in answers] == [8, 8]


def test_a_nonce_works_once(fatsecret: FatSecretFake) -> None:
    signed = sign(
        fatsecret,
        "GET",
        fatsecret.server_api_url,
        {"method": "food.get.v2", "food_id": "35755", "format": "json"},
    )

    first = httpx.get(fatsecret.server_api_url, params=signed).json()
    second = httpx.get(fatsecret.server_api_url, params=signed).json()

    assert first["food"]["food_name"] == "Bananas"
    assert second["error"]["code"] == 7


def test_a_refused_request_does_not_spend_its_nonce(fatsecret: FatSecretFake) -> None:
    params = {"method": "food.get.v2", "food_id": "35755", "format": "json"}
    nonce = "reusable-after-refusal"
    bad = sign(fatsecret, "GET", fatsecret.server_api_url, params, oauth_nonce=nonce)
    bad = tuple((k, "AAAA" if k == "oauth_signature" else v) for k, v in bad)
    good = sign(fatsecret, "GET", fatsecret.server_api_url, params, oauth_nonce=nonce)

    assert httpx.get(fatsecret.server_api_url, params=bad).json()["error"]["code"] == 8
    assert "food" in httpx.get(fatsecret.server_api_url, params=good).json()


def test_a_stale_timestamp_is_refused_with_code_6(fatsecret: FatSecretFake) -> None:
    params = {"method": "foods.search", "search_expression": "rice", "format": "json"}
    stale = sign(
        fatsecret,
        "GET",
        fatsecret.server_api_url,
        params,
        oauth_timestamp=str(int(time.time()) - 3600),
    )

    answer = httpx.get(fatsecret.server_api_url, params=stale).json()

    assert answer["error"]["code"] == 6


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"oauth_consumer_key": "someone-else"}, 5),
        ({"oauth_signature_method": "PLAINTEXT"}, 4),
        ({"oauth_nonce": ""}, 2),
        ({"oauth_token": "never-issued"}, 9),
    ],
)
def test_other_oauth_faults_have_their_codes(
    fatsecret: FatSecretFake, change: dict[str, str], code: int
) -> None:
    params = {"method": "foods.search", "search_expression": "rice", "format": "json"}
    signed = sign(fatsecret, "GET", fatsecret.server_api_url, params, **change)

    assert httpx.get(fatsecret.server_api_url, params=signed).json()["error"]["code"] == code


def test_a_revoked_token_answers_code_9(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    assert "error" not in call(fatsecret, "food_entries.get.v2", linked, date=str(DAY))
    user = fatsecret.add_user("not-linked")

    fatsecret.revoke(fatsecret.user_of(linked))

    assert call(fatsecret, "food_entries.get.v2", linked, date=str(DAY))["error"]["code"] == 9
    assert fatsecret.credentials_of(user) is None


def test_diary_methods_need_the_users_token(fatsecret: FatSecretFake) -> None:
    assert call(fatsecret, "food_entries.get.v2", date=str(DAY))["error"]["code"] == 2


def test_authlibs_rfc5849_signer_is_accepted(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    """Authlib's core signer (its httpx integration here targets the `httpx2` package)."""
    credentials = (fatsecret.consumer_key, fatsecret.consumer_secret, linked.token, linked.secret)
    query = urlencode({"method": "food_entries.get.v2", "date": str(DAY), "format": "json"})
    header_signer = client_auth.ClientAuth(*credentials, signature_type="HEADER")
    body_signer = client_auth.ClientAuth(*credentials, signature_type="BODY")
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    uri, headers, _ = header_signer.sign("GET", f"{fatsecret.server_api_url}?{query}", {}, b"")
    by_header = httpx.get(uri, headers=headers).json()
    uri, headers, body = body_signer.sign("POST", fatsecret.server_api_url, form, query)
    by_body = httpx.post(uri, headers=headers, content=body).json()

    assert by_header == by_body == {"food_entries": None}


# --- foods ---------------------------------------------------------------------------------------


def test_foods_search_v1_describes_per_100g_in_strings(fatsecret: FatSecretFake) -> None:
    body = call(fatsecret, "foods.search", search_expression="chicken breast")
    several = call(fatsecret, "foods.search", search_expression="oatmeal", max_results="1")

    food = body["foods"]["food"]
    assert food["food_description"] == (
        "Per 100g - Calories: 165kcal | Fat: 3.60g | Carbs: 0.00g | Protein: 31.00g"
    )
    assert body["foods"]["total_results"] == "1"
    assert several["foods"]["total_results"] == "2"
    assert several["foods"]["max_results"] == "1"
    assert _not_strings(body) == []
    brand = call(fatsecret, "foods.search", search_expression="quaker")["foods"]["food"]
    assert brand["brand_name"] == "Quaker"
    assert brand["food_description"].startswith("Per 1 packet - Calories: 100kcal")


def test_foods_search_v3_gives_the_captured_banana(fatsecret: FatSecretFake) -> None:
    captured = json.loads(CAPTURE.read_text())["foods_search"]

    body = call(fatsecret, "foods.search.v3", search_expression="banana", max_results="3")

    search = body["foods_search"]
    assert search["results"]["food"] == captured["results"]["food"]
    assert search["max_results"] == "3"
    assert search["page_number"] == "0"
    assert _not_strings(body) == []


def test_every_food_has_the_full_set_of_string_nutrients(fatsecret: FatSecretFake) -> None:
    for food_id in ("35755", "3092", "35718", "38710", "1641", "4501", "4881", "58349"):
        body = call(fatsecret, "food.get.v2", food_id=food_id)

        servings = body["food"]["servings"]["serving"]
        assert isinstance(servings, list)
        assert all(
            {"serving_id", "calories", "protein", "fat", "carbohydrate"} <= set(s) for s in servings
        )
        assert _not_strings(body) == []


def test_a_lone_child_comes_as_an_object_when_switched_or_old_style(
    fatsecret: FatSecretFake,
) -> None:
    as_list = call(fatsecret, "food.get.v2", food_id="58349")["food"]["servings"]["serving"]
    old_style = call(fatsecret, "food.get", food_id="58349")["food"]["servings"]["serving"]
    fatsecret.single_child_as_object = True
    switched = call(fatsecret, "food.get.v2", food_id="58349")["food"]["servings"]["serving"]
    two = call(fatsecret, "food.get.v2", food_id="4501")["food"]["servings"]["serving"]

    assert isinstance(as_list, list)
    assert len(as_list) == 1
    assert old_style == switched == as_list[0]
    assert isinstance(two, list)


def test_unknown_ids_and_missing_parameters_have_their_codes(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    assert call(fatsecret, "food.get.v2", food_id="0")["error"]["code"] == 106
    assert call(fatsecret, "food.get.v2")["error"]["code"] == 101
    assert (
        call(fatsecret, "foods.search", search_expression="x", max_results="51")["error"]["code"]
        == 107
    )
    assert call(fatsecret, "no.such.method")["error"]["code"] == 23
    assert call(fatsecret, "food_entry.delete", linked, food_entry_id="1")["error"]["code"] == 106


def test_without_format_json_the_answer_is_xml(fatsecret: FatSecretFake) -> None:
    params = {"method": "foods.search", "search_expression": "egg"}

    answer = httpx.get(
        fatsecret.server_api_url, params=sign(fatsecret, "GET", fatsecret.server_api_url, params)
    )

    assert answer.headers["content-type"].startswith("text/xml")


# --- the diary -----------------------------------------------------------------------------------


def test_an_entry_is_created_read_edited_and_deleted(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    user = fatsecret.user_of(linked)
    created = call(
        fatsecret,
        "food_entry.create",
        linked,
        http="POST",
        food_id="35755",
        food_entry_name="Банан",
        serving_id="58486",
        number_of_units="150",
        meal="lunch",
        date=str(DAY),
    )
    entry_id = created["food_entry_id"]["value"]
    listed = call(fatsecret, "food_entries.get.v2", linked, date=str(DAY))
    edited = call(
        fatsecret,
        "food_entry.edit",
        linked,
        http="POST",
        food_entry_id=entry_id,
        number_of_units="200",
        meal="dinner",
    )
    after_edit = fatsecret.diary(user, DAY)
    deleted = call(fatsecret, "food_entry.delete", linked, http="POST", food_entry_id=entry_id)

    entries = listed["food_entries"]["food_entry"]
    assert [e["food_entry_id"] for e in entries] == [entry_id]
    assert entries[0]["calories"] == "134"  # 89 kcal per 100 g, 150 g
    assert entries[0]["meal"] == "Lunch"
    assert entries[0]["date_int"] == str(DAY)
    assert entries[0]["food_entry_name"] == "Банан"
    assert entries[0]["food_entry_description"] == "150 g Bananas"
    assert _not_strings(listed) == []
    assert edited == {"success": {"value": "1"}}
    assert after_edit[0].calories == Decimal("178.00")
    assert after_edit[0].meal == "dinner"
    assert deleted == {"success": {"value": "1"}}
    assert fatsecret.diary(user) == []
    assert call(fatsecret, "food_entries.get.v2", linked, date=str(DAY)) == {"food_entries": None}


def test_entries_made_in_fatsecrets_own_app_are_listed_by_day_and_month(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    user = fatsecret.user_of(linked)
    other = fatsecret.add_user("someone-else")
    fatsecret.add_entry(
        user, food_id="3092", serving_id="11327", number_of_units=2, meal="breakfast", day=DAY
    )
    fatsecret.add_entry(
        user, food_id="4501", serving_id="17812", number_of_units=1, meal="dinner", day=DAY + 1
    )
    fatsecret.add_entry(
        other, food_id="4501", serving_id="17812", number_of_units=1, meal="dinner", day=DAY
    )

    day = call(fatsecret, "food_entries.get", linked, date=str(DAY))["food_entries"]["food_entry"]
    month = call(fatsecret, "food_entries.get_month.v2", linked, date=str(DAY))["month"]

    assert day["food_entry_description"] == "2 large Egg"  # old style: the lone entry as an object
    assert day["calories"] == "143"
    assert month["from_date_int"] == str(date_int(date(2025, 6, 1)))
    assert month["to_date_int"] == str(date_int(date(2025, 6, 30)))
    assert [(d["date_int"], d["calories"]) for d in month["day"]] == [
        (str(DAY), "143"),
        (str(DAY + 1), "205"),
    ]


def test_edits_and_deletes_made_in_fatsecrets_own_app_show_through_the_api(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    user = fatsecret.user_of(linked)
    egg = fatsecret.add_entry(
        user, food_id="3092", serving_id="11327", number_of_units=1, meal="breakfast", day=DAY
    )
    rice = fatsecret.add_entry(
        user, food_id="4501", serving_id="53260", number_of_units=100, meal="lunch", day=DAY
    )

    fatsecret.edit_entry(egg.food_entry_id, number_of_units=3, meal="other")
    fatsecret.delete_entry(rice.food_entry_id)
    listed = call(fatsecret, "food_entries.get.v2", linked, date=str(DAY))["food_entries"]

    assert [(e["food_entry_id"], e["meal"], e["calories"]) for e in listed["food_entry"]] == [
        (egg.food_entry_id, "Other", "215")
    ]


def test_a_create_can_time_out_after_it_was_stored(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    user = fatsecret.user_of(linked)
    fatsecret.time_out_next("food_entry.create", after_commit=True, seconds=30)
    params = {
        "method": "food_entry.create",
        "format": "json",
        "food_id": "4881",
        "food_entry_name": "Oatmeal",
        "serving_id": "18562",
        "number_of_units": "1",
        "meal": "breakfast",
        "date": str(DAY),
    }
    signed = sign(fatsecret, "POST", fatsecret.server_api_url, params, linked)

    with pytest.raises(httpx.ReadTimeout):
        httpx.post(fatsecret.server_api_url, data=dict(signed), timeout=0.3)
    listed = call(fatsecret, "food_entries.get.v2", linked, date=str(DAY))

    assert [e.food_entry_name for e in fatsecret.diary(user)] == ["Oatmeal"]
    assert listed["food_entries"]["food_entry"][0]["food_entry_name"] == "Oatmeal"


def test_a_create_can_time_out_before_it_was_stored(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    user = fatsecret.user_of(linked)
    fatsecret.time_out_next("food_entry.create", after_commit=False, seconds=30)
    params = {
        "method": "food_entry.create",
        "format": "json",
        "food_id": "4881",
        "food_entry_name": "Oatmeal",
        "serving_id": "18562",
        "number_of_units": "1",
        "meal": "other",
        "date": str(DAY),
    }

    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            fatsecret.server_api_url,
            data=dict(sign(fatsecret, "POST", fatsecret.server_api_url, params, linked)),
            timeout=0.3,
        )

    assert fatsecret.diary(user) == []


def test_a_client_that_waits_out_an_uncommitted_create_gets_error_24(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    fatsecret.time_out_next("food_entry.create", after_commit=False, seconds=0.05)

    answer = call(
        fatsecret,
        "food_entry.create",
        linked,
        http="POST",
        food_id="35718",
        food_entry_name="Apple",
        serving_id="32915",
        number_of_units="1",
        meal="other",
        date=str(DAY),
    )

    assert answer["error"]["code"] == 24
    assert fatsecret.diary(fatsecret.user_of(linked)) == []


def test_too_many_actions_answers_code_12_then_recovers(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    fatsecret.too_many_actions(1)

    first = call(fatsecret, "food_entries.get.v2", linked, date=str(DAY))
    second = call(fatsecret, "food_entries.get.v2", linked, date=str(DAY))

    assert first["error"]["code"] == 12
    assert "error" not in second


def test_an_outage_answers_bare_http_errors(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    fatsecret.fail_requests(1, status=503)
    params = {"method": "food_entries.get.v2", "format": "json", "date": str(DAY)}

    answer = httpx.get(
        fatsecret.server_api_url,
        params=sign(fatsecret, "GET", fatsecret.server_api_url, params, linked),
    )

    assert answer.status_code == 503
    assert [c.http_status for c in fatsecret.calls] == [503]


def test_the_documented_url_paths_work_too(
    fatsecret: FatSecretFake, linked: AccessCredentials
) -> None:
    user = fatsecret.user_of(linked)
    search_url = f"{fatsecret.api_base_url}/foods/search/v1"
    create_url = f"{fatsecret.api_base_url}/food-entries/v1"
    create = {
        "format": "json",
        "food_id": "38710",
        "food_entry_name": "Гречка",
        "serving_id": "34411",
        "number_of_units": "1",
        "meal": "lunch",
        "date": str(DAY),
    }

    search = httpx.get(
        search_url,
        params=sign(
            fatsecret, "GET", search_url, {"search_expression": "buckwheat", "format": "json"}
        ),
    ).json()
    created = httpx.post(
        create_url, data=dict(sign(fatsecret, "POST", create_url, create, linked))
    ).json()

    assert search["foods"]["food"]["food_id"] == "38710"
    assert [e.food_entry_id for e in fatsecret.diary(user, DAY)] == [
        created["food_entry_id"]["value"]
    ]
    assert fatsecret.count("food_entry.create") == 1


def test_encoded_characters_in_the_query_are_signed_as_received(fatsecret: FatSecretFake) -> None:
    params = {
        "method": "foods.search",
        "search_expression": "White rice (cooked) & ~",
        "format": "json",
    }
    signed = sign(fatsecret, "GET", fatsecret.server_api_url, params)

    answer = httpx.get(f"{fatsecret.server_api_url}?{urlencode(signed, quote_via=quote)}").json()

    assert "error" not in answer

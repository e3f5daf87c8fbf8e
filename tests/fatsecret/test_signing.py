"""The signer against every published OAuth 1.0 vector, and against the fake's verifier."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from adapters.fatsecret.signing import OAuth1Signer, SignedRequest
from adapters.memory.system import FixedClock
from application.ports.connections import ProviderCredentials
from domain.users import Language
from tests.fakes.fatsecret import FatSecretFake
from tests.fatsecret.world import World

VECTORS = Path(__file__).resolve().parents[1] / "specs" / "oauth1" / "vectors.json"


class OneNonce:
    def __init__(self, nonce: str) -> None:
        self._nonce = nonce

    def token(self) -> str:
        return self._nonce


def _vectors() -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads(VECTORS.read_text())["vectors"]
    return vectors


def _signer_for(vector: dict[str, Any]) -> OAuth1Signer:
    oauth = dict(p for p in vector["params_decoded"] if p[0].startswith("oauth_"))
    return OAuth1Signer(
        oauth["oauth_consumer_key"],
        vector["consumer_secret"],
        clock=FixedClock(datetime.fromtimestamp(int(oauth["oauth_timestamp"]), UTC)),
        nonces=OneNonce(oauth["oauth_nonce"]),
        include_version="oauth_version" in oauth,
    )


def _signed_params(request: SignedRequest) -> dict[str, list[str]]:
    pairs = parse_qsl(urlsplit(request.url).query, keep_blank_values=True)
    pairs += parse_qsl(request.body.decode(), keep_blank_values=True)
    params: dict[str, list[str]] = {}
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    return params


@pytest.fixture(autouse=True)
def _vectors_use_plain_http(monkeypatch: pytest.MonkeyPatch) -> None:
    # The published vectors sign http:// URLs, which Authlib refuses unless told otherwise.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.mark.parametrize("vector", _vectors(), ids=lambda v: str(v["name"]))
def test_every_published_vector_signs_to_its_signature(vector: dict[str, Any]) -> None:
    oauth = dict(p for p in vector["params_decoded"] if p[0].startswith("oauth_"))
    plain = [(k, v) for k, v in vector["params_decoded"] if not k.startswith("oauth_")]

    signed = _signer_for(vector).sign(
        vector["method"],
        vector["base_uri"],
        plain,
        token=oauth.get("oauth_token"),
        token_secret=vector["token_secret"],
    )

    params = _signed_params(signed)
    assert params["oauth_signature"] == [vector["signature"]]
    assert params["oauth_nonce"] == [oauth["oauth_nonce"]]
    assert params["oauth_timestamp"] == [oauth["oauth_timestamp"]]
    assert ("oauth_version" in params) == ("oauth_version" in oauth)


def test_the_rfc_request_with_query_and_form_body_signs_to_its_signature() -> None:
    """RFC 5849 §3.4.1.1 as sent: parameters in the query (double-encoded `%253D`, an encoded
    name `c%40`) and in the body (a repeated `a3`, an empty `c2`)."""
    [vector] = [v for v in _vectors() if v["method"] == "POST"]
    signed = _signer_for(vector).sign(
        "POST",
        "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
        [("c2", ""), ("a3", "2 q")],
        token="kkk9d7dh3k39sjv7",
        token_secret="dh893hdasih9",
    )

    assert signed.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert _signed_params(signed)["oauth_signature"] == ["r6/TJjbCOr97/+UU0NsvSne7s5g="]


async def test_the_fake_accepts_our_signatures_in_the_query_and_in_the_body(
    world: World, fake: FatSecretFake
) -> None:
    access = fake.issue_access_token(fake.add_user())
    credentials = ProviderCredentials(access_token=access.token, token_secret=access.secret)
    foods = await world.catalog.search("chicken breast", language=Language.EN)  # GET, two-legged
    lines = await world.diary.entries_on(credentials, date(2025, 3, 10))  # GET
    await world.diary.delete(credentials, ["19482001"])  # POST, an id already gone

    assert [f.name for f in foods] == ["Chicken Breast (Skinless, Roasted)"]
    assert lines == []
    assert fake.count(error_code=8) == 0
    assert {c.http_method for c in fake.calls} == {"GET", "POST"}

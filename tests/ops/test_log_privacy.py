"""The logs of an end-to-end run hold no secret, token or meal text at INFO and above.

Every record at DEBUG is captured as the JSON line production would write (the same handler,
with its redaction filter); the lines at INFO and above are scanned for each seeded secret."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from entrypoints.logs import json_handler
from tests.fakes.fatsecret import FatSecretFake
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.whoop import WhoopFake
from tests.ops.journey import run_journey
from tests.ops.site import (
    ADMIN_TOKEN,
    FERNET_KEY,
    OPENAI_KEY,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    running_site,
    site_settings,
)


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    handler = json_handler(buffer)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(previous)


def _events(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line]


async def test_no_secret_or_meal_text_in_the_logs_of_a_whole_run(
    log_lines: io.StringIO,
    database_url: str,
    redis_url: str,
    whoop: WhoopFake,
    fatsecret: FatSecretFake,
    openai: FakeOpenAI,
) -> None:
    settings = site_settings(whoop, fatsecret, openai)
    async with running_site(settings, database_url, redis_url) as site:
        handled = await run_journey(site, whoop, fatsecret, openai)
        metrics = await site.http.get(
            "/metrics", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        assert metrics.status_code == 200
        # A request whose query carries an OAuth code: it is logged by route, not by URL.
        await site.http.get("/whoop/callback", params={"state": "s" * 40, "code": "code-seeded-1"})

    password = urlsplit(database_url).password
    seeded = [
        whoop.client_secret,
        fatsecret.consumer_secret,
        FERNET_KEY,
        OPENAI_KEY,
        TELEGRAM_TOKEN,
        TELEGRAM_SECRET,
        ADMIN_TOKEN,
        "code-seeded-1",
        *([password] if password else []),
        *handled,
    ]
    events = _events(log_lines)
    informative = [
        e for e in events if logging.getLevelName(str(e["level"]).upper()) >= logging.INFO
    ]
    assert any(e["event"] == "request handled" for e in informative)  # the scan saw the run
    assert all("request_id" in e for e in informative if e["event"] == "request handled")
    hits = [
        (secret, json.dumps(event))
        for event in informative
        for secret in seeded
        if secret in json.dumps(event, ensure_ascii=False)
    ]
    assert hits == []


def test_the_redaction_filter_blanks_secret_fields_and_scrubs_tokens_in_text() -> None:
    buffer = io.StringIO()
    logger = logging.getLogger("tests.ops.redaction")
    handler = json_handler(buffer)
    logger.addHandler(handler)
    try:
        logger.warning(
            "called %s with Bearer abc.def-123",
            "https://x.example/cb?code=c0de-secret&state=ok",
            extra={"access_token": "tok-secret", "user_id": "u-1", "meal_text": "2 eggs"},
        )
        logger.warning("dsn postgresql://app:pa55word@db:5432/app")
    finally:
        logger.removeHandler(handler)
    first, second = _events(buffer)
    text = json.dumps([first, second])
    for secret in ("abc.def-123", "c0de-secret", "tok-secret", "2 eggs", "pa55word"):
        assert secret not in text
    assert first["user_id"] == "u-1" and "state=ok" in str(first["event"])


async def test_every_response_carries_a_request_id_that_a_proxy_may_set(
    database_url: str,
    redis_url: str,
    whoop: WhoopFake,
    fatsecret: FatSecretFake,
    openai: FakeOpenAI,
) -> None:
    settings = site_settings(whoop, fatsecret, openai)
    async with running_site(settings, database_url, redis_url) as site:
        fresh = await site.http.get("/health/live")
        given = await site.http.get("/health/live", headers={"X-Request-ID": "proxy-42"})
        odd = await site.http.get("/health/live", headers={"X-Request-ID": "bad id\twith spaces"})
    assert len(fresh.headers["x-request-id"]) == 16
    assert given.headers["x-request-id"] == "proxy-42"
    assert odd.headers["x-request-id"] != "bad id\twith spaces"
    assert isinstance(httpx.Headers(odd.headers).get("x-request-id"), str)

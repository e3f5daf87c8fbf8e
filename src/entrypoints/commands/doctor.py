"""`health-tracker doctor`: one line per check — configuration, database, Redis, and each
configured outside service's reachability and credentials. Exits 1 when any check fails.

Every outside check is one harmless request that tells a good credential from a bad one:
Telegram getMe, OpenAI's model list, WHOOP's token endpoint with a made-up code (a known client
gets `invalid_grant`, an unknown one `invalid_client`), and a signed FatSecret foods.search
(error 5 or 8: the consumer key or secret is wrong). Nothing secret is ever printed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import psycopg
from yoyo import get_backend, read_migrations

from adapters.crypto.tokens import TokenCipher, TokenKeyError
from adapters.fatsecret.signing import OAuth1Signer
from adapters.postgres.migrations import MIGRATIONS_DIR
from adapters.postgres.system import SystemClock, UrlSafeSecrets
from entrypoints.config import Settings
from entrypoints.runtime import StartupError, check_database, check_redis

NAME = "doctor"
HELP = "check configuration, storage and each configured outside service, one line each"
TIMEOUT_S = 10.0
SKIPPED = "skipped (not configured)"


class CheckFailedError(Exception):
    """A check's one-line reason; never carries a secret."""


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    configured: bool
    run: Callable[[], str]  # the detail on success; raises CheckFailedError


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    del args
    failed = False
    with httpx.Client(timeout=TIMEOUT_S) as http:
        for check in checks(settings, http):
            if not check.configured:
                line = SKIPPED
            else:
                try:
                    line = f"ok ({check.run()})"
                except CheckFailedError as error:
                    line, failed = f"FAILED: {error}", True
                except httpx.HTTPError as error:
                    line, failed = f"FAILED: unreachable ({type(error).__name__})", True
            print(f"{check.name:<14} {line}")
    return 1 if failed else 0


def checks(settings: Settings, http: httpx.Client) -> list[Check]:
    s = settings
    return [
        Check("configuration", True, lambda: _configuration(s)),
        Check("database", s.DATABASE_URL is not None, lambda: _database(s)),
        Check("redis", s.REDIS_URL is not None, lambda: _redis(s)),
        Check("telegram", bool(s.TELEGRAM_BOT_TOKEN), lambda: _telegram(s, http)),
        Check("openai", bool(s.OPENAI_API_KEY), lambda: _openai(s, http)),
        Check("whoop", bool(s.WHOOP_CLIENT_ID or s.WHOOP_CLIENT_SECRET), lambda: _whoop(s, http)),
        Check(
            "fatsecret",
            bool(s.FATSECRET_CONSUMER_KEY or s.FATSECRET_CONSUMER_SECRET),
            lambda: _fatsecret(s, http),
        ),
    ]


def _configuration(s: Settings) -> str:
    pairs = {
        "WHOOP": (s.WHOOP_CLIENT_ID, s.WHOOP_CLIENT_SECRET),
        "FATSECRET": (s.FATSECRET_CONSUMER_KEY, s.FATSECRET_CONSUMER_SECRET),
    }
    for service, (key, secret) in pairs.items():
        if bool(key) != bool(secret):
            raise CheckFailedError(f"{service}: set both the id/key and the secret, or neither")
    if s.TOKEN_ENCRYPTION_KEYS:
        try:
            TokenCipher.from_setting(s.TOKEN_ENCRYPTION_KEYS)
        except TokenKeyError:
            raise CheckFailedError(
                "TOKEN_ENCRYPTION_KEYS: not comma-separated Fernet keys"
            ) from None
        keys = "TOKEN_ENCRYPTION_KEYS"
    elif s.DATABASE_URL is not None:
        raise CheckFailedError("TOKEN_ENCRYPTION_KEYS is required with a DATABASE_URL")
    else:
        keys = "token key file in DATA_DIR"
    storage = "external servers" if s.DATABASE_URL and s.REDIS_URL else "embedded servers"
    return f"{storage}; secrets at rest with {keys}"


def _database(s: Settings) -> str:
    assert s.DATABASE_URL is not None  # configured
    try:
        check_database(s.DATABASE_URL)
    except StartupError:
        raise CheckFailedError("cannot connect to PostgreSQL") from None
    rest = s.DATABASE_URL.partition("://")[2]
    backend = get_backend(f"postgresql+psycopg://{rest}")
    try:
        pending = backend.to_apply(read_migrations(str(MIGRATIONS_DIR)))
    except psycopg.Error:
        raise CheckFailedError("cannot read the applied migrations") from None
    finally:
        backend.connection.close()
    if pending:
        raise CheckFailedError(f"{len(pending)} migration(s) pending: run `health-tracker migrate`")
    return "connected; migrations up to date"


def _redis(s: Settings) -> str:
    assert s.REDIS_URL is not None  # configured
    try:
        check_redis(s.REDIS_URL)
    except StartupError:
        raise CheckFailedError("cannot connect to Redis") from None
    return "connected"


def _telegram(s: Settings, http: httpx.Client) -> str:
    base = s.TELEGRAM_API_BASE_URL.rstrip("/")
    answer = http.get(f"{base}/bot{s.TELEGRAM_BOT_TOKEN}/getMe")
    if answer.status_code in {401, 404}:
        raise CheckFailedError(f"the bot token is rejected ({answer.status_code})")
    body = _json(answer)
    if answer.status_code != 200 or not body.get("ok"):
        raise CheckFailedError(f"unexpected answer ({answer.status_code})")
    bot = body.get("result")
    return f"@{bot.get('username', '?')}" if isinstance(bot, dict) else "token accepted"


def _openai(s: Settings, http: httpx.Client) -> str:
    answer = http.get(
        f"{s.OPENAI_BASE_URL.rstrip('/')}/models",
        headers={"Authorization": f"Bearer {s.OPENAI_API_KEY}"},
    )
    if answer.status_code == 401:
        raise CheckFailedError("the API key is rejected (401)")
    if answer.status_code != 200:
        raise CheckFailedError(f"unexpected answer ({answer.status_code})")
    return "key accepted"


def _whoop(s: Settings, http: httpx.Client) -> str:
    # A made-up code: a known client is refused the grant, an unknown one is refused itself.
    answer = http.post(
        f"{s.WHOOP_OAUTH_BASE_URL.rstrip('/')}/token",
        data={
            "grant_type": "authorization_code",
            "code": "health-tracker-doctor",
            "redirect_uri": f"{(s.PUBLIC_BASE_URL or 'http://localhost').rstrip('/')}/whoop/callback",
            "client_id": s.WHOOP_CLIENT_ID or "",
            "client_secret": s.WHOOP_CLIENT_SECRET or "",
        },
    )
    error = _json(answer).get("error")
    if error == "invalid_grant":
        return "client known"
    if error == "invalid_client":
        raise CheckFailedError("the client id or secret is rejected (invalid_client)")
    raise CheckFailedError(f"unexpected answer ({answer.status_code} {error or ''})".strip())


def _fatsecret(s: Settings, http: httpx.Client) -> str:
    signer = OAuth1Signer(
        s.FATSECRET_CONSUMER_KEY or "",
        s.FATSECRET_CONSUMER_SECRET or "",
        clock=SystemClock(),
        nonces=UrlSafeSecrets(),
    )
    signed = signer.sign(
        "GET",
        f"{s.FATSECRET_API_BASE_URL.rstrip('/')}/server.api",
        [("method", "foods.search"), ("format", "json"), ("search_expression", "banana")],
    )
    answer = http.get(signed.url, headers=signed.headers)
    body = _json(answer)
    error = body.get("error")
    code = error.get("code") if isinstance(error, dict) else None
    if code in {5, 8}:
        raise CheckFailedError(f"the consumer key or secret is rejected (error {code})")
    if answer.status_code != 200 or error is not None:
        raise CheckFailedError(f"unexpected answer ({answer.status_code}, error {code})")
    return "signed search answered"


def _json(answer: httpx.Response) -> dict[str, object]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}

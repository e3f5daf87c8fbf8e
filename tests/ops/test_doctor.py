"""`health-tracker doctor` against the fakes: every configured service with good credentials
passes; a wrong credential fails its own line (and the exit code) without printing it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from entrypoints.commands import doctor
from entrypoints.config import Settings, load_settings
from tests.fakes.fatsecret import FatSecretFake
from tests.fakes.openai_api import FakeOpenAI, running_openai
from tests.fakes.telegram import FakeTelegram, running_telegram
from tests.fakes.whoop import WhoopFake
from tests.ops.site import FERNET_KEY, OPENAI_KEY, TELEGRAM_TOKEN

WRONG = "wrong-credential-seeded-9z8y"


@pytest.fixture(scope="module")
def telegram() -> Iterator[FakeTelegram]:
    with running_telegram(TELEGRAM_TOKEN) as fake:
        yield fake


@pytest.fixture(scope="module")
def openai() -> Iterator[FakeOpenAI]:
    """One that knows its key (the shared one accepts any)."""
    with running_openai(api_key=OPENAI_KEY) as fake:
        yield fake


def _settings(**values: str) -> Settings:
    return load_settings({"TOKEN_ENCRYPTION_KEYS": FERNET_KEY, **values})


def _all_services(
    database_url: str,
    redis_url: str,
    telegram: FakeTelegram,
    openai: FakeOpenAI,
    whoop: WhoopFake,
    fatsecret: FatSecretFake,
) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_API_BASE_URL": telegram.base_url,
        "OPENAI_API_KEY": OPENAI_KEY,
        "OPENAI_BASE_URL": openai.base_url,
        "WHOOP_CLIENT_ID": whoop.client_id,
        "WHOOP_CLIENT_SECRET": whoop.client_secret,
        "WHOOP_OAUTH_BASE_URL": f"{whoop.oauth_base_url}/oauth2",
        "FATSECRET_CONSUMER_KEY": fatsecret.consumer_key,
        "FATSECRET_CONSUMER_SECRET": fatsecret.consumer_secret,
        "FATSECRET_API_BASE_URL": fatsecret.api_base_url,
    }


def _doctor(settings: Settings, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str]]:
    code = doctor.run(argparse.Namespace(), settings)
    lines = capsys.readouterr().out.splitlines()
    by_check = dict(line.split(maxsplit=1) for line in lines)
    assert len(by_check) == len(lines)  # one line per check
    return int(code or 0), by_check


async def test_every_configured_service_passes_with_good_credentials(
    database_url: str,
    redis_url: str,
    telegram: FakeTelegram,
    openai: FakeOpenAI,
    whoop: WhoopFake,
    fatsecret: FatSecretFake,
    capsys: pytest.CaptureFixture[str],
) -> None:
    values = _all_services(database_url, redis_url, telegram, openai, whoop, fatsecret)
    code, lines = _doctor(_settings(**values), capsys)
    assert code == 0, lines
    assert list(lines) == [
        "configuration", "database", "redis", "telegram", "openai", "whoop", "fatsecret"
    ]  # fmt: skip
    assert all(line.startswith("ok") for line in lines.values()), lines
    assert "migrations up to date" in lines["database"]


async def test_each_wrong_credential_fails_its_line_and_the_exit_code(
    database_url: str,
    redis_url: str,
    telegram: FakeTelegram,
    openai: FakeOpenAI,
    whoop: WhoopFake,
    fatsecret: FatSecretFake,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = _all_services(database_url, redis_url, telegram, openai, whoop, fatsecret)
    wrong = {
        "telegram": {"TELEGRAM_BOT_TOKEN": "123:" + WRONG},
        "openai": {"OPENAI_API_KEY": WRONG},
        "whoop": {"WHOOP_CLIENT_SECRET": WRONG},
        "fatsecret": {"FATSECRET_CONSUMER_SECRET": WRONG},
    }
    for service, override in wrong.items():
        code, lines = _doctor(_settings(**{**good, **override}), capsys)
        assert code == 1, service
        failed = [name for name, line in lines.items() if not line.startswith("ok")]
        assert failed == [service], lines
        assert "rejected" in lines[service]
        assert WRONG not in "".join(lines.values())


async def test_unconfigured_services_are_skipped_and_a_dead_server_fails(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dead_redis = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there
    code, lines = _doctor(_settings(DATABASE_URL=database_url, REDIS_URL=dead_redis), capsys)
    assert code == 1
    assert lines["database"].startswith("ok")
    assert lines["redis"] == "FAILED: cannot connect to Redis"
    for service in ("telegram", "openai", "whoop", "fatsecret"):
        assert lines[service] == doctor.SKIPPED


def test_configuration_fails_on_half_a_credential_pair(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _doctor(_settings(WHOOP_CLIENT_ID="only-the-id"), capsys)
    assert code == 1
    assert lines["configuration"].startswith("FAILED: WHOOP")

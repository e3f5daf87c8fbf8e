"""Where the key for tokens at rest comes from, and the `rotate-keys` command end to end."""

import argparse
import asyncio
import logging
import stat
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet

from adapters.crypto.tokens import TokenCipher
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionStatus, Provider, ProviderConnection
from entrypoints.commands import rotate_keys
from entrypoints.config import ConfigError, Settings
from entrypoints.runtime import StartupError
from entrypoints.secrets import KEY_FILE_NAME, token_cipher
from tests.contracts.seed import T0, new_user
from tests.postgres.conftest import Units


def test_the_configured_keys_are_used() -> None:
    newest, older = Fernet.generate_key(), Fernet.generate_key()
    cipher = token_cipher(Settings(TOKEN_ENCRYPTION_KEYS=f"{newest.decode()}, {older.decode()}"))
    assert TokenCipher([newest]).decrypt(cipher.encrypt("t")) == "t"  # newest first
    assert cipher.decrypt(TokenCipher([older]).encrypt("u")) == "u"  # older still opens


def test_a_malformed_key_is_one_clear_line() -> None:
    with pytest.raises(ConfigError, match="TOKEN_ENCRYPTION_KEYS: each key must be"):
        token_cipher(Settings(TOKEN_ENCRYPTION_KEYS="not-a-key"))


def test_a_database_of_ones_own_needs_configured_keys(tmp_path: Path) -> None:
    settings = Settings(DATABASE_URL="postgresql://db.example/ht", DATA_DIR=str(tmp_path))
    with pytest.raises(ConfigError, match="TOKEN_ENCRYPTION_KEYS: required when DATABASE_URL"):
        token_cipher(settings)
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_the_embedded_default_generates_a_private_key_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(DATA_DIR=str(tmp_path / "data"))
    with caplog.at_level(logging.INFO, logger="entrypoints.secrets"):
        first = token_cipher(settings)
        second = token_cipher(settings)  # the next start
    key_file = tmp_path / "data" / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert second.decrypt(first.encrypt("token")) == "token"
    announced = [r for r in caplog.records if "generated a key" in r.getMessage()]
    assert len(announced) == 1
    assert announced[0].levelno == logging.WARNING
    assert key_file.read_text().strip() not in caplog.text  # the key itself is never logged


def test_an_unwritable_data_dir_is_one_clear_line(read_only_dir: Path) -> None:
    with pytest.raises(StartupError, match="cannot create the token key"):
        token_cipher(Settings(DATA_DIR=str(read_only_dir)))


async def test_the_rotate_keys_command_reports_and_is_idempotent(
    database_url: str,
    redis_url: str,
    key: bytes,
    units: Units,
    raw: psycopg.AsyncConnection,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = await new_user(units)
    async with units() as uow:
        await uow.connections.save(
            ProviderConnection(user_id=user.id, provider=Provider.WHOOP,
                               status=ConnectionStatus.CONNECTED, connected_at=T0),
            ProviderCredentials(access_token="a-token", refresh_token="r-token"),
        )  # fmt: skip
        await uow.commit()
    newest = Fernet.generate_key()
    settings = Settings(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        TOKEN_ENCRYPTION_KEYS=f"{newest.decode()},{key.decode()}",
    )
    for _ in range(2):
        assert await asyncio.to_thread(rotate_keys.run, argparse.Namespace(), settings) is None
    lines = capsys.readouterr().err.splitlines()
    assert "2 secret(s) re-encrypted with the newest key in 1 row(s); 0 already were" in lines[0]
    assert "0 secret(s) re-encrypted with the newest key in 0 row(s); 2 already were" in lines[1]
    row = await (
        await raw.execute("SELECT access_token_encrypted FROM provider_connections")
    ).fetchone()
    assert row is not None
    assert TokenCipher([newest]).decrypt(bytes(row[0])) == "a-token"

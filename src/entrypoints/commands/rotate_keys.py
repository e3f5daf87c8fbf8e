"""`health-tracker rotate-keys`: re-encrypt every stored token with the newest key.

Put a new key first in TOKEN_ENCRYPTION_KEYS (keep the old ones after it), run this, then drop
the old keys. Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from adapters.crypto.tokens import TokenCipher, TokenKeyError
from adapters.postgres.errors import StorageBugError
from adapters.postgres.key_rotation import RotationReport, rotate_stored_secrets
from adapters.postgres.pool import make_pool
from application.errors import ServiceUnavailableError
from entrypoints.config import ConfigError, Settings
from entrypoints.runtime import StartupError, servers
from entrypoints.secrets import token_cipher

NAME = "rotate-keys"
HELP = "re-encrypt every stored token with the newest key of TOKEN_ENCRYPTION_KEYS"


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


async def _rotate(database_url: str, cipher: TokenCipher) -> RotationReport:
    async with make_pool(database_url, max_size=1) as pool:
        return await rotate_stored_secrets(pool, cipher)


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    del args
    cipher = token_cipher(settings)
    with servers(settings) as srv:
        try:
            report = asyncio.run(_rotate(srv.database_url, cipher))
        except TokenKeyError as error:
            raise ConfigError(
                f"{error} (keep the old keys listed until rotation is done)"
            ) from None
        except ServiceUnavailableError:
            raise StartupError("DATABASE_URL: PostgreSQL did not answer") from None
        except StorageBugError:
            raise StartupError(
                "the database does not have the expected tables: run `health-tracker migrate`"
            ) from None
    print(
        f"health-tracker: {report.re_encrypted} secret(s) re-encrypted with the newest key "
        f"in {report.rows} row(s); {report.already_current} already were",
        file=sys.stderr,
    )
    return None

"""`health-tracker migrate`: apply the database migrations."""

from __future__ import annotations

import argparse
import sys

from adapters.postgres.migrations import apply_migrations
from entrypoints.config import Settings
from entrypoints.runtime import servers

NAME = "migrate"
HELP = "apply database migrations"


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    del args
    with servers(settings) as srv:
        applied = apply_migrations(srv.database_url)
    print(f"health-tracker: {len(applied)} migration(s) applied", file=sys.stderr)
    return None

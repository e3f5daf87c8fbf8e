"""The `health-tracker` console script: one subcommand per module in `entrypoints/commands/`.

Every failure the user can fix is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence
from types import ModuleType

from adapters.embedded import EmbeddedServerError
from entrypoints.config import ConfigError, load_settings
from entrypoints.logs import configure_logging
from entrypoints.runtime import StartupError

# In the order `--help` lists them.
COMMANDS = (
    "up",
    "chat",
    "bot",
    "worker",
    "serve",
    "migrate",
    "set_webhook",
    "rotate_keys",
    "doctor",
    "bench",
)


def _commands(argv: Sequence[str]) -> dict[str, ModuleType]:
    """The command named first in `argv` alone, else all of them (for --help and errors).
    Importing one command's module only keeps each process's start-up and memory its own:
    `serve` does not load the bot's Telegram client."""
    wanted = [module for module in COMMANDS if argv and _spelled(module) == argv[0]]
    modules = [
        importlib.import_module(f"entrypoints.commands.{name}") for name in wanted or COMMANDS
    ]
    return {module.NAME: module for module in modules}


def _spelled(module: str) -> str:
    """A command's name on the command line: its module's name, with dashes."""
    return module.replace("_", "-")


def _parser(commands: dict[str, ModuleType]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="health-tracker", description="The Health Tracker: a personal health assistant."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in commands.items():
        module.configure(sub.add_parser(name, help=module.HELP))
    return parser


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    # uvicorn re-raises the signal after its graceful shutdown; turning it into SystemExit
    # lets our `finally` blocks stop the embedded servers cleanly.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    commands = _commands(argv)
    args = _parser(commands).parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        settings = load_settings()
        configure_logging(settings.LOG_LEVEL)
        code = commands[args.command].run(args, settings)
    except (ConfigError, StartupError, EmbeddedServerError) as error:
        sys.exit(f"health-tracker: {error}")
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code or 0)

"""`health-tracker bench`: the benchmarks (bench/run.py) — each scenario beside its baseline,
a table on stdout and bench/results/latest.json. Needs the source checkout: bench/ and the
fakes in tests/ are not part of the installed package."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

from entrypoints.config import Settings
from entrypoints.runtime import StartupError

NAME = "bench"
HELP = "measure speed and footprint beside their baselines (needs the source checkout)"

# src/entrypoints/commands/bench.py → the checkout's root, where bench/ and tests/ live.
_ROOT = Path(__file__).resolve().parents[3]


def _harness() -> ModuleType:
    if not (_ROOT / "bench" / "run.py").is_file():
        raise StartupError(f"bench: no bench/run.py under {_ROOT} (run from the source checkout)")
    if str(_ROOT) not in sys.path:
        sys.path.insert(0, str(_ROOT))
    # Imported by name: the harness lives outside the package and pulls in the test fakes.
    return importlib.import_module("bench.run")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat (smoke run)")
    parser.add_argument("--scenario", action="append", metavar="NAME", help="only this scenario")
    parser.add_argument("--repeats", type=int, default=None, help="repeats (default 5)")
    parser.add_argument("--output", type=Path, default=_ROOT / "bench" / "results" / "latest.json")


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    del settings  # the harness picks its servers itself (TEST_*_URL, *_URL, or embedded)
    harness = _harness()
    unknown = set(args.scenario or ()) - set(harness.SCENARIOS)
    if unknown:
        raise StartupError(
            f"bench: unknown scenario {', '.join(sorted(unknown))} "
            f"(known: {', '.join(harness.SCENARIOS)})"
        )
    code: int = harness.run(args=args)
    return code

"""The benchmark harness: servers up, every scenario beside its baseline, a table, a JSON file.

    health-tracker bench                 # every scenario, 5 repeats
    health-tracker bench --quick         # tiny sizes, one repeat: a smoke run
    health-tracker bench --scenario webhook_ingest --repeats 3

PostgreSQL and Redis: TEST_DATABASE_URL / TEST_REDIS_URL, else DATABASE_URL / REDIS_URL, else
embedded servers in a temporary directory. The bench creates (and drops) databases of its own on
that PostgreSQL, and FLUSHES Redis database 13 of that Redis: point it at no production Redis.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import logging
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.common import Context, Row
from entrypoints.runtime import run_service
from tests.support.servers import test_servers, with_redis_db

SCENARIOS = (
    "webhook_ingest",
    "food_log_pipeline",
    "whoop_backfill",
    "briefing_fanout",
    "send_pacing",
    "footprint",
)
RESULTS = Path(__file__).resolve().parent / "results"
BENCH_REDIS_DB = 13


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="health-tracker bench", description=__doc__.splitlines()[0])
    configure(p)
    return p


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quick", action="store_true", help="tiny sizes, one repeat (a smoke run)")
    p.add_argument("--scenario", action="append", choices=SCENARIOS, help="only this (repeatable)")
    p.add_argument("--repeats", type=int, default=None, help="repeats per scenario (default 5)")
    p.add_argument("--output", type=Path, default=RESULTS / "latest.json", help="the JSON file")


@contextlib.contextmanager
def _servers() -> Iterator[tuple[str, str]]:
    pg = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    rd = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    with contextlib.ExitStack() as stack:
        if not pg or not rd:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
            # test_servers starts only what TEST_*_URL does not name.
            env = {"TEST_DATABASE_URL": pg or "", "TEST_REDIS_URL": rd or ""}
            saved = {k: os.environ.get(k) for k in env}
            os.environ.update(env)
            try:
                started = stack.enter_context(test_servers(scratch))
            finally:
                for key, value in saved.items():
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value
            pg, rd = started.postgres_url, started.redis_url
        yield pg, with_redis_db(rd, BENCH_REDIS_DB)


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _spread(samples: list[float]) -> str:
    return f"{_fmt(min(samples))}–{_fmt(max(samples))}" if len(samples) > 1 else ""


def table(rows: Sequence[Row]) -> str:
    head = ("scenario", "measure", "value (min–max)", "baseline", "ratio", "target", "met?")
    lines = [head]
    for r in rows:
        spread = _spread(r.values)
        value = f"{_fmt(r.value)} {r.unit}" + (f" ({spread})" if spread else "")
        base = "—"
        if r.base is not None:
            bspread = _spread(r.baseline or [])
            base = f"{_fmt(r.base)} {r.baseline_label}" + (f" ({bspread})" if bspread else "")
        met = {None: "—", True: "yes", False: "NO"}[r.met]
        lines.append((r.scenario, r.measure, value, base, _fmt(r.ratio), r.target or "—", met))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "-+-".join("-" * w for w in widths))
    notes = [f"  {r.scenario} / {r.measure}: {r.note}" for r in rows if r.note]
    return "\n".join(out + (["", "notes:", *notes] if notes else []))


def say(line: str) -> None:
    """Progress, on stderr: stdout is the table."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def run(argv: Sequence[str] | None = None, args: argparse.Namespace | None = None) -> int:
    args = args if args is not None else parser().parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 5)
    chosen = args.scenario or list(SCENARIOS)
    # The product logs at INFO; the bench's own output is the table.
    for name in ("", "uvicorn", "uvicorn.error", "httpx", "aiogram", "yoyo"):
        logging.getLogger(name).setLevel(logging.WARNING)
    by_scenario: dict[str, list[Row]] = {name: [] for name in chosen}
    failures: dict[str, str] = {}
    began = time.perf_counter()
    with _servers() as (pg, rd):
        ctx = Context(quick=args.quick, repeats=repeats, postgres_url=pg, redis_url=rd)
        for name in chosen:
            module = importlib.import_module(f"bench.{name}")
            say(f"bench: {name} …")
            t0 = time.perf_counter()
            try:
                by_scenario[name] = run_service(module.measure(ctx))
            except Exception as error:  # noqa: BLE001 - one broken scenario must not hide the rest
                failures[name] = f"{type(error).__name__}: {error}"
                say(f"bench: {name} FAILED: {failures[name]}")
            say(f"bench: {name} took {time.perf_counter() - t0:.1f} s")
    report = {
        "machine": machine(),
        "quick": args.quick,
        "repeats": repeats,
        "seconds": round(time.perf_counter() - began, 1),
        "scenarios": {n: [r.as_json() for r in rs] for n, rs in by_scenario.items()},
        "failures": failures,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    rows = [row for rs in by_scenario.values() for row in rs]
    m = report["machine"]
    sys.stdout.write(
        f"\nmachine: {m['cores']} cores, Python {m['python']}, {m['date']}; repeats: {repeats}\n"
        f"{table(rows)}\n\nwritten: {args.output}\n"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run())

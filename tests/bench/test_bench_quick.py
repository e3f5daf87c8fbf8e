"""The benchmarks cannot rot: `health-tracker bench --quick` runs every scenario and writes a
report with numbers for each. No timing is asserted — only that each scenario measured."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import pytest

from entrypoints.commands import bench
from entrypoints.config import Settings
from tests.support.servers import TestServers


@pytest.fixture
def report(servers: TestServers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    # The session's servers: no second embedded boot.
    monkeypatch.setenv("TEST_DATABASE_URL", servers.postgres_url)
    monkeypatch.setenv("TEST_REDIS_URL", servers.redis_url)
    parser = argparse.ArgumentParser()
    bench.configure(parser)
    output = tmp_path / "latest.json"
    args = parser.parse_args(["--quick", "--output", str(output)])
    assert bench.run(args, Settings()) == 0
    return json.loads(output.read_text())


def test_quick_run_measures_every_scenario(report: dict) -> None:
    harness = bench._harness()
    assert report["failures"] == {}
    assert report["machine"]["cores"] >= 1
    assert set(report["scenarios"]) == set(harness.SCENARIOS)
    for name, rows in report["scenarios"].items():
        assert rows, f"{name} reported nothing"
        for row in rows:
            assert row["samples"], row
            assert all(math.isfinite(v) for v in row["samples"]), row
            if row["baseline"] is not None:
                assert all(math.isfinite(v) for v in row["baseline"]["samples"]), row
            assert row["met"] in (True, False, None)


def test_an_unknown_scenario_is_a_one_line_error() -> None:
    parser = argparse.ArgumentParser()
    bench.configure(parser)
    with pytest.raises(Exception, match="unknown scenario"):
        bench.run(parser.parse_args(["--scenario", "nonsense"]), Settings())

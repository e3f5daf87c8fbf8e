"""The console script as a user runs it: real processes, real servers, one-line failures."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from adapters.embedded._files import free_port

EXE = str(Path(sys.executable).with_name("health-tracker"))


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "HTTP_PORT", "DATA_DIR"}
    }
    env.update({"DATA_DIR": str(tmp_path / "data"), "HTTP_PORT": str(free_port())})
    env.update(extra)
    return env


def _run(
    args: list[str], env: dict[str, str], cwd: Path, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args],
        check=False,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=90,
        **kwargs,
    )  # type: ignore[call-overload]


def _assert_one_clear_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("health-tracker:")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_malformed_setting_stops_start_up(tmp_path: Path) -> None:
    result = _run(["serve"], _env(tmp_path, HTTP_PORT="eighty"), tmp_path)
    _assert_one_clear_line(result, "HTTP_PORT")


def test_unreachable_database_is_one_line_without_the_password(tmp_path: Path) -> None:
    port = free_port()
    url = f"postgresql://someone:s3cret-pw@127.0.0.1:{port}/nothing"
    result = _run(["migrate"], _env(tmp_path, DATABASE_URL=url), tmp_path)
    _assert_one_clear_line(result, "DATABASE_URL")
    assert "s3cret-pw" not in result.stderr


def test_read_only_data_dir_is_one_line(tmp_path: Path, read_only_dir: Path) -> None:
    result = _run(["migrate"], _env(tmp_path, DATA_DIR=str(read_only_dir)), tmp_path)
    _assert_one_clear_line(result, "DATA_DIR", "not writable")


def test_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run(["serve"], _env(tmp_path, HTTP_PORT=str(port)), tmp_path)
    _assert_one_clear_line(result, "HTTP_PORT", str(port))


@pytest.fixture
def launcher(tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    env = _env(tmp_path)
    yield env, tmp_path
    # Never leave a server behind, whatever the test did.
    pidfile = tmp_path / "data" / "postgres" / "postmaster.pid"
    if pidfile.exists():
        subprocess.run(["pkill", "-f", str(tmp_path / "data")], check=False)
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


def _start(env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen[str], float]:
    started = time.monotonic()
    process = subprocess.Popen(
        [EXE, "up"], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{env['HTTP_PORT']}"
    deadline = started + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        try:
            if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                return process, time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    pytest.fail("not ready within 30 s")


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    return output


def test_up_is_ready_quickly_and_keeps_data_across_restarts(
    launcher: tuple[dict[str, str], Path],
) -> None:
    env, cwd = launcher
    process, seconds = _start(env, cwd)
    print(f"first start to ready: {seconds:.1f} s")
    base = f"http://127.0.0.1:{env['HTTP_PORT']}"
    assert httpx.get(f"{base}/health/live").json() == {"status": "ok"}
    assert "/health/ready" in httpx.get(f"{base}/schema/openapi.json").json()["paths"]
    password = (cwd / "data" / "postgres.password").read_text().strip()
    pidfile = (cwd / "data" / "postgres" / "postmaster.pid").read_text().splitlines()
    url = f"postgresql://postgres:{password}@127.0.0.1:{pidfile[3]}/health_tracker"
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO inbound_events (key, seen_at) VALUES (%s, now())", ("survives-restart",)
        )
    output = _stop(process)
    assert process.returncode in (0, 128 + signal.SIGTERM), output
    assert "Traceback" not in output
    assert not (cwd / "data" / "postgres" / "postmaster.pid").exists(), "PostgreSQL left running"

    process, seconds = _start(env, cwd)
    print(f"restart to ready: {seconds:.1f} s")
    try:
        pidfile = (cwd / "data" / "postgres" / "postmaster.pid").read_text().splitlines()
        url = f"postgresql://postgres:{password}@127.0.0.1:{pidfile[3]}/health_tracker"
        with psycopg.connect(url) as conn:
            rows = conn.execute("SELECT key FROM inbound_events").fetchall()
        assert rows == [("survives-restart",)]
    finally:
        _stop(process)


def test_every_command_is_found_by_the_name_it_is_typed_as() -> None:
    """The CLI imports only the command typed (`serve` must not load the bot's client): each
    module's NAME must be how the CLI spells that module."""
    from entrypoints import cli  # noqa: PLC0415 - the module under test

    for module in cli.COMMANDS:
        assert list(cli._commands([cli._spelled(module)])) == [cli._spelled(module)]
    assert len(cli._commands(["--help"])) == len(cli.COMMANDS)


def test_help_lists_every_command(tmp_path: Path) -> None:
    out = _run(["--help"], _env(tmp_path), tmp_path)
    assert out.returncode == 0
    for name in ("up", "chat", "bot", "worker", "serve", "set-webhook", "rotate-keys", "bench"):
        assert name in out.stdout

"""Child processes of the bench: started with a clean environment of our choosing, waited for
until they answer HTTP, and stopped by their own process id."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "DATABASE_", "REDIS_"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


@contextlib.contextmanager
def child(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr:
            process.stderr.close()


def wait_until_answers(
    process: subprocess.Popen[bytes], url: str, *, method: str = "GET", timeout: float = 30
) -> float:
    """Seconds until `url` gives any HTTP answer (from now)."""
    began = time.perf_counter()
    with httpx.Client(timeout=1.0) as client:
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise RuntimeError(f"{' '.join(map(str, process.args))} exited: {err[-2000:]}")
            with contextlib.suppress(httpx.TransportError):
                client.request(method, url)
                return time.perf_counter() - began
            if time.perf_counter() - began > timeout:
                raise RuntimeError(f"{url} did not answer within {timeout} s")
            time.sleep(0.005)


def python() -> str:
    return sys.executable


def rss_mb(pid: int) -> float:
    """Resident set size of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc")

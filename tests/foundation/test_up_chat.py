"""README's run command with no credentials at all, as a newcomer types it in a terminal:
`health-tracker up` serves HTTP and opens the assistant's chat; `/quit` stops everything."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

import httpx

from tests.foundation.test_cli import EXE, _env


def _read_until(fd: int, needle: str, seen: list[str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen.append(os.read(fd, 65536).decode(errors="replace"))
            except OSError:
                break
        text = "".join(seen)
        if needle in text:
            return text
    raise AssertionError(f"{needle!r} never appeared in:\n{''.join(seen)}")


def test_up_opens_a_working_assistant_with_no_credentials(tmp_path: Path) -> None:
    env = _env(tmp_path, LANG="en_US.UTF-8")
    for name in ("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "PUBLIC_BASE_URL"):
        env.pop(name, None)
    primary, replica = pty.openpty()
    process = subprocess.Popen(
        [EXE, "up"], env=env, cwd=tmp_path, stdin=replica, stdout=replica, stderr=subprocess.DEVNULL
    )
    os.close(replica)
    seen: list[str] = []
    try:
        _read_until(primary, "/quit to leave", seen)
        base = f"http://127.0.0.1:{env['HTTP_PORT']}"
        assert httpx.get(f"{base}/health/ready").status_code == 200
        os.write(primary, b"2 eggs and a banana\n")
        _read_until(primary, "Total: 248 kcal", seen)
        os.write(primary, b"how much today?\n")
        _read_until(primary, "Today you ate 248 of 2,000 kcal", seen)
        os.write(primary, b"/quit\n")
        assert process.wait(timeout=30) == 0
        assert not (tmp_path / "data" / "postgres" / "postmaster.pid").exists()
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)

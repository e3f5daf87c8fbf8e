"""The fake Telegram served from a process of its own, for scenarios that measure the product's
CPU: in a thread of the bench's process the fake would take the product's GIL and CPU time,
which Telegram's own servers never do.

Run as `python -m bench.telegram_process CHATS`: the child makes CHATS private chats, prints one
JSON line (base URL, token, chat ids), then answers `sent` on stdin with the number of
sendMessage calls it received, and stops when stdin closes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.processes import ROOT, child_env, python
from tests.fakes.telegram import RateLimits, running_telegram


@dataclass
class TelegramProcess:
    base_url: str
    token: str
    chats: list[int]
    _process: subprocess.Popen[str]

    def sent_messages(self) -> int:
        """How many sendMessage calls the fake received so far."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write("sent\n")
        stdin.flush()
        return int(stdout.readline())


@contextmanager
def telegram_in_process(chats: int) -> Iterator[TelegramProcess]:
    """A fake Telegram (rate limits off) in a child process, stopped on leaving."""
    process = subprocess.Popen(
        [python(), "-m", "bench.telegram_process", str(chats)],
        env=child_env(),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the fake Telegram process exited before it started")
        started = json.loads(line)
        yield TelegramProcess(started["base_url"], started["token"], started["chats"], process)
    finally:
        if process.stdin is not None:
            process.stdin.close()  # the child stops when its stdin closes
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _serve(chats: int) -> None:
    with running_telegram(rate_limits=RateLimits(enabled=False)) as tg:
        ids = [tg.updates.user().id for _ in range(chats)]
        _say(json.dumps({"base_url": tg.base_url, "token": tg.token, "chats": ids}))
        for command in sys.stdin:
            if command.strip() == "sent":
                _say(str(len(tg.calls("sendMessage"))))


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))

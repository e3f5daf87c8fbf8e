"""Small file-system helpers shared by the embedded servers."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import stat
from importlib.util import find_spec
from pathlib import Path

from adapters.embedded.errors import EmbeddedServerError


def package_dir(package: str) -> Path:
    """Where an installed package lives, found without importing it (imports have side effects)."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError(
            f"the package {package!r} is not installed; run `python3 dev.py run`"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def ensure_writable_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise EmbeddedServerError(
            f"DATA_DIR: cannot create {path} ({error.strerror}); "
            "set DATA_DIR to a writable directory"
        ) from None
    probe = path / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise EmbeddedServerError(
            f"DATA_DIR: {path} is not writable ({error.strerror}); "
            "set DATA_DIR to a writable directory"
        ) from None
    return path


def read_or_create_secret(path: Path) -> str:
    """A random password kept next to the data it protects, readable by its owner only."""
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    value = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value)
    return value


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def allow_traverse(path: Path) -> None:
    """Let another OS user reach `path` by adding search (x) permission to every parent.

    Only used when running as root, where PostgreSQL must run as an unprivileged user.
    """
    for parent in [path, *path.parents]:
        with contextlib.suppress(OSError):
            mode = parent.stat().st_mode
            wanted = mode | stat.S_IXGRP | stat.S_IXOTH
            if wanted != mode:
                parent.chmod(wanted)

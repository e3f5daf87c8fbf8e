#!/usr/bin/env python3
"""Set up everything this project needs, then run one of its tasks.

Needs only Python 3.11+ and git. On first use it creates `.tools/` (a private venv holding
pinned uv and just, from PyPI) and `.venv/` (the project and its locked dependencies, made
by `uv sync --frozen`). Later runs only re-sync, which takes well under a second.

    python3 dev.py run      # the product: embedded servers, migrations, HTTP, assistant
    python3 dev.py test     # every quality gate and the whole test suite
    python3 dev.py <recipe> [args]   # any recipe of the justfile (`python3 dev.py --list`)
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
PROJECT_VENV = ROOT / ".venv"
# Pinned so that every machine runs the same tools; bump together with uv.lock.
TOOL_PINS = ("uv==0.13.9", "rust-just==1.59.0")
BIN = "Scripts" if os.name == "nt" else "bin"


def _run(cmd: list[str], **kwargs: object) -> None:
    result = subprocess.run(cmd, check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        sys.exit(f"dev.py: `{' '.join(cmd)}` failed with exit code {result.returncode}")


def ensure_tools() -> Path:
    stamp = TOOLS / "pins.txt"
    if stamp.exists() and stamp.read_text() == "\n".join(TOOL_PINS):
        return TOOLS / BIN
    print("dev.py: installing uv and just into .tools/ (once)", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=True).create(TOOLS)
    pip = [str(TOOLS / BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "install", *TOOL_PINS])
    stamp.write_text("\n".join(TOOL_PINS))
    return TOOLS / BIN


def sync_project(tools_bin: Path, env: dict[str, str]) -> None:
    # Bytecode is compiled here, once, not by every process that starts: where
    # PYTHONDONTWRITEBYTECODE is set (containers, CI) Python would otherwise compile each
    # imported module again at every start (about 0.8 s of `serve`'s start-up).
    uv_sync = [str(tools_bin / "uv"), "sync", "--frozen", "--quiet", "--compile-bytecode"]
    _run([*uv_sync, "--python", sys.executable], cwd=ROOT, env=env)
    python = str(PROJECT_VENV / BIN / "python")
    _run([python, "-m", "compileall", "-q", "-j", "0", str(ROOT / "src")], cwd=ROOT, env=env)


def main(argv: list[str]) -> None:
    if sys.version_info < (3, 11):
        sys.exit("dev.py: Python 3.11 or newer is needed")
    tools_bin = ensure_tools()
    env = dict(os.environ)
    env["UV_PYTHON_DOWNLOADS"] = "never"
    env["UV_PROJECT_ENVIRONMENT"] = str(PROJECT_VENV)
    env.pop("VIRTUAL_ENV", None)
    sync_project(tools_bin, env)
    env["PATH"] = os.pathsep.join([str(PROJECT_VENV / BIN), str(tools_bin), env.get("PATH", "")])
    env["VIRTUAL_ENV"] = str(PROJECT_VENV)
    args = argv or ["--list"]
    just = str(tools_bin / "just")
    os.chdir(ROOT)
    if os.name == "nt":
        sys.exit(subprocess.call([just, *args], env=env))
    os.execve(just, [just, *args], env)


if __name__ == "__main__":
    main(sys.argv[1:])

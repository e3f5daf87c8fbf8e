"""The image's entry command runs from a clean install made exactly as the Dockerfile makes it:
`uv sync --frozen --no-dev --no-editable` (the project built as a wheel, no dev tools) into an
environment of its own. Images cannot be built here; this is the part of the build that can be
tested. Skipped without the project's uv (`.tools/bin/uv`); with a warm uv cache it takes a few
seconds, and it never reaches the network (UV_OFFLINE)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"


@pytest.mark.skipif(not UV.is_file(), reason="the project's uv is not installed")
def test_the_locked_install_runs_the_entry_command(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "UV_PROJECT_ENVIRONMENT": str(tmp_path / "venv"),
        "UV_OFFLINE": "1",
        "UV_LINK_MODE": "copy",  # as the Dockerfile: nothing in the install points at the cache
    }
    env.pop("VIRTUAL_ENV", None)
    install = subprocess.run(
        [str(UV), "sync", "--frozen", "--no-dev", "--no-editable"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    venv = tmp_path / "venv"
    # Not editable: the code runs from the environment, not from src/.
    found = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import entrypoints; print(entrypoints.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert Path(found.stdout.strip()).is_relative_to(venv)
    # No dev tool came along.
    assert not (venv / "bin" / "pytest").exists()
    helped = subprocess.run(
        [str(venv / "bin" / "health-tracker"), "--help"],
        cwd=tmp_path,  # away from the checkout, like the image's WORKDIR
        env={"PATH": str(venv / "bin"), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert helped.returncode == 0, helped.stderr[-2000:]
    for command in ("up", "serve", "worker", "migrate"):
        assert command in helped.stdout

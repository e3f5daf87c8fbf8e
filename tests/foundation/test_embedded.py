"""The embedded servers keep a user's data across restarts and fail with one clear line."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
import redis

from adapters.embedded import EmbeddedPostgres, EmbeddedRedis, EmbeddedServerError
from adapters.embedded._files import pid_alive


def test_postgres_data_survives_a_restart(tmp_path: Path) -> None:
    pg = EmbeddedPostgres(tmp_path)
    url = pg.start()
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE notes (body text)")
        conn.execute("INSERT INTO notes VALUES ('kept')")
    pg.stop()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)

    again = EmbeddedPostgres(tmp_path)
    url = again.start()
    try:
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT body FROM notes").fetchall() == [("kept",)]
        # The password file is private and the server asks for it.
        assert (tmp_path / "postgres.password").stat().st_mode & 0o777 == 0o600
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(url.replace(url.split(":")[2].split("@")[0], "wrong"))
    finally:
        again.stop()


def test_a_running_cluster_is_reused_not_restarted(tmp_path: Path) -> None:
    owner = EmbeddedPostgres(tmp_path)
    url = owner.start()
    guest = EmbeddedPostgres(tmp_path)
    try:
        assert guest.start() == url
        guest.stop()  # not its server: must stay up
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        owner.stop()


def test_redis_data_survives_a_restart(tmp_path: Path) -> None:
    first = EmbeddedRedis(tmp_path)
    client = redis.Redis.from_url(first.start())
    client.set("job", "pending")
    client.close()
    first.stop()

    second = EmbeddedRedis(tmp_path)
    client = redis.Redis.from_url(second.start())
    try:
        assert client.get("job") == b"pending"
    finally:
        client.close()
        second.stop()


def test_read_only_data_dir_is_one_clear_line(read_only_dir: Path) -> None:
    with pytest.raises(EmbeddedServerError, match=r"DATA_DIR: .* not writable"):
        EmbeddedPostgres(read_only_dir).start()


def test_data_dir_that_is_a_file_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text(datetime.now(UTC).isoformat())
    with pytest.raises(EmbeddedServerError, match="DATA_DIR: cannot create"):
        EmbeddedRedis(blocker / "data").start()


def test_a_redis_whose_folder_vanished_is_still_stopped(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path)
    client = redis.Redis.from_url(server.start())
    client.set("k", "v")
    client.close()
    pid = int((tmp_path / "redis" / "redis.pid").read_text())
    shutil.rmtree(tmp_path / "redis")  # it can no longer write its append-only file
    server.stop(grace_s=1)
    assert not pid_alive(pid)

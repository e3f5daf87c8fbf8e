"""Embedded PostgreSQL and Redis: the zero-configuration default when no server URL is set."""

from adapters.embedded.errors import EmbeddedServerError
from adapters.embedded.postgres import EmbeddedPostgres
from adapters.embedded.redis import EmbeddedRedis

__all__ = ["EmbeddedPostgres", "EmbeddedRedis", "EmbeddedServerError"]

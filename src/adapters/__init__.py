"""Implementations of the application's ports: PostgreSQL, Redis, outside services, memory."""

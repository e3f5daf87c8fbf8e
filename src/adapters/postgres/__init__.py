"""PostgreSQL adapters: psycopg 3 (async) with psycopg_pool and raw SQL."""

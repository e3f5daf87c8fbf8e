"""One PostgreSQL store per store port, each on its unit of work's `Session`."""

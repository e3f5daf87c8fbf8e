"""One in-memory store per store port, each working on a `Session`'s overlays."""

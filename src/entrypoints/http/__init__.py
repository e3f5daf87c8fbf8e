"""The Litestar HTTP app: health, OAuth callbacks and webhooks."""

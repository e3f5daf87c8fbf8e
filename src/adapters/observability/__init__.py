"""Metrics and other signals about the running product (never about a user's health)."""

"""Thin drivers (HTTP, bot, worker, CLI) and the composition root that wires every layer."""

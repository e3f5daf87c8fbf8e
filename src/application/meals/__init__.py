"""Use cases about food: log it, undo it, re-weigh it."""

"""Use cases bringing outside data in (wearable, diary) and our writes out (diary outbox)."""

"""Use cases linking and unlinking outside providers (WHOOP, FatSecret)."""

"""Use cases keeping the conversation history short-lived."""

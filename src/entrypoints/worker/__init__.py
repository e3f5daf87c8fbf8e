"""The arq worker: job functions per area, and the settings that run them on the container."""

"""Use cases about the user themselves: registration, settings, export, deletion."""

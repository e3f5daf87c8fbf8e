"""Pure functions from a user's data to structured briefings: morning, evening, weekly."""

"""Food: nutrients, units, items, entries, daily intake and targets."""

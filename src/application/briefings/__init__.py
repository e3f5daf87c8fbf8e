"""Use cases composing and delivering the morning, evening and weekly briefings."""

"""The pure core: meals, recovery, briefings, users. Standard library and msgspec only."""

"""Everything the product says, in Ukrainian and English, from one place.

`messages.py` holds the catalogs; `numbers.py` formats numbers per language; the other modules
turn structured results (a logged meal, a briefing, an answer) into text. Handlers never build
strings themselves.
"""

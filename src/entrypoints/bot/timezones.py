"""A user's timezone from what they give: an IANA name, a city, or a shared location.

Locations: inside (a rough outline of) mainland Ukraine it is Europe/Kyiv — the nearest-city rule
alone would put Lviv on Warsaw's clock. Elsewhere it is the zone whose principal city (tzdata's
zone1970.tab) is nearest. The reply states the local time, so a wrong guess is seen and fixed by
typing a city.
"""

from __future__ import annotations

import functools
import math
import zoneinfo
from pathlib import Path

_KYIV = "Europe/Kyiv"

# Common names tzdata has no zone for (every Ukrainian city keeps Kyiv's clock), in uk and en.
_UKRAINIAN_CITIES = (
    "київ", "kyiv", "kiev", "львів", "lviv", "одеса", "odesa", "odessa", "харків", "kharkiv",
    "дніпро", "dnipro", "запоріжжя", "zaporizhzhia", "вінниця", "vinnytsia", "полтава",
    "poltava", "чернігів", "chernihiv", "суми", "sumy", "житомир", "zhytomyr", "тернопіль",
    "ternopil", "ужгород", "uzhhorod", "луцьк", "lutsk", "рівне", "rivne", "хмельницький",
    "khmelnytskyi", "черкаси", "cherkasy", "миколаїв", "mykolaiv", "херсон", "kherson",
    "чернівці", "chernivtsi", "кропивницький", "kropyvnytskyi", "івано-франківськ",
    "ivano-frankivsk", "україна", "ukraine",
)  # fmt: skip
_CITIES = {
    **dict.fromkeys(_UKRAINIAN_CITIES, _KYIV),
    "варшава": "Europe/Warsaw",
    "краків": "Europe/Warsaw",
    "krakow": "Europe/Warsaw",
    "берлін": "Europe/Berlin",
    "прага": "Europe/Prague",
    "відень": "Europe/Vienna",
    "лондон": "Europe/London",
    "париж": "Europe/Paris",
    "рим": "Europe/Rome",
    "мадрид": "Europe/Madrid",
    "лісабон": "Europe/Lisbon",
    "амстердам": "Europe/Amsterdam",
    "вільнюс": "Europe/Vilnius",
    "рига": "Europe/Riga",
    "таллінн": "Europe/Tallinn",
    "кишинів": "Europe/Chisinau",
    "бухарест": "Europe/Bucharest",
    "будапешт": "Europe/Budapest",
    "стамбул": "Europe/Istanbul",
    "нью-йорк": "America/New_York",
    "торонто": "America/Toronto",
    "чикаго": "America/Chicago",
    "лос-анджелес": "America/Los_Angeles",
    "washington": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "boston": "America/New_York",
}

# Old names tzdata keeps as links.
_RENAMED = {"Europe/Kiev": _KYIV, "Europe/Uzhgorod": _KYIV, "Europe/Zaporozhye": _KYIV}

# Mainland Ukraine, clockwise from the Polish–Belarusian tripoint: (latitude, longitude).
_UKRAINE = (
    (51.56, 23.61), (51.91, 25.20), (51.92, 27.20), (51.62, 28.60), (51.47, 30.55),
    (52.10, 31.78), (52.35, 33.20), (51.80, 34.20), (51.20, 35.10), (50.40, 36.30),
    (50.30, 37.60), (49.95, 38.20), (49.90, 40.15), (48.90, 39.80), (47.85, 39.75),
    (47.10, 38.20), (46.70, 36.80), (46.15, 34.80), (46.00, 33.60), (46.10, 32.00),
    (46.55, 31.50), (46.30, 30.80), (45.20, 29.75), (45.40, 28.25), (45.90, 28.80),
    (46.45, 29.75), (46.90, 29.90), (47.60, 29.30), (48.10, 28.80), (48.45, 27.70),
    (48.25, 26.62), (47.75, 25.10), (47.95, 23.50), (48.05, 22.85), (48.40, 22.15),
    (48.60, 22.15), (49.08, 22.56), (49.80, 22.95), (50.25, 23.63), (51.20, 23.80),
)  # fmt: skip


def timezone_named(text: str) -> str | None:
    """An IANA name (any case) or a known city → the zone; None if unknown."""
    wanted = " ".join(text.strip().lower().split())
    if not wanted:
        return None
    if wanted in _CITIES:
        return _CITIES[wanted]
    zones = _zones_by_lower_name()
    found = zones.get(wanted) or zones.get(wanted.replace(" ", "_")) or _by_city(wanted)
    return _RENAMED.get(found, found) if found else None


def timezone_at(latitude: float, longitude: float) -> str | None:
    """The zone for a point on Earth; None when tzdata's table of cities is not installed."""
    if _inside(latitude, longitude, _UKRAINE):
        return _KYIV
    cities = _principal_cities()
    if not cities:
        return None
    return min(cities, key=lambda city: _distance_km(latitude, longitude, city[0], city[1]))[2]


@functools.cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def _by_city(wanted: str) -> str | None:
    """ "new york" → America/New_York: the last part of a zone name, spaces for underscores."""
    key = wanted.replace(" ", "_")
    for lower, name in _zones_by_lower_name().items():
        if "/" in lower and lower.rsplit("/", 1)[1] == key and not lower.startswith("etc/"):
            return name
    return None


@functools.cache
def _principal_cities() -> tuple[tuple[float, float, str], ...]:
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone1970.tab"
        if table.is_file():
            return tuple(_read_table(table.read_text(encoding="utf-8")))
    return ()


def _read_table(content: str) -> list[tuple[float, float, str]]:
    cities = []
    for line in content.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        columns = line.split("\t")
        coordinates, name = columns[1], columns[2]
        split = max(coordinates.rfind("+"), coordinates.rfind("-"))
        cities.append((_degrees(coordinates[:split]), _degrees(coordinates[split:]), name))
    return cities


def _degrees(iso6709: str) -> float:
    """ "+5026" → 50.43; "-0734512" → -73.75 (±DDMM[SS] or ±DDDMM[SS])."""
    sign = -1 if iso6709[0] == "-" else 1
    digits = iso6709[1:]
    width = 2 if len(digits) in (4, 6) else 3
    degrees, rest = int(digits[:width]), digits[width:]
    minutes, seconds = int(rest[:2]), int(rest[2:] or 0)
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _inside(lat: float, lon: float, outline: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: does a ray east from the point cross the outline an odd number of times?"""
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(outline, outline[1:] + outline[:1], strict=True):
        if (lat1 > lat) != (lat2 > lat):
            crossing = lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
            if lon < crossing:
                inside = not inside
    return inside

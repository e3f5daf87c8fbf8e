"""Look up a message in the user's language and fill in its {placeholders}."""

from __future__ import annotations

from collections.abc import Mapping

from application.rendering import catalog_en, catalog_uk
from domain.users import Language

CATALOGS: Mapping[Language, Mapping[str, str]] = {
    Language.UK: catalog_uk.MESSAGES,
    Language.EN: catalog_en.MESSAGES,
}


def text(language: Language, key: str, **values: object) -> str:
    """The message `key` in `language`. A missing key or placeholder is a bug: KeyError."""
    return CATALOGS[language][key].format(**values)

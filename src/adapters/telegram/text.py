"""Plain text made safe for Telegram: HTML-escaped, and cut into messages Telegram accepts."""

from __future__ import annotations

import html
from collections.abc import Iterator

# sendMessage.text: 1–4096 characters after entity parsing, i.e. of the plain text. Telegram
# counts UTF-16 code units, so an emoji outside the BMP counts twice.
MAX_MESSAGE = 4096
MAX_CAPTION = 1024


def escape(text: str) -> str:
    """For parse_mode=HTML: the user's words and ours are shown as written, never as markup."""
    return html.escape(text, quote=False)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units, cut at line ends where possible, else at
    a space, else anywhere (never inside a character). Whitespace-only text gives no pieces."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in _short_lines(text, limit):
        extra = utf16_length(line) + (1 if current else 0)
        if current and size + extra > limit:
            pieces.append("\n".join(current))
            current, size = [], 0
            extra = utf16_length(line)
        current.append(line)
        size += extra
    if current:
        pieces.append("\n".join(current))
    return [piece for piece in (p.strip("\n") for p in pieces) if piece.strip()]


def _short_lines(text: str, limit: int) -> Iterator[str]:
    for line in text.split("\n"):
        rest = line
        while utf16_length(rest) > limit:
            head = _fitting_prefix(rest, limit)
            cut = head.rfind(" ")
            if cut > 0:
                head = head[:cut]
            yield head
            rest = rest[len(head) :].lstrip(" ")
        yield rest


def _fitting_prefix(line: str, limit: int) -> str:
    size = 0
    for index, char in enumerate(line):
        size += 2 if ord(char) > 0xFFFF else 1
        if size > limit:
            return line[:index]
    return line

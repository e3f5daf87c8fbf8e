"""Telegram's HTML parse mode as TDLib implements it (parse_html in td/telegram/MessageEntity.cpp).

`parse_html` returns the text a user sees and its entities (offsets and lengths in UTF-16 code
units, as the Bot API reports them), or raises `EntityParseError` with TDLib's wording, which the
Bot API prefixes with "Bad Request: can't parse entities: ". The cases in TDLib's own tests
(test/message_entities.cpp, check_parse_html) behave the same here.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SUPPORTED_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "span"}
    | {"tg-emoji", "tg-time", "pre", "code", "blockquote"}
)
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
# TDLib's get_type_priority: the order of entities that start at the same place with equal length.
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "date_time": 50,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_SPACES = " \t\r\n\v"  # TDLib's is_space (its NUL terminator is our end of input)
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_DATE_FORMAT_LETTERS = frozenset("tTdDwW")


class EntityParseError(ValueError):
    """Markup Telegram refuses; str(error) is TDLib's message."""


def utf16_length(text: str) -> int:
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def check_link(url: str) -> str | None:
    """A link as Telegram stores it ("telegram.org" -> "http://telegram.org/"), or None."""
    if not url or any(char.isspace() for char in url):
        return None
    if url.lower().startswith("tg:"):
        return url
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https", "ton"} or not parts.hostname:
        return None
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, parts.fragment)
    )


def parse_html(markup: str) -> tuple[str, list[dict[str, Any]]]:
    return _Parser(markup).run()


def _ascii_lower(text: str) -> str:
    return "".join(char.lower() if char.isascii() else char for char in text)


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """The character of the HTML entity at text[pos] == "&" and the position after it.

    Like TDLib: only &lt; &gt; &amp; &quot; and numeric references; the ";" is optional."""
    end = pos + 1
    if end < len(text) and text[end] == "#":
        end += 1
        value = 0
        hexadecimal = end < len(text) and text[end] == "x"
        if hexadecimal:
            end += 1
        digits = string.hexdigits if hexadecimal else string.digits
        while end < len(text) and text[end] in digits:
            value = value * (16 if hexadecimal else 10) + int(text[end], 16)
            end += 1
            if value >= 0x10FFFF:
                return None
        if value == 0 or end - pos >= 10:
            return None
        char = chr(value)
    else:
        while end < len(text) and text[end] in string.ascii_letters:
            end += 1
        found = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if found is None:
            return None
        char = found
    if end < len(text) and text[end] == ";":
        end += 1
    return char, end


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    utf16_offset: int
    output_index: int  # where its inner text starts in the output pieces


class _Parser:
    def __init__(self, markup: str) -> None:
        self.text = markup
        self.pos = 0
        self.output: list[str] = []
        self.utf16_offset = 0
        self.open_tags: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "&" and (decoded := _decode_entity(self.text, self.pos)) is not None:
                self._emit(decoded[0])
                self.pos = decoded[1]
            elif char != "<":
                self._emit(char)
                self.pos += 1
            elif self.pos + 1 < len(self.text) and self.text[self.pos + 1] == "/":
                self._end_tag()
            else:
                self._start_tag()
        if self.open_tags:
            name = self.open_tags[-1].name
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        result = "".join(self.output)
        if any(0xD800 <= ord(char) <= 0xDFFF for char in result):
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        for entity in self.entities:
            entity.pop("_language", None)
        self.entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)))
        return result, self.entities

    def _emit(self, char: str) -> None:
        self.output.append(char)
        self.utf16_offset += 2 if ord(char) > 0xFFFF else 1

    def _byte_offset(self, pos: int) -> int:
        return len(self.text[:pos].encode("utf-8", "surrogatepass"))

    def _at_end(self, pos: int) -> bool:
        return pos >= len(self.text)

    def _skip_spaces(self, pos: int) -> int:
        while not self._at_end(pos) and self.text[pos] in _SPACES:
            pos += 1
        return pos

    def _start_tag(self) -> None:
        begin = self.pos
        pos = begin + 1
        while not self._at_end(pos) and self.text[pos] not in _SPACES and self.text[pos] != ">":
            pos += 1
        offset = self._byte_offset(begin)
        if self._at_end(pos):
            raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
        name = _ascii_lower(self.text[begin + 1 : pos])
        if name not in SUPPORTED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
        attributes, pos = self._attributes(name, pos, offset)
        self._check_tag(name, attributes, offset)
        self.open_tags.append(_OpenTag(name, attributes, self.utf16_offset, len(self.output)))
        self.pos = pos + 1

    def _attributes(self, tag: str, pos: int, offset: int) -> tuple[dict[str, str], int]:
        attributes: dict[str, str] = {}
        while True:
            pos = self._skip_spaces(pos)
            if self._at_end(pos):
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {offset}')
            if self.text[pos] == ">":
                return attributes, pos
            name_begin = pos
            while not self._at_end(pos) and self.text[pos] not in _SPACES + "=>":
                pos += 1
            name = _ascii_lower(self.text[name_begin:pos])
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {offset}'
                )
            pos = self._skip_spaces(pos)
            if self._at_end(pos) or self.text[pos] != "=":
                attributes.setdefault(name, "")  # a bare attribute, such as "expandable"
                continue
            pos = self._skip_spaces(pos + 1)
            if self._at_end(pos):
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {offset}')
            value, pos = self._attribute_value(pos)
            if self._at_end(pos):
                raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
            attributes[name] = value

    def _attribute_value(self, pos: int) -> tuple[str, int]:
        quote = self.text[pos]
        if quote not in "'\"":
            # An unquoted value is an HTML name token: letters, digits, "." and "-".
            begin = pos
            while not self._at_end(pos) and (
                (self.text[pos].isascii() and self.text[pos].isalnum()) or self.text[pos] in ".-"
            ):
                pos += 1
            if self._at_end(pos) or self.text[pos] not in _SPACES + ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {self._byte_offset(begin)}"
                )
            return _ascii_lower(self.text[begin:pos]), pos
        pos += 1
        value: list[str] = []
        while not self._at_end(pos) and self.text[pos] != quote:
            if self.text[pos] == "&" and (decoded := _decode_entity(self.text, pos)) is not None:
                value.append(decoded[0])
                pos = decoded[1]
                continue
            value.append(self.text[pos])
            pos += 1
        if not self._at_end(pos):
            pos += 1
        return "".join(value), pos

    def _check_tag(self, name: str, attributes: dict[str, str], offset: int) -> None:
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
            )
        if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise EntityParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}'
            )
        if name == "tg-time":
            if not attributes.get("unix", "").isdigit():
                raise EntityParseError(
                    f'Tag "tg-time" must have attribute "unix" at byte offset {offset}'
                )
            date_format = attributes.get("format", "")
            if date_format not in {"", "r"} and not set(date_format) <= _DATE_FORMAT_LETTERS:
                raise EntityParseError("Invalid date format used")

    def _end_tag(self) -> None:
        begin = self.pos
        offset = self._byte_offset(begin)
        if not self.open_tags:
            raise EntityParseError(f"Unexpected end tag at byte offset {offset}")
        pos = begin + 2
        while not self._at_end(pos) and self.text[pos] not in _SPACES and self.text[pos] != ">":
            pos += 1
        end_name = _ascii_lower(self.text[begin + 2 : pos])
        pos = self._skip_spaces(pos)
        if self._at_end(pos) or self.text[pos] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {offset}")
        tag = self.open_tags[-1]
        if end_name and end_name != tag.name:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {offset}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        self.pos = pos + 1
        self.open_tags.pop()
        if self.utf16_offset > tag.utf16_offset:
            self._close(tag, self.utf16_offset - tag.utf16_offset)

    def _close(self, tag: _OpenTag, length: int) -> None:
        entity: dict[str, Any] = {"offset": tag.utf16_offset, "length": length}
        last = self.entities[-1] if self.entities else None
        same_span = (
            last is not None and last["offset"] == entity["offset"] and last["length"] == length
        )
        if tag.name in _SIMPLE_TAGS:
            entity["type"] = _SIMPLE_TAGS[tag.name]
        elif tag.name == "blockquote":
            entity["type"] = (
                "expandable_blockquote" if "expandable" in tag.attributes else "blockquote"
            )
        elif tag.name == "tg-emoji":
            entity |= {"type": "custom_emoji", "custom_emoji_id": tag.attributes["emoji-id"]}
        elif tag.name == "tg-time":
            entity |= {"type": "date_time", "unix_time": int(tag.attributes["unix"])}
            if tag.attributes.get("format"):
                entity["date_time_format"] = tag.attributes["format"]
        elif tag.name == "a":
            link = self._link(tag)
            if link is None:
                return
            entity |= link
        elif tag.name == "code":
            language = tag.attributes.get("class", "").removeprefix("language-")
            if "class" not in tag.attributes or language == tag.attributes["class"]:
                language = ""
            if last is not None and same_span and last["type"] == "pre" and language:
                last["language"] = language  # <code class="language-x"> right inside <pre>
                return
            entity |= {"type": "code", "_language": language}
        elif tag.name == "pre":
            if last is not None and same_span and last["type"] == "code" and last["_language"]:
                last["type"] = "pre"  # <pre><code class="language-x">: one pre with a language
                last["language"] = last.pop("_language")
                return
            entity["type"] = "pre"
        self.entities.append(entity)

    def _link(self, tag: _OpenTag) -> dict[str, Any] | None:
        url = tag.attributes.get("href") or "".join(self.output[tag.output_index :])
        if url.startswith("tg://user?id="):
            user_id = url.removeprefix("tg://user?id=")
            if user_id.isdigit():
                user = {"id": int(user_id), "is_bot": False, "first_name": ""}
                return {"type": "text_mention", "user": user}
        checked = check_link(url)
        return None if checked is None else {"type": "text_link", "url": checked}


def trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Drop leading and trailing whitespace as Telegram does before storing a message, moving the
    entities with the text and dropping those left empty."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    head = utf16_length(text[: len(text) - len(text.lstrip())])
    size = utf16_length(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - head, 0)
        end = min(entity["offset"] + entity["length"] - head, size)
        if end > start:
            kept.append(entity | {"offset": start, "length": end - start})
    return stripped, kept

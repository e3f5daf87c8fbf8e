"""Method parameters however they came (query string, form, multipart, JSON), read with the types
the Bot API expects. Structured values arrive JSON-encoded in forms and natively in JSON bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.fakes.telegram.errors import bad_request
from tests.fakes.telegram.state import Upload

_TRUE = {"true", "1", "True"}


@dataclass(frozen=True)
class Params:
    values: dict[str, Any]
    uploads: dict[str, Upload]

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def text(self, name: str, *, missing: str | None = None) -> str | None:
        """The string value; `missing` is the Bad Request detail when it is required."""
        value = self.values.get(name)
        if value is None or value == "":
            if missing is not None:
                raise bad_request(missing)
            return None if value is None else ""
        if not isinstance(value, str | int | float):
            raise bad_request(f'field "{name}" must be of type String')
        return str(value)

    def integer(self, name: str, *, missing: str | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if missing is not None:
                raise bad_request(missing)
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        return value is True or (isinstance(value, str) and value in _TRUE)

    def structured(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str) and value != "":
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> Any:
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        return value

    def input_file(self, name: str) -> Upload | str | None:
        """An InputFile: a part named `name`, "attach://<part>", or a file_id / URL string."""
        if name in self.uploads:
            return self.uploads[name]
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            part = value.removeprefix("attach://")
            if part not in self.uploads:
                raise bad_request(f"file not found in the request: {part}")
            return self.uploads[part]
        return value if isinstance(value, str) and value else None

"""JSON Schemas under Structured Outputs `strict: true`: the rules OpenAI enforces before it answers
(the root is an object; every object has additionalProperties false and lists every property in
required; no allOf / not / if-then-else ...), and the smallest instance of a schema, which is the
fake's default answer."""

from __future__ import annotations

from typing import Any

_NOT_PERMITTED = (
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
)
_MAX_DEPTH = 10  # OpenAI: "up to 10 levels of nesting"


class SchemaError(ValueError):
    """Why OpenAI would refuse the schema, worded like its 400 messages after the schema name."""


def check_strict(schema: Any) -> None:
    if not isinstance(schema, dict):
        raise SchemaError("schema must be a JSON Schema object")
    if schema.get("type") != "object":
        got = schema.get("type")
        raise SchemaError(
            f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{got}\"'."
        )
    _check(schema, schema, (), depth=0)


def _check(node: Any, root: dict[str, Any], context: tuple[str, ...], *, depth: int) -> None:
    if not isinstance(node, dict):
        raise SchemaError(f"In context={context}, schema must be a JSON Schema object.")
    if depth > _MAX_DEPTH:
        raise SchemaError(f"In context={context}, schema exceeds {_MAX_DEPTH} levels of nesting.")
    for keyword in _NOT_PERMITTED:
        if keyword in node:
            raise SchemaError(f"In context={context}, '{keyword}' is not permitted.")
    if "$ref" in node:
        _resolve(node["$ref"], root, context)
    types = node.get("type")
    is_object = types == "object" or (isinstance(types, list) and "object" in types)
    if is_object or "properties" in node:
        _check_object(node, root, context, depth=depth)
    if isinstance(node.get("items"), dict):
        _check(node["items"], root, (*context, "items"), depth=depth + 1)
    for index, branch in enumerate(node.get("anyOf") or []):
        _check(branch, root, (*context, "anyOf", str(index)), depth=depth + 1)
    for keyword in ("$defs", "definitions"):
        for name, definition in (node.get(keyword) or {}).items():
            _check(definition, root, (*context, keyword, name), depth=depth + 1)


def _check_object(
    node: dict[str, Any], root: dict[str, Any], context: tuple[str, ...], *, depth: int
) -> None:
    if node.get("additionalProperties") is not False:
        raise SchemaError(
            f"In context={context}, 'additionalProperties' is required to be supplied and to be "
            "false."
        )
    properties = node.get("properties") or {}
    required = node.get("required") or []
    missing = [name for name in properties if name not in required]
    if missing:
        raise SchemaError(
            f"In context={context}, 'required' is required to be supplied and to be an array "
            f"including every key in properties. Missing '{missing[0]}'."
        )
    extra = [name for name in required if name not in properties]
    if extra:
        raise SchemaError(
            f"In context={context}, 'required' is required to be supplied and to be an array "
            f"including every key in properties. Extra required key '{extra[0]}' supplied."
        )
    for name, prop in properties.items():
        _check(prop, root, (*context, "properties", name), depth=depth + 1)


def _resolve(ref: Any, root: dict[str, Any], context: tuple[str, ...]) -> dict[str, Any]:
    if ref == "#":
        return root
    node: Any = root
    if isinstance(ref, str) and ref.startswith("#/"):
        for part in ref[2:].split("/"):
            node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        raise SchemaError(f"In context={context}, reference {ref!r} can't be resolved.")
    return node


def minimal_instance(schema: Any, root: Any = None, depth: int = 0) -> Any:
    """The smallest value the schema accepts: required properties only, first enum value or
    anyOf branch, empty strings and arrays, zeros."""
    root = schema if root is None else root
    if not isinstance(schema, dict) or depth > 2 * _MAX_DEPTH:
        return None
    if "$ref" in schema:
        try:
            target = _resolve(schema["$ref"], root, ())
        except SchemaError:
            return None
        return minimal_instance(target, root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("anyOf"):
        return minimal_instance(schema["anyOf"][0], root, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        return {
            name: minimal_instance(properties.get(name, {}), root, depth + 1)
            for name in schema.get("required") or []
        }
    if kind == "array":
        item = minimal_instance(schema.get("items", {}), root, depth + 1)
        return [item] * int(schema.get("minItems", 0))
    if kind == "string":
        return "x" * int(schema.get("minLength", 0))
    if kind in {"integer", "number"}:
        value = 0
        if "minimum" in schema:
            value = schema["minimum"]
        elif "exclusiveMinimum" in schema:
            value = schema["exclusiveMinimum"] + 1
        elif "maximum" in schema:
            value = min(0, schema["maximum"])
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    return None

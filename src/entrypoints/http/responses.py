"""OpenAPI declarations of the answers our routes give besides their main one, so the schema
says what a client can really get (schemathesis checks each route against it)."""

from __future__ import annotations

import msgspec
from litestar import MediaType
from litestar.openapi import ResponseSpec


class ErrorBody(msgspec.Struct, frozen=True):
    """The JSON body of every error the app answers itself: a short reason, no internals."""

    error: str


def error(description: str) -> ResponseSpec:
    return ResponseSpec(data_container=ErrorBody, description=description)


def page(description: str) -> ResponseSpec:
    """A plain HTML page for a person in a browser."""
    return ResponseSpec(data_container=str, media_type=MediaType.HTML, description=description)


def empty(description: str) -> ResponseSpec:
    return ResponseSpec(data_container=None, description=description)

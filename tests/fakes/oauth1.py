"""OAuth 1.0 HMAC-SHA1 signature checking for the fakes (RFC 5849 §3.4), written independently of
whatever signer the product uses, so a shared misreading of the RFC cannot hide on both sides.

The fake recomputes the signature base string from the request exactly as it arrived: the method,
the scheme, the Host header, the raw path, the query string, a form-encoded body and the
`Authorization: OAuth` header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote

_DEFAULT_PORTS = {"http": 80, "https": 443}


def percent_encode(value: str) -> str:
    """RFC 5849 §3.6: UTF-8, then every byte outside `A-Z a-z 0-9 - . _ ~` as uppercase %XX."""
    return quote(value.encode("utf-8"), safe="-._~")


def base_string_uri(scheme: str, host: str, path: str) -> str:
    """RFC 5849 §3.4.1.2: lowercase scheme and host, default port dropped, no query.

    `host` is the Host header as received (it may carry a port); `path` is the raw request path."""
    scheme = scheme.lower()
    host = host.lower()
    name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if name and port.isdigit() and int(port) == _DEFAULT_PORTS.get(scheme):
        host = name
    return f"{scheme}://{host}{path or '/'}"


def parse_form(raw: str) -> list[tuple[str, str]]:
    """`application/x-www-form-urlencoded` pairs, `+` as space, blank values kept (§3.4.1.3.1)."""
    return parse_qsl(raw, keep_blank_values=True)


def parse_authorization_header(header: str) -> list[tuple[str, str]] | None:
    """The parameters of an `Authorization: OAuth k="v", ...` header, `realm` excluded (§3.5.1).

    None when the header is not of the OAuth scheme."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "oauth":
        return None
    pairs: list[tuple[str, str]] = []
    for item in rest.split(","):
        name, sep, value = item.strip().partition("=")
        if not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        name = unquote(name.strip())
        if name != "realm":
            pairs.append((name, unquote(value)))
    return pairs


def collect_parameters(
    *, query: str, form_body: str | None, authorization: str | None
) -> list[tuple[str, str]]:
    """Every parameter that takes part in the signature, decoded (§3.4.1.3.1).

    `form_body` is given only when the request's content type is form-encoded."""
    pairs = parse_form(query)
    if authorization:
        pairs.extend(parse_authorization_header(authorization) or [])
    if form_body:
        pairs.extend(parse_form(form_body))
    return pairs


def normalize_parameters(params: Iterable[tuple[str, str]]) -> str:
    """§3.4.1.3.2: encode, sort by name then value, join; `oauth_signature` and `realm` excluded."""
    encoded = sorted(
        (percent_encode(name), percent_encode(value))
        for name, value in params
        if name not in ("oauth_signature", "realm")
    )
    return "&".join(f"{name}={value}" for name, value in encoded)


def signature_base_string(method: str, uri: str, params: Iterable[tuple[str, str]]) -> str:
    return "&".join(
        [method.upper(), percent_encode(uri), percent_encode(normalize_parameters(params))]
    )


def hmac_sha1_signature(base_string: str, consumer_secret: str, token_secret: str = "") -> str:
    key = f"{percent_encode(consumer_secret)}&{percent_encode(token_secret)}"
    digest = hmac.new(key.encode(), base_string.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """What the fake saw: enough to recompute the signature and to report what went wrong."""

    method: str
    uri: str
    params: Sequence[tuple[str, str]]

    def first(self, name: str) -> str | None:
        return next((value for key, value in self.params if key == name), None)

    @property
    def base_string(self) -> str:
        return signature_base_string(self.method, self.uri, self.params)

    def signature_matches(self, consumer_secret: str, token_secret: str) -> bool:
        expected = hmac_sha1_signature(self.base_string, consumer_secret, token_secret)
        return hmac.compare_digest(expected, self.first("oauth_signature") or "")

"""OAuth 1.0 HMAC-SHA1 request signing (RFC 5849 §3.4), done by Authlib's core signer.

Authlib's `ClientAuth.sign` draws the nonce and the timestamp itself (from `os.urandom` and
`time.time`); ours come from the SecretGenerator and Clock ports instead, so runs are
deterministic and the timestamp follows the clock the rest of the product uses. Everything else
— the base string, the parameter encoding and sorting, the HMAC — is Authlib's.
(Authlib's httpx integration targets a package named `httpx2` in the installed version, so the
request itself is sent by our own httpx client.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

import msgspec
from authlib.oauth1.rfc5849.client_auth import ClientAuth  # type: ignore[import-untyped]
from authlib.oauth1.rfc5849.signature import (  # type: ignore[import-untyped]
    SIGNATURE_HMAC_SHA1,
    SIGNATURE_TYPE_BODY,
    SIGNATURE_TYPE_QUERY,
)

from application.ports.system import Clock, SecretGenerator

FORM = "application/x-www-form-urlencoded"


class SignedRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A request ready to send: GET carries every parameter in `url`, POST in `body`."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes


class _PortedClientAuth(ClientAuth):  # type: ignore[misc]  # Authlib ships no type hints
    """Authlib's signer with the nonce and timestamp handed in."""

    def __init__(
        self, *args: Any, nonce: str, timestamp: str, include_version: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._nonce = nonce
        self._timestamp = timestamp
        self._include_version = include_version

    def get_oauth_params(self, nonce: str, timestamp: str) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = super().get_oauth_params(self._nonce, self._timestamp)
        if self._include_version:
            return params
        return [(name, value) for name, value in params if name != "oauth_version"]


class OAuth1Signer:
    """Signs requests for one consumer (our FatSecret app), optionally on behalf of a user's
    token. GET requests are signed in the query, POST requests in a form body (FatSecret
    documents both; the header form only in third-party notes)."""

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        *,
        clock: Clock,
        nonces: SecretGenerator,
        include_version: bool = True,  # oauth_version=1.0 is optional in RFC 5849
    ) -> None:
        self._consumer_key = consumer_key
        self._consumer_secret = consumer_secret
        self._clock = clock
        self._nonces = nonces
        self._include_version = include_version

    def sign(
        self,
        method: str,
        url: str,
        params: Sequence[tuple[str, str]] = (),
        *,
        token: str | None = None,
        token_secret: str | None = None,
        callback: str | None = None,
        verifier: str | None = None,
    ) -> SignedRequest:
        """Sign `method url` with `params` (plus any query already in `url`); a fresh nonce and
        the clock's timestamp on every call."""
        auth = _PortedClientAuth(
            self._consumer_key,
            self._consumer_secret,
            token=token,
            token_secret=token_secret or "",
            redirect_uri=callback,
            verifier=verifier,
            signature_method=SIGNATURE_HMAC_SHA1,
            signature_type=SIGNATURE_TYPE_QUERY if method == "GET" else SIGNATURE_TYPE_BODY,
            nonce=self._nonces.token(),
            timestamp=str(int(self._clock.now().timestamp())),
            include_version=self._include_version,
        )
        encoded = urlencode(list(params), quote_via=quote)
        if method == "GET":
            separator = "&" if "?" in url else "?"
            target = f"{url}{separator}{encoded}" if encoded else url
            signed_url, headers, _ = auth.sign(method, target, {}, "")
            return SignedRequest(method=method, url=signed_url, headers=dict(headers), body=b"")
        # Authlib parses the form body only when it is given as str, not bytes.
        signed_url, headers, body = auth.sign(method, url, {"Content-Type": FORM}, encoded)
        return SignedRequest(
            method=method, url=signed_url, headers=dict(headers), body=str(body).encode()
        )

from __future__ import annotations

from application.errors import CredentialsRejectedError, ServiceUnavailableError
from application.ports.authorizer import AuthorizationStart
from application.ports.connections import ProviderCredentials
from domain.connections import ConnectionState, Provider


class FakeAuthorizer:
    """A provider's consent flow: any code is accepted except those in `rejected_codes`; each
    accepted code yields tokens named after it. Records revocations."""

    def __init__(self, provider: Provider, *, oauth1: bool = False) -> None:
        self._provider = provider
        self._oauth1 = oauth1
        self.rejected_codes: set[str] = set()
        self.revoked: list[str] = []
        self.down = False

    @property
    def provider(self) -> Provider:
        return self._provider

    def _check(self) -> None:
        if self.down:
            raise ServiceUnavailableError(f"{self._provider.value} is down")

    async def start(self, state: str) -> AuthorizationStart:
        self._check()
        url = f"https://{self._provider.value}.example/authorize?state={state}"
        secret = f"request-secret-for-{state}" if self._oauth1 else None
        return AuthorizationStart(url=url, request_secret=secret)

    async def finish(self, *, code: str, state: ConnectionState) -> ProviderCredentials:
        self._check()
        if code in self.rejected_codes:
            raise CredentialsRejectedError("code refused")
        return ProviderCredentials(
            access_token=f"access-{code}",
            refresh_token=None if self._oauth1 else f"refresh-{code}",
            token_secret=state.request_secret,
        )

    async def refresh(self, credentials: ProviderCredentials) -> ProviderCredentials:
        self._check()
        if credentials.access_token in self.revoked:
            raise CredentialsRejectedError("revoked")
        return ProviderCredentials(
            access_token=f"{credentials.access_token}+",
            refresh_token=f"{credentials.refresh_token}+",
            token_secret=credentials.token_secret,
        )

    async def revoke(self, credentials: ProviderCredentials) -> None:
        self._check()
        self.revoked.append(credentials.access_token)

"""Which of our users a WHOOP account belongs to (webhooks name WHOOP's user id).

TODO(lead): the connection store has no lookup by the provider's user id, so this looks through
the linked users' credentials: O(linked users) per webhook. Fine for a few hundred users; past
that, add `ConnectionStore.user_with_external_id` (an indexed column) and swap this out.
"""

from __future__ import annotations

from application.ports.unit_of_work import UnitOfWork
from domain.connections import Provider
from domain.ids import UserId

PAGE = 200


class ScanningWearableAccounts:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def user_with(self, provider: Provider, external_user_id: str) -> UserId | None:
        after: UserId | None = None
        async with self._uow:
            while True:
                users = await self._uow.connections.connected_users(
                    provider, after=after, limit=PAGE
                )
                for user_id in users:
                    credentials = await self._uow.connections.credentials(user_id, provider)
                    if credentials and credentials.external_user_id == external_user_id:
                        return user_id
                if len(users) < PAGE:
                    return None
                after = users[-1]

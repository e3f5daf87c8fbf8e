"""A food diary link the provider refused: marked broken, so syncing stops until the user links
again, and the user told once — with the command that links it again.

Whoever meets the refusal first (the token check, the outbox, the import) calls
`mark_diary_link_broken`; the notification ledger makes the message go out once per link,
however many workers meet the refusal and however often the check runs.
"""

from __future__ import annotations

import logging

import msgspec

from application.connections.mark_connection_broken import broken_link_text
from application.errors import GatewayError, RecipientBlockedError
from application.ports.messenger import Messenger
from application.ports.unit_of_work import UnitOfWork
from domain.connections import ConnectionStatus, Provider, ProviderConnection
from domain.ids import UserId

logger = logging.getLogger(__name__)

RECONNECT_KIND = "diary_reconnect"


async def mark_diary_link_broken(
    uow: UnitOfWork, user_id: UserId, messenger: Messenger | None
) -> bool:
    """Mark the user's FatSecret link broken (committed) and, given a messenger, tell the user
    once per link. Call it outside a transaction. True when the message went out just now; a
    message that could not be sent is tried again at the next call."""
    async with uow:
        connection = await uow.connections.get(user_id, Provider.FATSECRET)
        if connection is None:
            return False
        if connection.is_usable:
            await uow.connections.set_status(user_id, Provider.FATSECRET, ConnectionStatus.BROKEN)
            await uow.commit()
    if messenger is None:
        return False
    return await _tell_once(uow, connection, messenger)


async def _tell_once(uow: UnitOfWork, broken: ProviderConnection, messenger: Messenger) -> bool:
    async with uow:
        user = await uow.users.get(broken.user_id)
        current = await uow.connections.get(broken.user_id, Provider.FATSECRET)
        if user is None or user.telegram_user_id is None or user.blocked_bot:
            return False
        if current is None or current.is_usable or current.connected_at != broken.connected_at:
            return False  # unlinked or linked again meanwhile: nothing to tell
        # One claim per link: the kind carries when it was made, so a link made again later
        # (and refused again) gets its own message.
        kind = f"{RECONNECT_KIND}@{int(current.connected_at.timestamp())}"
        if not await uow.notifications.claim(user.id, kind, user.local_date(current.connected_at)):
            return False
        try:
            text = broken_link_text(user.language, Provider.FATSECRET)
            await messenger.send_text(user.telegram_user_id, text)
        except RecipientBlockedError:
            await uow.rollback()  # release the claim: nothing was sent
            await uow.users.update(msgspec.structs.replace(user, blocked_bot=True))
            await uow.commit()
            return False
        except GatewayError:
            logger.warning("could not tell a user their diary link is broken; retried later")
            return False  # leaving the block rolls the claim back
        await uow.commit()
    return True

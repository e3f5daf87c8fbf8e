"""Use case: change what the user may change — language, timezone, targets, body, briefings.

Only the fields given change. Giving a body without targets recomputes the targets from it
(Mifflin–St Jeor × activity); invalid values raise the domain's validation errors, and then
nothing is saved.
"""

from __future__ import annotations

from datetime import time

import msgspec

from application.ports.unit_of_work import UnitOfWork
from application.rendering.messages import text
from domain.errors import UserNotFoundError
from domain.ids import UserId
from domain.meals.targets import BodyProfile, Targets, targets_for
from domain.users import Language, User


class UpdateSettingsRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UserId
    language: Language | None = None
    timezone: str | None = None
    targets: Targets | None = None
    body: BodyProfile | None = None
    morning_at: time | None = None
    evening_at: time | None = None
    morning: bool | None = None
    evening: bool | None = None
    weekly: bool | None = None


class UpdateSettingsResponse(msgspec.Struct, frozen=True, kw_only=True):
    user: User
    reply: str


class UpdateSettings:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, request: UpdateSettingsRequest) -> UpdateSettingsResponse:
        async with self._uow:
            user = await self._uow.users.get(request.user_id)
            if user is None:
                raise UserNotFoundError(f"no user {request.user_id}")
            updated = apply_settings(user, request)
            await self._uow.users.update(updated)
            await self._uow.commit()
        return UpdateSettingsResponse(user=updated, reply=text(updated.language, "settings.saved"))


def apply_settings(user: User, request: UpdateSettingsRequest) -> User:
    briefing_changes = {
        name: getattr(request, name)
        for name in ("morning_at", "evening_at", "morning", "evening", "weekly")
        if getattr(request, name) is not None
    }
    targets = request.targets
    if targets is None and request.body is not None:
        targets = targets_for(request.body)
    changes: dict[str, object] = {
        "language": request.language,
        "timezone": request.timezone,
        "targets": targets,
        "body": request.body,
    }
    return msgspec.structs.replace(
        user,
        briefings=msgspec.structs.replace(user.briefings, **briefing_changes),
        **{name: value for name, value in changes.items() if value is not None},
    )

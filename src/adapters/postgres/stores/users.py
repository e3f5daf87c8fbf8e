from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec

from adapters.postgres.session import Row, Session
from adapters.postgres.stores.user_tables import read_user_tables
from application.ports.users import DueUsers, UserTable
from domain.briefings.schedule import MAX_LATENESS, WEEKLY_REPORT_WEEKDAY, BriefingKind
from domain.errors import AlreadyExistsError, DomainError, UserNotFoundError
from domain.ids import UserId
from domain.users import User

# Below every id, for the first page.
_BEFORE_ALL = -(2**63)

GET_USER = "SELECT * FROM users WHERE id = %(id)s"
USER_BY_TELEGRAM_ID = "SELECT * FROM users WHERE telegram_user_id = %(telegram_user_id)s"
# DO NOTHING instead of an error: a taken id or Telegram id leaves the transaction usable.
ADD_USER = """
INSERT INTO users (
    id, telegram_user_id, created_at, language, timezone,
    target_kcal, target_protein, target_fat, target_carbohydrate,
    body_sex, body_age_years, body_height_cm, body_weight_kg, body_activity,
    morning_briefing_at, evening_briefing_at, morning_briefing, evening_briefing,
    weekly_briefing, blocked_bot
) VALUES (
    %(id)s, %(telegram_user_id)s, %(created_at)s, %(language)s, %(timezone)s,
    %(target_kcal)s, %(target_protein)s, %(target_fat)s, %(target_carbohydrate)s,
    %(body_sex)s, %(body_age_years)s, %(body_height_cm)s, %(body_weight_kg)s, %(body_activity)s,
    %(morning_briefing_at)s, %(evening_briefing_at)s, %(morning_briefing)s, %(evening_briefing)s,
    %(weekly_briefing)s, %(blocked_bot)s
)
ON CONFLICT DO NOTHING
"""
UPDATE_USER = """
UPDATE users SET
    telegram_user_id = %(telegram_user_id)s, created_at = %(created_at)s,
    language = %(language)s, timezone = %(timezone)s,
    target_kcal = %(target_kcal)s, target_protein = %(target_protein)s,
    target_fat = %(target_fat)s, target_carbohydrate = %(target_carbohydrate)s,
    body_sex = %(body_sex)s, body_age_years = %(body_age_years)s,
    body_height_cm = %(body_height_cm)s, body_weight_kg = %(body_weight_kg)s,
    body_activity = %(body_activity)s,
    morning_briefing_at = %(morning_briefing_at)s, evening_briefing_at = %(evening_briefing_at)s,
    morning_briefing = %(morning_briefing)s, evening_briefing = %(evening_briefing)s,
    weekly_briefing = %(weekly_briefing)s, blocked_bot = %(blocked_bot)s
WHERE id = %(id)s
"""
DELETE_USER = "DELETE FROM users WHERE id = %(id)s"  # every user-owned table cascades
PAGE_OF_USERS = "SELECT * FROM users WHERE id > %(after)s ORDER BY id LIMIT %(limit)s"

# The users a briefing is due for, a page at a time. Local times are computed here from each
# user's IANA zone (`AT TIME ZONE`), so the page holds only the users due now. A stored zone
# PostgreSQL does not know would fail the whole query: such rows get no local time (the CASE;
# `timezone()` is strict, so nothing downstream evaluates the zone) and come back flagged, for
# the caller to report. {wanted}, {at} and {weekday} come from `_BRIEFING_COLUMNS` only.
# `zones` is MATERIALIZED: listing pg_timezone_names takes ~30 ms, and the planner otherwise
# copies the check into every place `zone_known` is used (six listings per page). One row past
# `limit` says whether another page follows, so the last page costs no extra empty query.
DUE_FOR_BRIEFING = """
WITH zones AS MATERIALIZED (
    SELECT name FROM pg_timezone_names
), candidates AS (
    SELECT u.*, u.timezone IN (SELECT name FROM zones) AS zone_known
    FROM users u
    WHERE u.id > %(after)s::bigint AND u.telegram_user_id IS NOT NULL AND NOT u.blocked_bot
      AND u.{wanted}
), timed AS (
    SELECT c.*,
        CASE WHEN c.zone_known THEN %(now)s::timestamptz AT TIME ZONE c.timezone END AS local_now
    FROM candidates c
), scheduled AS (
    SELECT t.*, (t.local_now::date + t.{at}) AT TIME ZONE t.timezone AS scheduled_at
    FROM timed t
)
SELECT s.* FROM scheduled s
WHERE NOT s.zone_known OR (
    s.scheduled_at <= %(now)s AND %(now)s < s.scheduled_at + %(lateness)s {weekday}
    AND NOT EXISTS (
        SELECT 1 FROM sent_notifications n
        WHERE n.user_id = s.id AND n.kind = %(kind)s AND n.local_date = s.local_now::date
    )
)
ORDER BY s.id LIMIT %(limit)s + 1
"""
# ISO weekday: Monday is 1 (the domain's `WEEKLY_REPORT_WEEKDAY` counts Monday as 0).
_WEEKLY = f"AND extract(isodow FROM s.local_now) = {WEEKLY_REPORT_WEEKDAY + 1}"
_BRIEFING_COLUMNS = {
    BriefingKind.MORNING: ("morning_briefing", "morning_briefing_at", ""),
    BriefingKind.EVENING: ("evening_briefing", "evening_briefing_at", ""),
    BriefingKind.WEEKLY: ("weekly_briefing", "morning_briefing_at", _WEEKLY),
}
DUE_FOR = {
    kind: DUE_FOR_BRIEFING.format(wanted=wanted, at=at, weekday=weekday)
    for kind, (wanted, at, weekday) in _BRIEFING_COLUMNS.items()
}


def _params(user: User) -> dict[str, Any]:
    body, briefings, targets = user.body, user.briefings, user.targets
    return {
        "id": user.id,
        "telegram_user_id": user.telegram_user_id,
        "created_at": user.created_at,
        "language": user.language.value,
        "timezone": user.timezone,
        "target_kcal": targets.kcal,
        "target_protein": targets.protein,
        "target_fat": targets.fat,
        "target_carbohydrate": targets.carbohydrate,
        "body_sex": body.sex.value if body else None,
        "body_age_years": body.age_years if body else None,
        "body_height_cm": body.height_cm if body else None,
        "body_weight_kg": body.weight_kg if body else None,
        "body_activity": body.activity.value if body else None,
        "morning_briefing_at": briefings.morning_at,
        "evening_briefing_at": briefings.evening_at,
        "morning_briefing": briefings.morning,
        "evening_briefing": briefings.evening,
        "weekly_briefing": briefings.weekly,
        "blocked_bot": user.blocked_bot,
    }


def _user(row: Row) -> User:
    body = None
    if row["body_sex"] is not None:
        body = {
            "sex": row["body_sex"],
            "age_years": row["body_age_years"],
            "height_cm": row["body_height_cm"],
            "weight_kg": row["body_weight_kg"],
            "activity": row["body_activity"],
        }
    return msgspec.convert(
        {
            "id": row["id"],
            "telegram_user_id": row["telegram_user_id"],
            "created_at": row["created_at"],
            "language": row["language"],
            "timezone": row["timezone"],
            "targets": {
                "kcal": row["target_kcal"],
                "protein": row["target_protein"],
                "fat": row["target_fat"],
                "carbohydrate": row["target_carbohydrate"],
            },
            "body": body,
            "briefings": {
                "morning_at": row["morning_briefing_at"],
                "evening_at": row["evening_briefing_at"],
                "morning": row["morning_briefing"],
                "evening": row["evening_briefing"],
                "weekly": row["weekly_briefing"],
            },
            "blocked_bot": row["blocked_bot"],
        },
        User,
    )


class PostgresUserStore:
    def __init__(self, session: Session) -> None:
        self._db = session

    async def get(self, user_id: UserId) -> User | None:
        row = await self._db.fetch_one(GET_USER, {"id": user_id})
        return _user(row) if row else None

    async def by_telegram_id(self, telegram_user_id: int) -> User | None:
        row = await self._db.fetch_one(USER_BY_TELEGRAM_ID, {"telegram_user_id": telegram_user_id})
        return _user(row) if row else None

    async def add(self, user: User) -> None:
        if await self._db.execute(ADD_USER, _params(user)) == 0:
            raise AlreadyExistsError("that user id or Telegram user is registered already")

    async def update(self, user: User) -> None:
        # A savepoint, so that a Telegram id taken by someone else leaves the unit usable.
        async with self._db.savepoint():
            updated = await self._db.execute(UPDATE_USER, _params(user))
        if updated == 0:
            raise UserNotFoundError(f"no user {user.id}")

    async def delete(self, user_id: UserId) -> bool:
        return await self._db.execute(DELETE_USER, {"id": user_id}) > 0

    async def page(self, *, after: UserId | None, limit: int) -> Sequence[User]:
        params = {"after": _BEFORE_ALL if after is None else after, "limit": limit}
        return [_user(row) for row in await self._db.fetch_all(PAGE_OF_USERS, params)]

    async def due_for_briefing(
        self, kind: BriefingKind, now: datetime, *, after: UserId | None, limit: int
    ) -> DueUsers:
        params = {
            "after": _BEFORE_ALL if after is None else after,
            "limit": limit,
            "now": now,
            "kind": kind.value,
            "lateness": MAX_LATENESS,
        }
        rows = await self._db.fetch_all(DUE_FOR[kind], params)
        more = len(rows) > limit
        del rows[limit:]
        users: list[User] = []
        invalid: list[UserId] = []
        for row in rows:
            try:
                if not row["zone_known"]:
                    raise DomainError("unknown timezone")
                users.append(_user(row))
            except (DomainError, msgspec.ValidationError):
                # A zone PostgreSQL knows but Python's zoneinfo does not lands here too.
                invalid.append(UserId(row["id"]))
        last = UserId(rows[-1]["id"]) if more else None
        return DueUsers(users=tuple(users), invalid_timezone=tuple(invalid), last=last)

    async def tables_of(self, user_id: UserId) -> Sequence[UserTable]:
        return await read_user_tables(self._db, user_id)

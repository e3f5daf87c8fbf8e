"""The fake WHOOP: in-memory state shared with its HTTP app, and the control API tests use.

The app runs on its own thread and event loop (`serve_in_thread`), so every touch of the state,
from a request or from a test, holds `lock`.
"""

from __future__ import annotations

import contextlib
import random
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

import httpx
from litestar import Litestar

from tests.fakes.whoop.app import build_app
from tests.fakes.whoop.clock import system_clock
from tests.fakes.whoop.history import Generator, History, Ids
from tests.fakes.whoop.log import LoggedRequest
from tests.fakes.whoop.rate_limit import RateBudget
from tests.fakes.whoop.records import (
    AnyRecord,
    Cycle,
    Recovery,
    ScoreState,
    Sleep,
    WhoopUser,
    Workout,
)
from tests.fakes.whoop.store import UserRecords
from tests.fakes.whoop.tokens import AuthorizationServer, Grant, TokenSet
from tests.fakes.whoop.webhooks import Delivery, SignedWebhook, WebhookType
from tests.support.http import ServedFake

ALL_SCOPES: tuple[str, ...] = (
    "offline",
    "read:recovery",
    "read:cycles",
    "read:sleep",
    "read:workout",
    "read:profile",
    "read:body_measurement",
)
_R = TypeVar("_R", Cycle, Sleep, Recovery, Workout)


class WhoopFake(ServedFake):
    _serve_with = "running_whoop()"

    def __init__(
        self,
        *,
        client_id: str = "whoop-client-id",
        client_secret: str = "whoop-client-secret",
        redirect_uris: Iterable[str] | None = None,
        clock: Callable[[], datetime] = system_clock,
        seed: int = 0,
        expires_in: int = 3600,
        per_minute: int = 100,
        per_day: int = 10_000,
    ) -> None:
        """`redirect_uris=None` accepts any http(s) redirect URI; otherwise an exact match is
        required (RFC 9700). `clock` drives token expiry, rate windows and the default `end`."""
        self.lock = threading.RLock()
        self.clock = clock
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = None if redirect_uris is None else set(redirect_uris)
        self.seed = seed
        self.oauth = AuthorizationServer(
            client_id, client_secret, clock, random.Random(f"{seed}:tokens"), expires_in
        )
        self.budget = RateBudget(per_minute=per_minute, per_day=per_day)
        self.users: dict[int, WhoopUser] = {}
        self.records: dict[int, UserRecords] = {}
        self.signed_in_user: int | None = None
        self.denials_pending = 0
        self.failures_pending: list[int] = []
        self.deliveries: list[Delivery] = []
        self._requests: list[LoggedRequest] = []
        self._generators: dict[int, Generator] = {}
        self._ids = Ids()
        self._rng = random.Random(f"{seed}:fake")

    # --- where it listens ---------------------------------------------------------------------

    @property
    def oauth_base_url(self) -> str:
        """Like https://api.prod.whoop.com/oauth: `/oauth2/auth` and `/oauth2/token` below it."""
        return f"{self.base_url}/oauth"

    @property
    def authorize_url(self) -> str:
        return f"{self.oauth_base_url}/oauth2/auth"

    @property
    def token_url(self) -> str:
        return f"{self.oauth_base_url}/oauth2/token"

    @property
    def api_base_url(self) -> str:
        """Like https://api.prod.whoop.com/developer: `/v2/...` below it."""
        return f"{self.base_url}/developer"

    def app(self) -> Litestar:
        return build_app(self)

    # --- users and consent --------------------------------------------------------------------

    def add_user(
        self,
        *,
        first_name: str = "Olena",
        last_name: str = "Kovalenko",
        email: str | None = None,
        timezone_offset: str = "+03:00",
        user_id: int | None = None,
        **body: Any,
    ) -> WhoopUser:
        """A WHOOP member; the newest one is who approves the next authorization.

        `body` may set height_meter, weight_kilogram, max_heart_rate."""
        with self.lock:
            user_id = user_id or 10_129 + len(self.users)
            user = WhoopUser(
                user_id=user_id,
                email=email or f"member{user_id}@example.com",
                first_name=first_name,
                last_name=last_name,
                timezone_offset=timezone_offset,
                **body,
            )
            self.users[user_id] = user
            self.records[user_id] = UserRecords()
            self._generators[user_id] = Generator(
                user, random.Random(f"{self.seed}:{user_id}"), self._ids
            )
            self.signed_in_user = user_id
            return user

    def sign_in(self, user_id: int) -> None:
        """The member who approves the next authorizations in the browser."""
        with self.lock:
            self._user(user_id)
            self.signed_in_user = user_id

    def deny_next_authorization(self) -> None:
        """The next authorize request redirects back with `error=access_denied`."""
        with self.lock:
            self.denials_pending += 1

    def issue_tokens(self, user_id: int, scopes: Iterable[str] = ALL_SCOPES) -> TokenSet:
        """Tokens as if the member had just linked, without the browser dance."""
        with self.lock:
            self._user(user_id)
            return self.oauth.issue(Grant(user_id, tuple(scopes)))

    def revoke_access(self, user_id: int) -> None:
        """The member withdrew consent: their tokens answer 401 and refreshes `invalid_grant`."""
        with self.lock:
            self.oauth.revoke_user(user_id)

    def expire_access_tokens(self, user_id: int) -> None:
        with self.lock:
            self.oauth.expire_access_tokens(user_id)

    @property
    def refresh_count(self) -> int:
        """Successful refresh-token grants, all users."""
        with self.lock:
            return self.oauth.refreshes

    def refresh_count_for(self, user_id: int) -> int:
        with self.lock:
            return self.oauth.refreshes_by_user.get(user_id, 0)

    @property
    def code_exchange_count(self) -> int:
        with self.lock:
            return self.oauth.code_exchanges

    # --- data -----------------------------------------------------------------------------------

    def generate_history(self, user_id: int, days: int = 30) -> History:
        """`days` days of back-to-back cycles, nightly sleeps, recoveries and ~0.8 workouts a day,
        ending at the clock's now, all scored; deterministic from the fake's seed and the user."""
        with self.lock:
            store = self.records[self._user(user_id).user_id]
            if store.cycles:
                raise RuntimeError(f"user {user_id} already has history; use add_night()")
            history = self._generators[user_id].history(days=days, now=self.clock())
            store.absorb(history)
            return history

    def add_night(
        self,
        user_id: int,
        *,
        onset: datetime | None = None,
        hours: float = 7.5,
        scored: bool = False,
    ) -> tuple[Cycle, Sleep, Recovery]:
        """A new night after the latest: the current cycle ends at `onset` (default: a day after
        it began), a new sleep, cycle and recovery begin. Pending by default, as WHOOP is when a
        sleep first appears."""
        with self.lock:
            store = self.records[self._user(user_id).user_id]
            current = store.current_cycle()
            if onset is None:
                if current is None:
                    raise ValueError("the user has no cycle yet: pass onset=")
                onset = current.start + timedelta(days=1)
            scratch = History(
                cycles=[current] if current else [],
                workouts=[
                    w for w in store.workouts.values() if current and w.start >= current.start
                ],
            )
            state: ScoreState = "SCORED" if scored else "PENDING_SCORE"
            night = self._generators[user_id].add_night(
                scratch, onset=onset, wake=onset + timedelta(hours=hours), state=state
            )
            store.absorb(scratch)
            return night

    def add_workout(
        self,
        user_id: int,
        *,
        start: datetime,
        minutes: float = 45,
        sport_name: str = "running",
        scored: bool = True,
    ) -> Workout:
        with self.lock:
            store = self.records[self._user(user_id).user_id]
            scratch = History()
            state: ScoreState = "SCORED" if scored else "PENDING_SCORE"
            workout = self._generators[user_id].add_workout(
                scratch, start=start, minutes=minutes, sport_name=sport_name, state=state
            )
            store.absorb(scratch)
            return workout

    def set_pending(self, record_id: int | str) -> None:
        """Cycle (int id), sleep or workout (uuid) becomes PENDING_SCORE; a main sleep's recovery
        goes with it."""
        self._set_state(record_id, "PENDING_SCORE")

    def set_unscorable(self, record_id: int | str) -> None:
        self._set_state(record_id, "UNSCORABLE")

    def score(self, record_id: int | str) -> None:
        """Score a pending record (a main sleep scores its recovery too); `updated_at` moves."""
        self._set_state(record_id, "SCORED")

    def _set_state(self, record_id: int | str, state: ScoreState) -> None:
        with self.lock:
            now = self.clock()
            for store in self.records.values():
                if isinstance(record_id, int) and record_id in store.cycles:
                    cycle = store.cycles[record_id]
                    store.cycles[record_id] = replace(cycle, score_state=state, updated_at=now)
                    return
                if isinstance(record_id, str) and record_id in store.workouts:
                    workout = store.workouts[record_id]
                    store.workouts[record_id] = replace(workout, score_state=state, updated_at=now)
                    return
                if isinstance(record_id, str) and record_id in store.sleeps:
                    sleep = replace(store.sleeps[record_id], score_state=state, updated_at=now)
                    store.sleeps[record_id] = sleep
                    recovery = store.recoveries.get(sleep.cycle_id)
                    if recovery is not None and recovery.sleep_id == sleep.id:
                        store.recoveries[sleep.cycle_id] = replace(
                            recovery, score_state=state, updated_at=now
                        )
                    return
            raise KeyError(record_id)

    def delete_workout(self, workout_id: str) -> None:
        with self.lock:
            for store in self.records.values():
                if store.workouts.pop(workout_id, None) is not None:
                    return
            raise KeyError(workout_id)

    def delete_sleep(self, sleep_id: str) -> None:
        """The sleep and the recovery that points at it disappear."""
        with self.lock:
            for store in self.records.values():
                sleep = store.sleeps.pop(sleep_id, None)
                if sleep is not None:
                    recovery = store.recoveries.get(sleep.cycle_id)
                    if recovery is not None and recovery.sleep_id == sleep_id:
                        del store.recoveries[sleep.cycle_id]
                    return
            raise KeyError(sleep_id)

    def cycles(self, user_id: int) -> list[Cycle]:
        """The user's records as the fake holds them, newest first (like the collections)."""
        return self._listed(user_id, lambda s: s.cycles.values())

    def sleeps(self, user_id: int) -> list[Sleep]:
        return self._listed(user_id, lambda s: s.sleeps.values())

    def recoveries(self, user_id: int) -> list[Recovery]:
        return self._listed(user_id, lambda s: s.recoveries.values())

    def workouts(self, user_id: int) -> list[Workout]:
        return self._listed(user_id, lambda s: s.workouts.values())

    def _listed(self, user_id: int, pick: Callable[[UserRecords], Iterable[_R]]) -> list[_R]:
        with self.lock:
            return sorted(pick(self.records[user_id]), key=lambda r: r.start, reverse=True)

    def _user(self, user_id: int) -> WhoopUser:
        try:
            return self.users[user_id]
        except KeyError:
            raise KeyError(f"no WHOOP user {user_id}; add_user() first") from None

    # --- webhooks -----------------------------------------------------------------------------

    def webhook(
        self,
        user_id: int,
        record_id: str | int,
        event: WebhookType,
        *,
        trace_id: str | None = None,
        timestamp_ms: int | None = None,
    ) -> SignedWebhook:
        """A webhook signed with the client secret at the clock's now (or `timestamp_ms`).
        For `recovery.*` events `record_id` is the sleep's UUID, as in v2."""
        with self.lock:
            trace = trace_id or str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            stamp = timestamp_ms if timestamp_ms is not None else self._now_ms()
        return SignedWebhook.build(
            secret=self.client_secret,
            timestamp_ms=stamp,
            user_id=user_id,
            record_id=record_id,
            event=event,
            trace_id=trace,
        )

    def send_webhook(self, url: str, webhook: SignedWebhook, within: float = 10) -> Delivery:
        """Deliver from the calling thread. Don't call it from a test's event loop while that loop
        serves the receiver: use `asend_webhook` there."""
        response = httpx.post(url, content=webhook.body, headers=webhook.headers, timeout=within)
        return self._delivered(url, webhook, response.status_code)

    async def asend_webhook(self, url: str, webhook: SignedWebhook, within: float = 10) -> Delivery:
        async with httpx.AsyncClient(timeout=within) as client:
            response = await client.post(url, content=webhook.body, headers=webhook.headers)
        return self._delivered(url, webhook, response.status_code)

    def emit_webhook(
        self, url: str, user_id: int, record_id: str | int, event: WebhookType, **kw: Any
    ) -> Delivery:
        return self.send_webhook(url, self.webhook(user_id, record_id, event, **kw))

    async def aemit_webhook(
        self, url: str, user_id: int, record_id: str | int, event: WebhookType, **kw: Any
    ) -> Delivery:
        return await self.asend_webhook(url, self.webhook(user_id, record_id, event, **kw))

    def _delivered(self, url: str, webhook: SignedWebhook, status: int) -> Delivery:
        delivery = Delivery(url, webhook, status)
        with self.lock:
            self.deliveries.append(delivery)
        return delivery

    def _now_ms(self) -> int:
        return int(self.clock().timestamp() * 1000)

    # --- faults, budget, request log -------------------------------------------------------------

    def fail_api_requests(self, count: int = 1, status: int = 503) -> None:
        """The next `count` API requests answer `status` (after counting against the budget)."""
        with self.lock:
            self.failures_pending.extend([status] * count)

    @property
    def max_requests_in_any_minute(self) -> int:
        """The most API requests that arrived within any 60 seconds (429s included)."""
        with self.lock:
            return self.budget.max_requests_in_any_minute

    @property
    def rate_limited_count(self) -> int:
        with self.lock:
            return self.budget.rejected

    def log(self, entry: LoggedRequest) -> None:
        with self.lock:
            self._requests.append(entry)

    @property
    def requests(self) -> list[LoggedRequest]:
        with self.lock:
            return list(self._requests)

    def count(
        self, operation: str | None = None, *, path: str | None = None, status: int | None = None
    ) -> int:
        """How many requests matched, e.g. `count("getSleepById")` or `count(path="/v2/cycle")`.
        `path` is compared without the `/developer` or `/oauth` prefix."""
        with self.lock:
            return sum(
                1
                for r in self._requests
                if (operation is None or r.operation == operation)
                and (path is None or path in _path_forms(r.path))
                and (status is None or r.status == status)
            )

    def record(self, record_id: int | str) -> AnyRecord:
        """Any cycle, sleep or workout by id."""
        with self.lock:
            for store in self.records.values():
                found: AnyRecord | None = (
                    store.cycles.get(record_id)
                    if isinstance(record_id, int)
                    else store.sleeps.get(record_id) or store.workouts.get(record_id)
                )
                if found is not None:
                    return found
            raise KeyError(record_id)


def _path_forms(path: str) -> tuple[str, str]:
    """A logged path with and without its `/developer` or `/oauth` mount point."""
    for mount in ("/developer", "/oauth"):
        if path.startswith(mount + "/"):
            return path, path.removeprefix(mount)
    return path, path


@contextlib.contextmanager
def running_whoop(**options: Any) -> Iterator[WhoopFake]:
    """`with running_whoop(clock=ManualClock()) as whoop: whoop.api_base_url ...`"""
    with WhoopFake(**options).serving() as fake:
        yield fake

"""The fake FatSecret: in-memory state shared with its HTTP app, and the control API tests use.

The app runs on its own thread and event loop (`serve_in_thread`), so every touch of the state,
from a request or from a test, holds `lock`.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from litestar import Litestar

from tests.fakes.fatsecret.accounts import AccessCredentials, Accounts, FatSecretUser
from tests.fakes.fatsecret.app import build_app
from tests.fakes.fatsecret.diary import MEALS, Diaries, DiaryEntry
from tests.fakes.fatsecret.foods import Food, seed_foods
from tests.fakes.fatsecret.log import LoggedCall, Timeout
from tests.fakes.fatsecret.methods import EmptyDay
from tests.fakes.fatsecret.render import date_int
from tests.support.http import ServedFake


def system_clock() -> datetime:
    return datetime.now(UTC)


class FatSecretFake(ServedFake):
    _serve_with = "running_fatsecret()"

    def __init__(
        self,
        *,
        consumer_key: str = "fatsecret-consumer-key",
        consumer_secret: str = "fatsecret-consumer-secret",
        clock: Callable[[], datetime] = system_clock,
        seed: int = 0,
        timestamp_tolerance: int = 300,
    ) -> None:
        """`clock` is what oauth_timestamp is checked against and what "today" means."""
        self.lock = threading.RLock()
        self.clock = clock
        self.accounts = Accounts(
            consumer_key, consumer_secret, random.Random(f"{seed}:accounts"), timestamp_tolerance
        )
        self.foods: list[Food] = seed_foods()
        self.diaries = Diaries()
        self.single_child_as_object = False
        self.empty_day: EmptyDay = "null"
        self.signed_in_user: FatSecretUser | None = None
        self.denials_pending = 0
        self.too_many_actions_pending = 0
        self.failures_pending: list[int] = []
        self.timeouts: list[Timeout] = []
        self._calls: list[LoggedCall] = []

    # --- where it listens ---------------------------------------------------------------------

    @property
    def oauth_base_url(self) -> str:
        """Like https://authentication.fatsecret.com/oauth: request_token, authorize,
        access_token below it."""
        return f"{self.base_url}/oauth"

    @property
    def request_token_url(self) -> str:
        return f"{self.oauth_base_url}/request_token"

    @property
    def authorize_url(self) -> str:
        return f"{self.oauth_base_url}/authorize"

    @property
    def access_token_url(self) -> str:
        return f"{self.oauth_base_url}/access_token"

    @property
    def api_base_url(self) -> str:
        """Like https://platform.fatsecret.com/rest: server.api and the URL-based paths."""
        return f"{self.base_url}/rest"

    @property
    def server_api_url(self) -> str:
        return f"{self.api_base_url}/server.api"

    def app(self) -> Litestar:
        return build_app(self)

    # --- users and credentials ----------------------------------------------------------------

    @property
    def consumer_key(self) -> str:
        return self.accounts.consumer_key

    @property
    def consumer_secret(self) -> str:
        return self.accounts.consumer_secret

    def add_user(self, name: str | None = None) -> FatSecretUser:
        """A FatSecret account; the newest one is who approves the next authorization."""
        with self.lock:
            number = len(self.accounts.users) + 1
            user = FatSecretUser(user_id=f"fs-user-{number}", name=name or f"user{number}")
            self.accounts.users[user.user_id] = user
            self.signed_in_user = user
            return user

    def sign_in(self, user: FatSecretUser) -> None:
        """The account that approves the next authorizations in the browser."""
        with self.lock:
            self.signed_in_user = user

    def deny_next_authorization(self) -> None:
        """The next authorize redirects back with `denied=<token>` and no verifier (FatSecret's
        real deny behaviour is undocumented)."""
        with self.lock:
            self.denials_pending += 1

    def issue_access_token(self, user: FatSecretUser) -> AccessCredentials:
        """Credentials as if the user had linked (or as profile.create gives), no browser dance."""
        with self.lock:
            return self.accounts.issue_access(user)

    def credentials_of(self, user: FatSecretUser) -> AccessCredentials | None:
        with self.lock:
            return self.accounts.credentials_of(user)

    def user_of(self, credentials: AccessCredentials) -> FatSecretUser:
        """Whose credentials these are (revoked ones included)."""
        with self.lock:
            return self.accounts.access[credentials.token].user

    def revoke(self, user: FatSecretUser) -> None:
        """The user's access token stops working: every call with it answers error 9."""
        with self.lock:
            self.accounts.revoke(user)

    # --- the diary ----------------------------------------------------------------------------

    @staticmethod
    def date_int(day: date) -> int:
        return date_int(day)

    def today(self) -> int:
        return date_int(self.clock().date())

    def diary(self, user: FatSecretUser, day: int | None = None) -> list[DiaryEntry]:
        """The user's entries (of one `day`, a date_int, if given), oldest first."""
        with self.lock:
            return self.diaries.of(user.user_id, day)

    def add_entry(
        self,
        user: FatSecretUser,
        *,
        food_id: str,
        serving_id: str,
        number_of_units: Decimal | str | int,
        meal: str,
        day: int,
        food_entry_name: str | None = None,
    ) -> DiaryEntry:
        """An entry made directly in FatSecret's own app (not through the API)."""
        with self.lock:
            food = self.food(food_id)
            serving = food.serving(serving_id)
            if serving is None or meal not in MEALS:
                raise ValueError(f"no serving {serving_id} of {food_id}, or bad meal {meal!r}")
            return self.diaries.create(
                user_id=user.user_id,
                food=food,
                serving=serving,
                units=Decimal(number_of_units),
                meal=meal,
                date_int=day,
                name=food_entry_name or food.food_name,
            )

    def edit_entry(self, food_entry_id: str, **changes: Any) -> DiaryEntry:
        """Edit in FatSecret's own app: serving_id=, number_of_units=, meal=, food_entry_name=."""
        with self.lock:
            entry = self.diaries.entries[food_entry_id]
            food = self.food(entry.food_id)
            serving = food.serving(changes["serving_id"]) if "serving_id" in changes else None
            units = changes.get("number_of_units")
            return self.diaries.edit(
                entry,
                food=food,
                serving=serving,
                units=None if units is None else Decimal(units),
                meal=changes.get("meal"),
                name=changes.get("food_entry_name"),
            )

    def delete_entry(self, food_entry_id: str) -> None:
        with self.lock:
            del self.diaries.entries[food_entry_id]

    def food(self, food_id: str) -> Food:
        found = next((f for f in self.foods if f.food_id == food_id), None)
        if found is None:
            raise KeyError(food_id)
        return found

    # --- faults -------------------------------------------------------------------------------

    def time_out_next(
        self, method: str = "food_entry.create", *, after_commit: bool = True, seconds: float = 10
    ) -> None:
        """The next call of `method` hangs until the client disconnects (its timeout) or `seconds`
        pass. With `after_commit` the write is stored first, so the client cannot know it landed:
        the case reconciliation exists for."""
        with self.lock:
            self.timeouts.append(Timeout(method, after_commit, seconds))

    def too_many_actions(self, count: int = 1) -> None:
        """The next `count` API calls answer error 12 (user is performing too many actions)."""
        with self.lock:
            self.too_many_actions_pending += count

    def fail_requests(self, count: int = 1, status: int = 503) -> None:
        """The next `count` API calls answer a bare HTTP `status` (an outage), changing nothing."""
        with self.lock:
            self.failures_pending.extend([status] * count)

    def take_timeout(self, method: str) -> Timeout | None:
        with self.lock:
            for timeout in self.timeouts:
                if timeout.method == method:
                    self.timeouts.remove(timeout)
                    return timeout
            return None

    # --- the request log ----------------------------------------------------------------------

    def log(self, call: LoggedCall) -> None:
        with self.lock:
            self._calls.append(call)

    @property
    def calls(self) -> list[LoggedCall]:
        with self.lock:
            return list(self._calls)

    def count(self, api_method: str | None = None, *, error_code: int | None = None) -> int:
        """How many calls matched, e.g. `count("food_entry.create")` or `count(error_code=8)`."""
        with self.lock:
            return sum(
                1
                for c in self._calls
                if (api_method is None or c.api_method == api_method)
                and (error_code is None or c.error_code == error_code)
            )


@contextlib.contextmanager
def running_fatsecret(**options: Any) -> Iterator[FatSecretFake]:
    """`with running_fatsecret() as fatsecret: fatsecret.server_api_url ...`"""
    with FatSecretFake(**options).serving() as fake:
        yield fake

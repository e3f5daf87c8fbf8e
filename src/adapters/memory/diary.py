from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

import msgspec

from application.errors import CredentialsRejectedError, ServiceUnavailableError
from application.ports.connections import ProviderCredentials
from application.ports.diary import DiaryRecord, DiaryWriteOutcomeUnknownError
from domain.meals.entry import FoodEntry
from domain.meals.food import FatSecretFood, FoodItem, OwnFood


class FakeDiary:
    """A food diary per access token, like FatSecret's: lines by date, each with its own id.

    `rejected` tokens are refused; `down` makes every call fail; `unacknowledged_writes` makes
    that many of the next writes land and then fail as if their answer was lost."""

    def __init__(self) -> None:
        self.lines: dict[str, dict[str, DiaryRecord]] = {}
        self.rejected: set[str] = set()
        self.down = False
        self.unacknowledged_writes = 0
        self.calls: list[str] = []
        self._next_ref = 1

    def _account(self, credentials: ProviderCredentials, call: str) -> dict[str, DiaryRecord]:
        if self.down:
            raise ServiceUnavailableError("diary is down")
        if credentials.access_token in self.rejected:
            raise CredentialsRejectedError("token refused")
        self.calls.append(call)
        return self.lines.setdefault(credentials.access_token, {})

    def add_line(self, access_token: str, line: DiaryRecord) -> None:
        """A line the user wrote in the diary themselves."""
        self.lines.setdefault(access_token, {})[line.diary_ref] = line

    def new_ref(self) -> str:
        ref = f"diary-{self._next_ref}"
        self._next_ref += 1
        return ref

    @staticmethod
    def _line(ref: str, entry: FoodEntry, item: FoodItem) -> DiaryRecord:
        return DiaryRecord(
            diary_ref=ref,
            local_date=entry.local_date,
            meal=entry.meal,
            name=item.canonical_name,
            source=item.source
            if isinstance(item.source, FatSecretFood)
            else OwnFood(name=item.canonical_name),
            grams=item.grams,
            nutrients=item.nutrients,
        )

    async def write(
        self, credentials: ProviderCredentials, entry: FoodEntry
    ) -> tuple[str | None, ...]:
        account = self._account(credentials, "write")
        refs: list[str | None] = []
        for item in entry.items:
            if item.diary_ref is not None:
                refs.append(item.diary_ref)
                continue
            ref = self.new_ref()
            account[ref] = self._line(ref, entry, item)
            refs.append(ref)
        if self.unacknowledged_writes:
            self.unacknowledged_writes -= 1
            raise DiaryWriteOutcomeUnknownError("the diary did not answer")
        return tuple(refs)

    async def find_written(
        self, credentials: ProviderCredentials, entry: FoodEntry, *, exclude: Collection[str]
    ) -> tuple[str | None, ...]:
        account = self._account(credentials, "find_written")
        taken = set(exclude) | set(entry.diary_refs)
        found: list[str | None] = []
        for item in entry.items:
            if item.diary_ref is not None:
                found.append(item.diary_ref)
                continue
            wanted = self._line("", entry, item)
            match = next(
                (
                    ref
                    for ref, line in account.items()
                    if ref not in taken and line == msgspec.structs.replace(wanted, diary_ref=ref)
                ),
                None,
            )
            if match is not None:
                taken.add(match)
            found.append(match)
        return tuple(found)

    async def edit(self, credentials: ProviderCredentials, entry: FoodEntry) -> None:
        account = self._account(credentials, "edit")
        for item in entry.items:
            line = account.get(item.diary_ref or "")
            if line is not None:
                account[line.diary_ref] = DiaryRecord(
                    diary_ref=line.diary_ref,
                    local_date=line.local_date,
                    meal=line.meal,
                    name=line.name,
                    source=line.source,
                    grams=item.grams,
                    nutrients=item.nutrients,
                )

    async def delete(self, credentials: ProviderCredentials, diary_refs: Sequence[str]) -> None:
        account = self._account(credentials, "delete")
        for ref in diary_refs:
            account.pop(ref, None)

    async def entries_on(
        self, credentials: ProviderCredentials, local_date: date
    ) -> Sequence[DiaryRecord]:
        account = self._account(credentials, "entries_on")
        return [line for line in account.values() if line.local_date == local_date]

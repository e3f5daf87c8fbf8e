"""A fake FatSecret Platform API (OAuth 1.0 three-legged linking with every signature verified,
food search, per-user diaries, string-typed JSON and its quirks, faults), served over real HTTP.
See `FatSecretFake` for the control API."""

from tests.fakes.fatsecret.accounts import AccessCredentials, FatSecretError, FatSecretUser
from tests.fakes.fatsecret.diary import DiaryEntry
from tests.fakes.fatsecret.fake import FatSecretFake, running_fatsecret
from tests.fakes.fatsecret.foods import Food, Serving
from tests.fakes.fatsecret.log import LoggedCall
from tests.fakes.fatsecret.render import date_int

__all__ = [
    "AccessCredentials",
    "DiaryEntry",
    "FatSecretError",
    "FatSecretFake",
    "FatSecretUser",
    "Food",
    "LoggedCall",
    "Serving",
    "date_int",
    "running_fatsecret",
]

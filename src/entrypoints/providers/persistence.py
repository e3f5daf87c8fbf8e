"""PostgreSQL behind the store ports, the system ports, and the use cases that need nothing else.

APP scope: the token cipher, the id generator (its node id is taken from the database once),
the clock and the secret generator. REQUEST scope: one unit of work per request, update or job,
shared by every use case of that request. No finalizer commits: the use case commits, and the
unit rolls back whatever it did not.
"""

from __future__ import annotations

from dishka import Provider, Scope, provide, provide_all

from adapters.crypto.tokens import TokenCipher
from adapters.postgres.system import SystemClock, UrlSafeSecrets, snowflake_ids
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from application.briefings.compose_evening import ComposeEveningSummary
from application.briefings.compose_morning import ComposeMorningBriefing
from application.briefings.compose_weekly import ComposeWeeklyReport
from application.conversations.clean_up_conversations import CleanUpConversations
from application.meals.edit_entry_grams import EditEntryGrams
from application.meals.undo_entry import UndoEntry
from application.ports.system import Clock, IdGenerator, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from application.users.export_user_data import ExportUserData
from application.users.register_user import RegisterUser
from application.users.update_settings import UpdateSettings
from entrypoints.config import Settings
from entrypoints.providers.infrastructure import Pool
from entrypoints.secrets import token_cipher


class PersistenceProvider(Provider):
    @provide(scope=Scope.APP)
    def cipher(self, settings: Settings) -> TokenCipher:
        return token_cipher(settings)

    @provide(scope=Scope.APP)
    async def ids(self, pool: Pool) -> IdGenerator:
        return await snowflake_ids(pool)

    clock = provide(SystemClock, provides=Clock, scope=Scope.APP)
    secrets = provide(UrlSafeSecrets, provides=SecretGenerator, scope=Scope.APP)

    @provide(scope=Scope.REQUEST)
    def unit_of_work(self, pool: Pool, cipher: TokenCipher) -> UnitOfWork:
        return PostgresUnitOfWork(pool, cipher)

    use_cases = provide_all(
        RegisterUser,
        UpdateSettings,
        ExportUserData,
        UndoEntry,
        EditEntryGrams,
        CleanUpConversations,
        ComposeMorningBriefing,
        ComposeEveningSummary,
        ComposeWeeklyReport,
        scope=Scope.REQUEST,
    )

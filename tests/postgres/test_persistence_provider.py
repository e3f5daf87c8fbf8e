"""The container serves the PostgreSQL unit of work and the use cases that need only it."""

from cryptography.fernet import Fernet
from dishka import AsyncContainer, Scope, make_async_container

from application.briefings.compose_evening import ComposeEveningSummary
from application.briefings.compose_morning import ComposeMorningBriefing
from application.briefings.compose_weekly import ComposeWeeklyReport
from application.conversations.clean_up_conversations import CleanUpConversations
from application.meals.edit_entry_grams import EditEntryGrams
from application.meals.undo_entry import UndoEntry
from application.ports.system import Clock, IdGenerator, SecretGenerator
from application.ports.unit_of_work import UnitOfWork
from application.users.export_user_data import ExportUserData
from application.users.register_user import RegisterUser, RegisterUserRequest, Sender
from application.users.update_settings import UpdateSettings, UpdateSettingsRequest
from domain.users import Language
from entrypoints.config import Settings
from entrypoints.ioc import default_providers
from entrypoints.providers.persistence import PersistenceProvider
from entrypoints.runtime import Servers
from tests.contracts.seed import next_id


def _container(database_url: str, redis_url: str) -> AsyncContainer:
    settings = Settings(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        TOKEN_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    return make_async_container(
        *default_providers(),
        PersistenceProvider(),
        context={Settings: settings, Servers: Servers(database_url, redis_url)},
    )


async def test_every_use_case_it_provides_can_be_built(database_url: str, redis_url: str) -> None:
    container = _container(database_url, redis_url)
    try:
        async with container(scope=Scope.REQUEST) as request:
            for use_case in (
                RegisterUser, UpdateSettings, ExportUserData, UndoEntry, EditEntryGrams,
                CleanUpConversations, ComposeMorningBriefing, ComposeEveningSummary,
                ComposeWeeklyReport,
            ):  # fmt: skip
                assert isinstance(await request.get(use_case), use_case)
    finally:
        await container.close()


async def test_a_request_registers_a_user_the_next_request_finds(
    database_url: str, redis_url: str
) -> None:
    container = _container(database_url, redis_url)
    telegram_user_id = next_id()
    try:
        async with container(scope=Scope.REQUEST) as request:
            register = await request.get(RegisterUser)
            registered = await register.execute(
                RegisterUserRequest(
                    sender=Sender(telegram_user_id=telegram_user_id, language_code="en")
                )
            )
            assert await request.get(UnitOfWork) is await request.get(UnitOfWork)
        async with container(scope=Scope.REQUEST) as request:
            update = await request.get(UpdateSettings)
            updated = await update.execute(
                UpdateSettingsRequest(user_id=registered.user.id, language=Language.UK)
            )
            again = await (await request.get(RegisterUser)).execute(
                RegisterUserRequest(sender=Sender(telegram_user_id=telegram_user_id))
            )
        assert registered.created and not again.created
        assert again.user == updated.user
        assert updated.user.language is Language.UK
        ids = await container.get(IdGenerator)
        assert ids is await container.get(IdGenerator)
        assert ids.next_id() > registered.user.id  # ids grow with time
        assert (await container.get(Clock)).now().tzinfo is not None
        assert len((await container.get(SecretGenerator)).token()) >= 43
    finally:
        await container.close()

from cryptography.fernet import Fernet

from entrypoints.config import Settings
from entrypoints.worker.schedules import configured_cron_table, cron_table

PROVIDER_JOBS = {
    "reconcile_wearables",
    "refresh_wearable_tokens",
    "import_diaries",
    "check_diary_links",
    "drain_diary_outbox",
}


def _names(table: list) -> set[str]:  # type: ignore[type-arg]
    return {job.name.removeprefix("cron:") for job in table}


def test_a_provider_that_is_not_configured_has_no_jobs() -> None:
    bare = _names(
        configured_cron_table(Settings(TOKEN_ENCRYPTION_KEYS=Fernet.generate_key().decode()))
    )
    assert bare & PROVIDER_JOBS == set()
    assert {"briefings_tick", "clean_up_conversations", "housekeeping"} <= bare


def test_configured_providers_bring_their_jobs() -> None:
    settings = Settings(
        WHOOP_CLIENT_ID="id",
        WHOOP_CLIENT_SECRET="secret",
        FATSECRET_CONSUMER_KEY="key",
        FATSECRET_CONSUMER_SECRET="secret",
    )
    assert _names(configured_cron_table(settings)) >= PROVIDER_JOBS
    assert _names(configured_cron_table(settings)) == _names(cron_table())

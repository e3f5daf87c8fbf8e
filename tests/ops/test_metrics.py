"""`/metrics` after an end-to-end run shows the seed's four metrics with values the run made:
request durations per route, WHOOP syncs by outcome, the error counter, and active users
counted from the database."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from adapters.observability.metrics import Metrics
from application.connections.complete_connection import SYNC_WEARABLE_JOB
from entrypoints.worker.observe import METRICS_KEY
from entrypoints.worker.sync_jobs import sync_wearable
from tests.fakes.fatsecret import FatSecretFake
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.whoop import WhoopFake
from tests.ops.journey import run_journey
from tests.ops.site import ADMIN_TOKEN, Site, running_site, site_settings

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def _samples(exposition: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def _value(samples: Samples, name: str, **labels: str) -> float:
    """The sum over every series of `name` whose labels include `labels` (0 when none)."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


async def _run_queued_wearable_syncs(site: Site) -> int:
    """Run the WHOOP syncs the link queued through the worker's job function, as arq would
    (a request container per job, the process's Metrics in ctx)."""
    metrics = await site.container.get(Metrics)
    ran = 0
    while (job := site.outside.jobs.take()) is not None:
        if job.job != SYNC_WEARABLE_JOB:
            continue
        async with site.container() as request:
            ctx: dict[str, Any] = {
                "dishka_request_container": request,
                METRICS_KEY: metrics,
                "job_try": 1,
            }
            assert await sync_wearable(ctx, job.payload) == "synced"  # type: ignore[call-arg]
        ran += 1
    return ran


async def test_metrics_show_the_seed_metrics_after_a_whole_run(
    database_url: str,
    redis_url: str,
    whoop: WhoopFake,
    fatsecret: FatSecretFake,
    openai: FakeOpenAI,
) -> None:
    settings = site_settings(whoop, fatsecret, openai)
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    async with running_site(settings, database_url, redis_url) as site:
        before = _samples((await site.http.get("/metrics", headers=auth)).text)
        await run_journey(site, whoop, fatsecret, openai)
        assert await _run_queued_wearable_syncs(site) == 1
        await site.http.get("/health/live")
        scrape = await site.http.get("/metrics", headers=auth)
        refused = await site.http.get("/metrics", headers={"Authorization": "Bearer wrong"})

    assert (scrape.status_code, refused.status_code) == (200, 401)
    samples = _samples(scrape.text)
    # Before the run nobody was active; the run's user wrote a meal today.
    assert _value(before, "active_users", window="day") == 0
    assert _value(samples, "active_users", window="day") == 1
    assert _value(samples, "active_users", window="month") == 1
    assert _value(samples, "sync_total", provider="whoop", outcome="success") == 1
    assert _value(samples, "sync_total", provider="whoop", outcome="failure") == 0
    # Timed by route template: the signed and the forged webhook under one route.
    hooks = "http_request_duration_seconds_count"
    assert _value(samples, hooks, route="/whoop/webhook") == 2
    assert _value(samples, hooks, route="/whoop/webhook", status="401") == 1
    assert _value(samples, hooks, route="/health/live") == 1
    # The run had no unhandled error; the series is there to be rated from the first scrape.
    assert ("errors_total", frozenset({("component", "http")})) in samples
    assert _value(samples, "errors_total") == 0

"""Reading WHOOP records: pages, limits, scores, failures — against the fake over real HTTP."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs

import msgspec
import pytest

from adapters.whoop.gateway import WhoopGateway
from adapters.whoop.transport import WhoopTransport
from application.errors import CredentialsRejectedError, ServiceUnavailableError
from application.ports.connections import ProviderCredentials
from domain.recovery.records import ScoreState
from tests.fakes.whoop import ManualClock, running_whoop
from tests.whoop.world import REDIRECT_URI, VirtualTime, World, world


def _credentials(w: World, whoop_user_id: int) -> ProviderCredentials:
    tokens = w.fake.issue_tokens(whoop_user_id)
    return ProviderCredentials(access_token=tokens.access_token, refresh_token=tokens.refresh_token)


async def test_a_window_is_read_page_by_page_with_the_largest_page_whoop_allows(
    w: World, manual: ManualClock
) -> None:
    member = w.fake.add_user(timezone_offset="-05:00")
    history = w.fake.generate_history(member.user_id, days=60)
    records = await w.gateway.fetch(
        _credentials(w, member.user_id), manual() - timedelta(days=61), manual()
    )
    assert sorted(c.id for c in records.cycles) == sorted(str(c.id) for c in history.cycles)
    assert {s.id for s in records.sleeps} == {s.id for s in history.sleeps}
    assert {r.cycle_id for r in records.recoveries} == {str(r.cycle_id) for r in history.recoveries}
    assert {x.id for x in records.workouts} == {x.id for x in history.workouts}
    assert len(records.cycles) == len(history.cycles)  # each once
    pages = [r for r in w.fake.requests if r.operation == "getCycleCollection"]
    assert len(pages) == -(-len(history.cycles) // 25)  # every page, none twice
    queries = [parse_qs(r.query) for r in pages]
    assert all(q["limit"] == ["25"] for q in queries)
    assert "nextToken" not in queries[0] and all("nextToken" in q for q in queries[1:])
    assert all(r.status == 200 for r in w.fake.requests)
    assert {r.utc_offset_minutes for r in records.recoveries} == {-300}


async def test_whoop_words_become_ours(w: World, manual: ManualClock) -> None:
    member = w.fake.add_user(timezone_offset="+05:30")
    w.fake.generate_history(member.user_id, days=3)
    credentials = _credentials(w, member.user_id)
    records = await w.gateway.fetch(credentials, manual() - timedelta(days=4), manual())
    raw = w.fake.cycles(member.user_id)[1]  # a finished, scored cycle
    [cycle] = [c for c in records.cycles if c.id == str(raw.id)]
    assert cycle.utc_offset_minutes == 330
    assert cycle.score_state is ScoreState.SCORED and cycle.score is not None
    assert raw.score is not None
    assert cycle.score.energy_kcal == Decimal(str(raw.score["kilojoule"])) / Decimal("4.184")
    raw_sleep = w.fake.sleeps(member.user_id)[0]
    sleep = await w.gateway.sleep(credentials, raw_sleep.id)
    assert sleep is not None and sleep.score is not None
    assert raw_sleep.score is not None
    stages = raw_sleep.score["stage_summary"]
    assert sleep.score.stages.deep == timedelta(
        milliseconds=stages["total_slow_wave_sleep_time_milli"]
    )
    assert sleep.cycle_id == str(raw_sleep.cycle_id)


async def test_a_pending_record_has_no_score_until_whoop_scores_it(w: World) -> None:
    member = w.fake.add_user()
    w.fake.generate_history(member.user_id, days=2)
    _, sleep, _ = w.fake.add_night(member.user_id)  # pending, as WHOOP first shows it
    credentials = _credentials(w, member.user_id)
    pending = await w.gateway.recovery_after_sleep(credentials, sleep.id)
    assert [s.score_state for s in pending.sleeps] == [ScoreState.PENDING]
    assert [r.score for r in pending.recoveries] == [None]
    w.fake.score(sleep.id)
    scored = await w.gateway.recovery_after_sleep(credentials, sleep.id)
    assert [r.score_state for r in scored.recoveries] == [ScoreState.SCORED]
    assert scored.recoveries[0].score is not None
    assert scored.recoveries[0].sleep_id == sleep.id
    assert w.fake.count("getSleepById") == 2 and w.fake.count("getRecoveryForCycle") == 2


async def test_a_record_whoop_no_longer_has_is_none(w: World) -> None:
    member = w.fake.add_user()
    w.fake.generate_history(member.user_id, days=5)
    credentials = _credentials(w, member.user_id)
    workout, sleep = w.fake.workouts(member.user_id)[0], w.fake.sleeps(member.user_id)[0]
    w.fake.delete_workout(workout.id)
    w.fake.delete_sleep(sleep.id)
    assert await w.gateway.workout(credentials, workout.id) is None
    assert await w.gateway.sleep(credentials, sleep.id) is None
    assert (await w.gateway.recovery_after_sleep(credentials, sleep.id)).is_empty


async def test_a_refused_token_is_credentials_rejected(w: World, manual: ManualClock) -> None:
    member = w.fake.add_user()
    credentials = _credentials(w, member.user_id)
    w.fake.expire_access_tokens(member.user_id)
    with pytest.raises(CredentialsRejectedError):
        await w.gateway.fetch(credentials, manual() - timedelta(days=1), manual())
    assert w.fake.count(status=401) == 1  # no retry of a refusal


async def test_server_errors_are_retried_a_bounded_number_of_times(
    w: World, manual: ManualClock
) -> None:
    member = w.fake.add_user()
    w.fake.generate_history(member.user_id, days=2)
    credentials = _credentials(w, member.user_id)
    w.fake.fail_api_requests(2, status=503)
    records = await w.gateway.fetch(credentials, manual() - timedelta(days=3), manual())
    assert records.cycles and w.fake.count(status=503) == 2
    w.fake.fail_api_requests(10, status=500)
    with pytest.raises(ServiceUnavailableError):
        await w.gateway.fetch(credentials, manual() - timedelta(days=3), manual())
    assert w.fake.count(status=500) == 4  # one try and three retries


async def test_an_unreachable_whoop_is_unavailable(w: World) -> None:
    nowhere = msgspec.structs.replace(w.config, api_base_url="http://127.0.0.1:9/developer")
    gateway = WhoopGateway(WhoopTransport(w.http, nowhere, w.budget, backoff_s=0.001))
    with pytest.raises(ServiceUnavailableError):
        await gateway.sleep(ProviderCredentials(access_token="t"), "a-sleep-id")


async def test_a_429_pauses_us_until_whoops_reset_then_goes_on(
    redis_url: str, manual: ManualClock
) -> None:
    time = VirtualTime(manual)
    with running_whoop(clock=manual, redirect_uris=[REDIRECT_URI], per_minute=5) as fake:
        async with world(fake, redis_url, manual, time=time) as w:
            member = fake.add_user()
            fake.generate_history(member.user_id, days=2)
            credentials = _credentials(w, member.user_id)
            # Someone our budget does not know about spends WHOOP's minute (another deployment).
            for _ in range(5):
                await w.http.get(f"{fake.api_base_url}/v2/cycle")
            started = manual()
            async with time.participant():
                records = await w.gateway.fetch(credentials, manual() - timedelta(days=3), manual())
    assert records.cycles and records.sleeps and records.recoveries
    assert fake.rate_limited_count == 1  # after the 429, we waited for X-RateLimit-Reset
    assert manual() - started >= timedelta(seconds=59)  # virtual seconds: the test took none

"""WHOOP's JSON at the edge: strict types, tolerant of the shapes the contract leaves open."""

from __future__ import annotations

import msgspec
import pytest

from adapters.whoop import records, wire
from domain.recovery.records import ScoreState

SLEEP = {
    "id": "ecfc6a15-4661-442f-a9a4-f160dd7afae8",
    "cycle_id": 93845,
    "user_id": 10129,
    "created_at": "2022-04-24T11:25:44.774Z",
    "updated_at": "2022-04-24T14:25:44.774Z",
    "start": "2022-04-24T02:25:44.774Z",
    "end": "2022-04-24T10:25:44.774Z",
    "timezone_offset": "-05:00",
    "nap": False,
    "score_state": "PENDING_SCORE",
    "a_field_whoop_adds_later": True,
}


def _sleep(**changes: object) -> wire.Sleep:
    return msgspec.json.decode(msgspec.json.encode({**SLEEP, **changes}), type=wire.Sleep)


def test_a_null_next_token_and_a_null_score_mean_none() -> None:
    page = msgspec.json.decode(
        msgspec.json.encode({"records": [{**SLEEP, "score": None}], "next_token": None}),
        type=wire.Page[wire.Sleep],
    )
    assert page.next_token is None and page.records[0].score is None
    sleep = records.sleep(page.records[0])
    assert (sleep.score_state, sleep.score, sleep.utc_offset_minutes) == (
        ScoreState.PENDING,
        None,
        -300,
    )


def test_types_are_checked_and_times_need_a_zone() -> None:
    with pytest.raises(msgspec.ValidationError):
        _sleep(cycle_id="93845")
    with pytest.raises(msgspec.ValidationError):
        _sleep(start="2022-04-24T02:25:44")
    with pytest.raises(msgspec.ValidationError):
        _sleep(score_state="DONE")


def test_scored_without_a_score_waits_for_the_score() -> None:
    assert records.sleep(_sleep(score_state="SCORED")).score_state is ScoreState.PENDING


def test_utc_offsets() -> None:
    assert [records.offset_minutes(o) for o in ("Z", "+03:00", "-05:30", "+0545")] == [
        0,
        180,
        -330,
        345,
    ]
    with pytest.raises(records.RecordMappingError):
        records.offset_minutes("EST")
    with pytest.raises(records.RecordMappingError):
        records.sleep(_sleep(timezone_offset="+15:00"))  # past any real offset

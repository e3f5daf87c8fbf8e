"""The bot's small pure parts: splitting and escaping, reading answers, places, signatures."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.redis.job_queue import deserialize_job, serialize_job
from adapters.telegram.text import escape, split_message, utf16_length
from entrypoints.bot.callbacks import CallbackSigner, EntryAction
from entrypoints.bot.parsing import parse_grams, parse_numbers, parse_targets, parse_two_times
from entrypoints.bot.timezones import timezone_at, timezone_named


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000), st.integers(20, 200))
def test_split_pieces_fit_and_keep_every_word(text: str, limit: int) -> None:
    pieces = split_message(text, limit)
    assert all(0 < utf16_length(piece) <= limit for piece in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_split_cuts_at_line_ends_then_spaces() -> None:
    assert split_message("aaaa\nbbbb\ncccc", 9) == ["aaaa\nbbbb", "cccc"]
    assert split_message("one two three", 8) == ["one two", "three"]
    assert split_message("😀😀😀", 4) == ["😀😀", "😀"]  # two UTF-16 units each
    assert split_message(" \n \n") == []


def test_escape_leaves_nothing_for_telegram_to_read_as_html() -> None:
    assert escape('<b>&amp; "x"</b>') == '&lt;b&gt;&amp;amp; "x"&lt;/b&gt;'


@pytest.mark.parametrize(
    ("said", "grams"),
    [
        ("150", Decimal(150)),
        ("150 г", Decimal(150)),
        ("150g", Decimal(150)),
        ("72,5 грами", Decimal("72.5")),
        ("0,2 кг", Decimal("200.0")),
        ("2 eggs", None),
        ("a lot", None),
    ],
)
def test_grams(said: str, grams: Decimal | None) -> None:
    assert parse_grams(said) == grams


def test_targets_body_and_times() -> None:
    assert parse_targets("2100") == (Decimal(2100),)
    assert parse_targets("2100 kcal, 140/70/220") == tuple(map(Decimal, (2100, 140, 70, 220)))
    assert parse_targets("2100 140") is None
    assert parse_numbers("34 172 см 68 кг", 3) == (Decimal(34), Decimal(172), Decimal(68))
    assert parse_numbers("2 eggs 3 apples 1 pear", 3) is None
    assert parse_two_times("7:30 21.00") == (time(7, 30), time(21, 0))
    assert parse_two_times("25:00 21:00") is None


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (49.84, 24.03, "Europe/Kyiv"),  # Lviv: nearer Warsaw's principal city than Kyiv's
        (48.62, 22.30, "Europe/Kyiv"),  # Uzhhorod
        (46.48, 30.73, "Europe/Kyiv"),  # Odesa
        (52.23, 21.01, "Europe/Warsaw"),
        (40.71, -74.01, "America/New_York"),
    ],
)
def test_timezone_from_a_location(latitude: float, longitude: float, zone: str) -> None:
    assert timezone_at(latitude, longitude) == zone


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("Львів", "Europe/Kyiv"),
        ("kiev", "Europe/Kyiv"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("europe/warsaw", "Europe/Warsaw"),
        ("New York", "America/New_York"),
        ("Нью-Йорк", "America/New_York"),
        ("Atlantis", None),
    ],
)
def test_timezone_from_a_name(said: str, zone: str | None) -> None:
    assert timezone_named(said) == zone


def test_a_button_is_bound_to_its_user_and_its_meaning() -> None:
    signer = CallbackSigner(b"k" * 32)
    button = signer.entry_button(42, EntryAction.UNDO, 1001)
    assert len(button.pack().encode()) <= 64
    assert signer.verify_entry(button, 42)
    assert not signer.verify_entry(button, 43)
    other_entry = button.model_copy(update={"entry": 1002})
    assert not signer.verify_entry(other_entry, 42)
    assert not CallbackSigner(b"x" * 32).verify_entry(button, 42)
    biggest = signer.entry_button(2**63 - 1, EntryAction.PICK_ITEM, 2**63 - 1, 99)
    assert len(biggest.pack().encode()) <= 64


def test_job_records_are_msgpack_and_never_show_a_payload_in_logs() -> None:
    record = {"t": 1, "f": "process_telegram_update", "a": (b'{"text": "2 eggs"}',), "k": {}}

    decoded = deserialize_job(serialize_job(record))

    [payload] = decoded["a"]
    assert payload == b'{"text": "2 eggs"}'
    assert repr(payload) == "<payload 18 bytes>"  # what arq's INFO log line shows
    failed = {**record, "r": ValueError("user said: 2 eggs")}
    assert deserialize_job(serialize_job(failed))["r"] == "ValueError"  # not the message
    with pytest.raises(TypeError):
        serialize_job({"r": object()})  # anything else is refused, unlike with pickle

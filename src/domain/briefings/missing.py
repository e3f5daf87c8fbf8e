"""A piece of a briefing that cannot be shown says why, instead of showing a zero."""

from __future__ import annotations

import enum

import msgspec

from domain.recovery.records import ScoreState


class Missing(enum.Enum):
    WEARABLE_NOT_LINKED = "wearable_not_linked"
    NO_RECORD = "no_record"  # linked, but nothing recorded for that day (yet)
    NOT_SCORED_YET = "not_scored_yet"
    UNSCORABLE = "unscorable"
    NOTHING_LOGGED = "nothing_logged"


class MissingPiece(msgspec.Struct, frozen=True, kw_only=True, tag="missing"):
    reason: Missing


def missing_for_state(state: ScoreState | None) -> MissingPiece:
    """Why a wearable value is absent, given the score state of its record (None: no record)."""
    if state is ScoreState.PENDING:
        return MissingPiece(reason=Missing.NOT_SCORED_YET)
    if state is ScoreState.UNSCORABLE:
        return MissingPiece(reason=Missing.UNSCORABLE)
    return MissingPiece(reason=Missing.NO_RECORD)


NOT_LINKED = MissingPiece(reason=Missing.WEARABLE_NOT_LINKED)
NOTHING_LOGGED = MissingPiece(reason=Missing.NOTHING_LOGGED)

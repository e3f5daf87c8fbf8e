"""The example notebook runs as part of the suite, so it can never rot."""

import runpy
from decimal import Decimal
from pathlib import Path

import pytest

from domain.briefings.weekly import WeeklyReport

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "weekly_report.py"


def test_the_weekly_report_notebook_runs(capsys: pytest.CaptureFixture[str]) -> None:
    # runpy runs the percent script as plain Python, which is what a jupytext notebook is.
    # It starts its own event loop, so this test is synchronous.
    namespace = runpy.run_path(str(NOTEBOOK), run_name="__main__")
    report = namespace["report"]
    assert isinstance(report, WeeklyReport)
    assert report.logged_days == 7 and report.balance_days == 7
    # Each date's energy out is the one cycle that began the evening before — also on the
    # night the clocks changed — so nothing is doubled or lost.
    cycles = namespace["cycles"]
    assert [day.out_kcal for day in report.days] == [c.energy_kcal for c in cycles[:7]]
    assert report.total_balance_kcal == sum(
        (day.intake_kcal - day.out_kcal for day in report.days), Decimal(0)
    )
    printed = capsys.readouterr().out
    assert "Your week: Mon 24 Mar – Sun 30 Mar" in printed
    assert "week: " in printed

"""Benchmarks: `health-tracker bench` (bench/run.py) measures each scenario beside its
baseline in the same run. The two older scripts (whoop_upsert.py,
whoop_budget_simulation.py) run on their own."""

# Recipes of the Health & Wellness Tracker. Run them through `python3 dev.py <recipe>`,
# which sets up .venv first; `just` alone works too once .venv exists and is on PATH.

set positional-arguments

# List the recipes.
default:
    @just --list

# Run the whole product (embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are set).
run *args:
    health-tracker up "$@"

# Every quality gate, then the whole test suite with coverage.
test *args: lint
    coverage erase
    coverage run -m pytest "$@"
    coverage combine --quiet
    coverage report

# Static checks: formatting, lint, types, import contracts.
lint:
    ruff format --check .
    ruff check .
    mypy
    lint-imports

# Rewrite files to the project's formatting and fix what ruff can fix.
fmt:
    ruff format .
    ruff check --fix .

# Benchmarks: each scenario beside its baseline, median and spread; writes bench/results/latest.json.
bench *args:
    health-tracker bench "$@"

# Apply database migrations.
migrate:
    health-tracker migrate

# syntax=docker/dockerfile:1
# Multi-stage: uv installs the locked dependencies into /app/.venv; the runtime stage is slim
# and runs as an unprivileged user. In a container, DATABASE_URL and REDIS_URL point at real
# servers (see compose.yaml); the embedded ones are for laptops and single-user installs.
FROM python:3.12-slim AS build
RUN pip install --no-cache-dir uv==0.13.9
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
RUN uv sync --frozen --no-dev --no-editable

FROM python:3.12-slim AS runtime
RUN useradd --system --uid 10001 --home-dir /app health
COPY --from=build --chown=health:health /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH HTTP_HOST=0.0.0.0 HTTP_PORT=8000 DATA_DIR=/app/data
USER health
WORKDIR /app
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/ready', timeout=2).status != 200)"
CMD ["health-tracker", "serve"]

"""Prometheus metrics of the seed's monitoring table, on a registry owned by the process.

A registry per container (not prometheus_client's global one) keeps start-up free of import-time
state and lets tests build as many apps as they like.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.http_request_duration = Histogram(
            "http_request_duration_seconds",
            "HTTP request duration by route template",
            ["method", "route", "status"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.sync_total = Counter(
            "sync_total",
            "Syncs with an outside service by outcome (success rate = success / all)",
            ["provider", "outcome"],
            registry=self.registry,
        )
        self.errors_total = Counter(
            "errors_total",
            "Unhandled errors by the part of the product that met them",
            ["component"],
            registry=self.registry,
        )
        self.active_users = Gauge(
            "active_users",
            "Users active in the window, computed from stored activity",
            ["window"],
            registry=self.registry,
        )
        self.job_duration = Histogram(
            "job_duration_seconds",
            "Worker job duration by job and outcome",
            ["job", "outcome"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.queue_depth = Gauge(
            "queue_depth", "Jobs waiting in a queue", ["queue"], registry=self.registry
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)

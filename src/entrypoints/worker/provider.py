"""The worker's own part of the container: the batched briefing tick, and the job routing
(`JobRoutingProvider`, see queues.py) that every process should use."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from application.briefings.send_due_briefings import SendDueBriefings


class WorkerProvider(Provider):
    scope = Scope.REQUEST

    send_due_briefings = provide(SendDueBriefings)

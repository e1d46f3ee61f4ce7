"""What a running worker counts about itself, read by the web views and the dashboard.

Its own module so that the app (which writes the counters) and the views (which read them) both depend
on it and never on each other: ``streams.app`` imports the views, so the views must not import the app.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from streams.metrics import PipelineMetrics


@dataclass
class PipelineStats:
    """Counters the web views report (cumulative since the worker started).

    ``metrics`` adds what /dashboard/ and /metrics show: per-minute series, agent timings, Prometheus.
    """

    articles_in: int = 0
    events_out: int = 0
    articles_stored: int = 0
    dead_letters: dict[str, int] = field(default_factory=dict)
    last_stored_at: float | None = None
    metrics: PipelineMetrics = field(default_factory=PipelineMetrics)

    def extracted(self, articles: int, seconds: float) -> None:
        """The extraction agent took ``articles`` and ran the processors over them in ``seconds``."""
        self.articles_in += articles
        self.metrics.extracted(articles, seconds)

    def stored(self, batch: int, articles: int, events: int, seconds: float) -> None:
        """The sink wrote ``articles`` of a ``batch`` (the rest were dead-lettered) in ``seconds``."""
        self.articles_stored += articles
        self.events_out += events
        self.last_stored_at = time.time()
        self.metrics.stored(batch, articles, events, seconds)

    def dead_lettered(self, reason: str) -> None:
        """One record went to the dead-letter topic for ``reason``."""
        self.dead_letters[reason] = self.dead_letters.get(reason, 0) + 1
        self.metrics.dead_lettered(reason)

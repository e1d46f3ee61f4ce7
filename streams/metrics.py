"""What a worker measures about itself: per-minute series and agent timings for ``/dashboard/``, and
Prometheus metrics for ``/metrics``.

Every series /metrics serves is named in base units (seconds, bytes, totals), the convention
``promtool check metrics`` enforces: Faust's sensor observes its latencies in milliseconds under names like
``*_events_runtime_ms`` and ``*_http_latency``, so those histograms are re-created here in seconds
(``*_events_runtime_seconds``, ``*_http_latency_seconds``) and fed the same observations divided by 1000.

Each app gets its own ``CollectorRegistry`` (one per ``PipelineMetrics``): registering the same metric
name twice in prometheus_client's global registry raises, and tests build the app more than once in
one process. Everything here is in memory and per worker; it restarts from zero with the worker.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, cast

import faust
from aiohttp import web
from faust.sensors.prometheus import MS_LATENCY_BUCKETS, FaustMetrics, PrometheusMonitor
from faust.web import Request, Response, View
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

# Prometheus names are stable across app ids (the app id is a consumer group name, not a metric name).
NAMESPACE = "eventpipe"
FAUST_PREFIX = "eventpipe_faust"

# Batch durations in seconds: an NLP batch of 16 articles takes ~0.05-5 s, a SQL batch ~1 ms-1 s.
DURATION_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

SERIES = ("articles_in", "events_out", "dead_letters")
EXTRACT_AGENT = "extract-articles"
STORE_AGENT = "store-extractions"


class MinuteSeries:
    """Counts per wall-clock minute for the last ``minutes`` minutes; older minutes fall off.

    Minutes are epoch minutes (``int(time // 60)``) so every worker and browser agrees on the buckets.
    """

    def __init__(self, names: Iterable[str], minutes: int = 60, clock: Callable[[], float] = time.time) -> None:
        self.names = tuple(names)
        self.minutes = minutes
        self._clock = clock
        self._buckets: deque[tuple[int, dict[str, int]]] = deque()
        # Agents add from the event loop, views read from the event loop too; the lock keeps the
        # structure consistent if a reader is ever moved to a thread.
        self._lock = threading.Lock()

    def add(self, name: str, count: int = 1) -> None:
        """Add ``count`` to ``name`` in the current minute."""
        if count <= 0:
            return
        minute = int(self._clock() // 60)
        with self._lock:
            if not self._buckets or self._buckets[-1][0] != minute:
                self._buckets.append((minute, dict.fromkeys(self.names, 0)))
            self._buckets[-1][1][name] += count
            while self._buckets and self._buckets[0][0] <= minute - self.minutes:
                self._buckets.popleft()

    def snapshot(self) -> dict[str, Any]:
        """The last ``minutes`` minutes up to the current (partial) one, zeros where nothing happened."""
        now = int(self._clock() // 60)
        first = now - self.minutes + 1
        with self._lock:
            counts = {minute: values for minute, values in self._buckets if minute >= first}
        minutes = list(range(first, now + 1))
        return {
            "minute_starts": [m * 60 for m in minutes],  # epoch seconds, for the chart's time axis
            "series": {name: [counts.get(m, {}).get(name, 0) for m in minutes] for name in self.names},
        }


class Timings:
    """Durations of one agent's batches: totals since start and the most recent ``keep`` for percentiles."""

    def __init__(self, keep: int = 500) -> None:
        self._recent: deque[tuple[float, int]] = deque(maxlen=keep)
        self.batches = 0
        self.items = 0
        self.seconds = 0.0
        self._lock = threading.Lock()

    def observe(self, seconds: float, items: int) -> None:
        """One batch of ``items`` took ``seconds``."""
        with self._lock:
            self._recent.append((seconds, items))
            self.batches += 1
            self.items += items
            self.seconds += seconds

    def snapshot(self) -> dict[str, Any]:
        """Milliseconds per batch (last, p50, p95, max over the recent batches) and per item overall."""
        with self._lock:
            recent = list(self._recent)
            batches, items, seconds = self.batches, self.items, self.seconds
        durations = sorted(s for s, _ in recent)
        return {
            "batches": batches,
            "items": items,
            "last_ms": _ms(recent[-1][0]) if recent else None,
            "p50_ms": _ms(_percentile(durations, 0.50)),
            "p95_ms": _ms(_percentile(durations, 0.95)),
            "max_ms": _ms(durations[-1]) if durations else None,
            "per_item_ms": _ms(seconds / items) if items else None,
            "busy_seconds": round(seconds, 3),
        }


def _percentile(values: list[float], q: float) -> float | None:
    # Nearest rank on the sorted window: simple and exact enough for a dashboard.
    if not values:
        return None
    return values[min(len(values) - 1, int(q * len(values)))]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


class PipelineMetrics:
    """The project's own measurements: Prometheus counters and histograms, minute series, agent timings."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.registry = CollectorRegistry()
        self.articles_in = Counter("articles_in", "Articles taken from the input topic",
                                   namespace=NAMESPACE, registry=self.registry)
        self.articles_stored = Counter("articles_stored", "Articles written to the SQL store",
                                       namespace=NAMESPACE, registry=self.registry)
        self.events_out = Counter("events_out", "Events written to the SQL store",
                                  namespace=NAMESPACE, registry=self.registry)
        self.dead_letters = Counter("dead_letters", "Records sent to the dead-letter topic, by reason code",
                                    ["reason"], namespace=NAMESPACE, registry=self.registry)
        self.extraction_seconds = Histogram(
            "extraction_seconds", "Time to run the processors over one batch of articles (NLP thread)",
            namespace=NAMESPACE, registry=self.registry, buckets=DURATION_BUCKETS)
        self.store_write_seconds = Histogram(
            "store_write_seconds", "Time to write one batch of extractions in one SQL transaction",
            namespace=NAMESPACE, registry=self.registry, buckets=DURATION_BUCKETS)
        self.per_minute = MinuteSeries(SERIES, clock=clock)
        self.timings = {EXTRACT_AGENT: Timings(), STORE_AGENT: Timings()}

    def extracted(self, articles: int, seconds: float) -> None:
        """The extraction agent ran the processors over ``articles`` in ``seconds``."""
        self.articles_in.inc(articles)
        self.extraction_seconds.observe(seconds)
        self.per_minute.add("articles_in", articles)
        self.timings[EXTRACT_AGENT].observe(seconds, articles)

    def stored(self, batch: int, articles: int, events: int, seconds: float) -> None:
        """The sink wrote ``articles`` of a ``batch`` with ``events`` events in ``seconds``."""
        self.articles_stored.inc(articles)
        self.events_out.inc(events)
        self.store_write_seconds.observe(seconds)
        self.per_minute.add("events_out", events)
        self.timings[STORE_AGENT].observe(seconds, batch)

    def dead_lettered(self, reason: str) -> None:
        """One record went to the dead-letter topic."""
        self.dead_letters.labels(reason=reason).inc()
        self.per_minute.add("dead_letters")


# Faust's latency histograms (FaustMetrics field -> our name without the prefix); Faust observes them in ms.
FAUST_MS_HISTOGRAMS = {
    "events_runtime_latency": "events_runtime_seconds",
    "producer_send_latency": "producer_send_latency_seconds",
    "producer_error_send_latency": "producer_error_send_latency_seconds",
    "assign_latency": "assign_latency_seconds",
    "rebalance_done_consumer_latency": "rebalance_done_consumer_latency_seconds",
    "rebalance_done_latency": "rebalance_done_latency_seconds",
    "http_latency": "http_latency_seconds",
    "consumer_commit_latency": "consumer_commit_latency_seconds",
}
FAUST_SECONDS_BUCKETS = tuple(ms / 1000 for ms in MS_LATENCY_BUCKETS)


class MillisecondsAsSeconds:
    """Takes Faust's ``observe(milliseconds)`` calls and records seconds in a histogram named in seconds."""

    def __init__(self, histogram: Histogram) -> None:
        self.histogram = histogram

    def observe(self, milliseconds: float) -> None:
        self.histogram.observe(milliseconds / 1000)


def faust_metrics_in_seconds(registry: CollectorRegistry, prefix: str = FAUST_PREFIX) -> FaustMetrics:
    """Faust's sensor metrics in ``registry``, with every millisecond histogram replaced by one in seconds."""
    metrics = FaustMetrics.create(registry, prefix)
    replaced = {}
    for field_name, name in FAUST_MS_HISTOGRAMS.items():
        original: Histogram = getattr(metrics, field_name)
        registry.unregister(original)
        help_text = original._documentation.replace("in ms", "in seconds")
        if "seconds" not in help_text:
            help_text += " (seconds)"
        replaced[field_name] = MillisecondsAsSeconds(
            Histogram(f"{prefix}_{name}", help_text, registry=registry, buckets=FAUST_SECONDS_BUCKETS))
    return metrics._replace(**replaced)


def setup_metrics(app: faust.App, metrics: PipelineMetrics, pattern: str = "/metrics") -> None:
    """Serve Faust's own sensor metrics and the project's metrics from one registry at ``pattern``.

    Faust's sensor replaces ``app.monitor``, so this must run before the worker starts. It is what
    ``faust.sensors.prometheus.setup_prometheus_sensors`` does, with the latencies in seconds.
    """
    app.monitor = PrometheusMonitor(metrics=faust_metrics_in_seconds(metrics.registry))
    registry = metrics.registry

    @app.page(pattern, name="metrics")
    class Metrics(View):
        async def get(self, request: Request) -> Response:
            # aiohttp's own response, as Faust's handler does: it keeps the exposition format's full
            # content type (version and charset parameters) that Prometheus negotiates on.
            return cast(Response, web.Response(body=generate_latest(registry),
                                               headers={"Content-Type": CONTENT_TYPE_LATEST}))

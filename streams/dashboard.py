"""The people's view of a worker: ``/dashboard/`` (a static page that polls JSON) and the endpoints it reads.

- ``/dashboard/api/pipeline/``: health of broker and store, counters, per-minute series, agent timings,
  consumer lag of this worker's partitions (cheap, polled every few seconds).
- ``/dashboard/api/latest/``: the most recently stored events.
- ``/dashboard/api/casualties/``: killed / injured by country over the last 24 hours.

The page, script and style sheet come from ``streams/static/`` inside the package: nothing is loaded
from the internet. Like every view here, nothing echoes settings, URLs or stack traces; errors are
logged and answered with a short code.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any

import faust
from faust.types import TP
from faust.web import Request, Response, View
from sqlalchemy import Engine

from db.store import casualties_by_country, recent_events, store_reachable
from streams.metrics import setup_metrics

if TYPE_CHECKING:
    from streams.settings import Settings
    from streams.stall import StreamHealth
    from streams.stats import PipelineStats
    from streams.topics import Topics

log = logging.getLogger(__name__)

BROKER_TIMEOUT = 3.0  # seconds; a probe that takes longer counts as "broker unreachable"
LATEST_LIMIT = 25
CASUALTY_WINDOW = timedelta(hours=24)
CASUALTY_COUNTRIES = 30

# The page only talks to its own origin; inline script and remote content are refused by the browser.
PAGE_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
STATIC_FILES = {  # URL name -> content type (aiohttp adds "charset=utf-8"); read once, at registration
    "dashboard.html": "text/html",
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
}


def register_dashboard(app: faust.App, *, settings: Settings, engine: Engine, stats: PipelineStats,
                       topics: Topics, health: StreamHealth | None = None) -> None:
    """Attach /dashboard/, its JSON endpoints and /metrics to the app's web server."""
    setup_metrics(app, stats.metrics)
    static = {name: (resources.files("streams") / "static" / name).read_text("utf-8") for name in STATIC_FILES}
    consumed = {topics.articles.get_topic_name(), topics.extractions.get_topic_name()}
    started_at = time.time()
    earliest: dict[TP, int] = {}  # earliest offsets of never-committed partitions, asked once (see consumer_lag)

    def static_view(name: str) -> type[View]:
        class Static(View):
            async def get(self, request: Request) -> Response:
                return self.text(static[name], content_type=STATIC_FILES[name], headers=PAGE_HEADERS)
        return Static

    app.page("/dashboard/", name="dashboard-page")(static_view("dashboard.html"))
    app.page("/dashboard/dashboard.js", name="dashboard-js")(static_view("dashboard.js"))
    app.page("/dashboard/dashboard.css", name="dashboard-css")(static_view("dashboard.css"))

    @app.page("/dashboard/api/pipeline/", name="dashboard-pipeline")
    class Pipeline(View):
        """Health, counters, series, timings and lag: everything that needs no SQL beyond ``SELECT 1``."""

        async def get(self, request: Request) -> Response:
            try:
                body = await pipeline_state(app, settings, engine, stats, consumed, started_at, earliest, health)
            except Exception:  # noqa: BLE001 - the page shows "unavailable"; details go to the log only
                log.exception("dashboard: pipeline state failed")
                return self.json({"error": "unavailable"}, status=500, headers=API_HEADERS)
            return self.json(body, headers=API_HEADERS)

    @app.page("/dashboard/api/latest/", name="dashboard-latest")
    class Latest(View):
        """The most recently stored events, newest first."""

        async def get(self, request: Request) -> Response:
            try:
                rows = await asyncio.get_running_loop().run_in_executor(None, latest_events, engine, LATEST_LIMIT)
            except Exception:  # noqa: BLE001
                log.exception("dashboard: latest events query failed")
                return self.json({"error": "store unavailable"}, status=503, headers=API_HEADERS)
            return self.json({"events": rows}, headers=API_HEADERS)

    @app.page("/dashboard/api/casualties/", name="dashboard-casualties")
    class Casualties(View):
        """Killed and injured (reconciled best estimates) by country, canonical events updated in the last 24 h."""

        async def get(self, request: Request) -> Response:
            since = datetime.now(UTC) - CASUALTY_WINDOW
            try:
                rows = await asyncio.get_running_loop().run_in_executor(None, casualties_by_country, engine, since,
                                                                          CASUALTY_COUNTRIES)
            except Exception:  # noqa: BLE001
                log.exception("dashboard: casualty query failed")
                return self.json({"error": "store unavailable"}, status=503, headers=API_HEADERS)
            return self.json({"since": since.isoformat(), "basis": "canonical_events.updated_at", "countries": rows},
                             headers=API_HEADERS)


# --- pipeline state -------------------------------------------------------------------------------

async def pipeline_state(app: faust.App, settings: Settings, engine: Engine, stats: PipelineStats,
                         consumed: set[str], started_at: float, earliest: dict[TP, int],
                         health: StreamHealth | None = None) -> dict[str, Any]:
    """What /dashboard/api/pipeline/ answers."""
    store_task = asyncio.get_running_loop().run_in_executor(None, store_reachable, engine)
    broker = await probe_broker(app, settings)
    try:
        lag = [row for row in await consumer_lag(app, earliest) if row["topic"] in consumed]
    except Exception as exc:  # noqa: BLE001 - Kafka did not answer in time: show no lag rather than fail
        log.warning("dashboard: consumer lag unavailable: %s", type(exc).__name__)
        lag = []
    store_ok = await store_task
    metrics = stats.metrics
    # Stalled: commits not moving while there is lag (streams/stall.py), with the agents' own reason.
    stall = health.assess(lag) if health else {"stalled": False, "why": None, "waiting": {}}
    return {
        "time": time.time(),
        "uptime_seconds": round(time.time() - started_at, 1),
        "health": {
            "ready": store_ok and broker["ok"] and not app.rebalancing and not stall["stalled"],
            "stalled": stall["stalled"],
            "stalled_why": stall["why"],
            "waiting": stall["waiting"],
            "broker": broker,
            "database": {"ok": store_ok, "dialect": engine.dialect.name},
            "rebalancing": bool(app.rebalancing),
            "assigned_partitions": len(lag),
        },
        "totals": {"articles_in": stats.articles_in, "articles_stored": stats.articles_stored,
                   "events_out": stats.events_out, "dead_letters": dict(stats.dead_letters),
                   "dead_letters_total": sum(stats.dead_letters.values())},
        "per_minute": metrics.per_minute.snapshot(),
        "timings": {agent: timing.snapshot() for agent, timing in metrics.timings.items()},
        "lag": lag,
    }


async def consumer_lag(app: faust.App, earliest: dict[TP, int],
                       timeout: float = BROKER_TIMEOUT) -> list[dict[str, Any]]:
    """Lag of every partition assigned to this worker: end offset minus committed offset.

    - end offset: the high watermark (next offset the broker will write) that the consumer learnt with
      its last fetch response for the partition; fetches long-poll continuously, so it is at most about
      a second old, and reading it costs no request (Faust's own monitor reads the same value).
    - committed: Faust's record of what it last committed for the partition (Kafka's convention: the
      next offset to read). Before a new consumer group's first commit there is none; then the
      partition's earliest offset is used (where ``auto_offset_reset=earliest`` starts), asked once per
      partition and kept in ``earliest``: the request goes through the consumer thread, which answers
      only between fetches (about 1.5 s).
    """
    consumer = app.consumer
    try:
        assigned = sorted(consumer.assignment())
    except Exception:  # noqa: BLE001 - the consumer thread has not started yet: nothing is assigned
        return []
    # ``_committed_offset`` is a defaultdict in Faust; .get() reads it without inserting keys. Kafka
    # reports "no commit" as None or -1 depending on the client version: both mean unknown here.
    committed: dict[TP, int | None] = {}
    for tp in assigned:
        offset = consumer._committed_offset.get(tp)
        committed[tp] = offset if offset is not None and offset >= 0 else None
    unknown = [tp for tp, offset in committed.items() if offset is None and tp not in earliest]
    if unknown:
        earliest.update(await asyncio.wait_for(consumer.earliest_offsets(*unknown), timeout))
    rows = []
    for tp in assigned:
        end = _highwater(consumer, tp)
        done = committed[tp] if committed[tp] is not None else earliest.get(tp)
        lag = max(end - done, 0) if end is not None and done is not None else None
        rows.append({"topic": tp.topic, "partition": tp.partition, "end_offset": end, "committed": done, "lag": lag})
    return rows


def _highwater(consumer: Any, tp: TP) -> int | None:
    try:
        return consumer.highwater(tp)
    except Exception:  # noqa: BLE001 - revoked in a rebalance since assignment() was read
        return None


async def broker_reachable(app: faust.App, settings: Settings, timeout: float = BROKER_TIMEOUT) -> bool:
    """True when Kafka answers a metadata request in ``timeout`` seconds (see :func:`probe_broker`)."""
    return bool((await probe_broker(app, settings, timeout))["ok"])


async def probe_broker(app: faust.App, settings: Settings, timeout: float = BROKER_TIMEOUT) -> dict[str, Any]:
    """Ask Kafka for cluster metadata with the worker's producer client (same event loop as the views).

    Before the producer has started (or in a process without a worker) a TCP connection to a bootstrap
    server is the best signal available; ``checked_by`` says which probe answered.
    """
    try:
        client = app.producer._ensure_producer().client  # the running AIOKafkaProducer's client
    except Exception:  # noqa: BLE001 - producer not started: fall back to TCP
        return await _tcp_probe(settings, timeout)
    try:
        await asyncio.wait_for(client.fetch_all_metadata(), timeout)
    except Exception as exc:  # noqa: BLE001 - timeout or Kafka error both mean "not reachable"
        log.warning("broker probe failed: %s", type(exc).__name__)
        return {"ok": False, "checked_by": "metadata"}
    return {"ok": True, "checked_by": "metadata"}


async def _tcp_probe(settings: Settings, timeout: float = BROKER_TIMEOUT) -> dict[str, Any]:
    for server in settings.bootstrap_servers.split(","):
        host, _, port = server.rpartition(":")
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout)
        except (TimeoutError, OSError, ValueError):
            continue
        writer.close()
        return {"ok": True, "checked_by": "tcp"}
    return {"ok": False, "checked_by": "tcp"}


# --- SQL ------------------------------------------------------------------------------------------

def latest_events(engine: Engine, limit: int = LATEST_LIMIT) -> list[dict[str, Any]]:
    """The most recently stored (inserted or updated) events, shaped for the page."""
    return [_event_json(row) for row in recent_events(engine, limit)]


def _event_json(row: dict[str, Any]) -> dict[str, Any]:
    url = row["url"]
    return {
        "event_id": row["event_id"],
        "type": row["plover"],  # PLOVER type; the page falls back to the CAMEO code
        "cameo": row["cameo"],
        "source": _actor(row["source_text"], row["source_code"]),
        "target": _actor(row["target_text"], row["target_code"]),
        "place": row["location_name"],
        "country": row["location_country"],
        "date": row["event_date"].isoformat() if row["event_date"] else None,
        "date_precision": row["date_precision"],
        "historical": bool(row["historical"]),
        "killed": row["killed_best"],
        "injured": row["injured_best"],
        # Only web links become clickable; anything else (javascript:, data:) is shown as text at most.
        "url": url if url and url.lower().startswith(("http://", "https://")) else None,
        "publisher": row["source"],
        "title": row["title"],
        "stored_at": row["updated_at"].isoformat() if row["updated_at"] else None,
    }


def _actor(text_: str | None, code: str | None) -> str | None:
    if text_ and code:
        return f"{text_} ({code})"
    return text_ or code

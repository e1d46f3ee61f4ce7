"""Web views on the Faust web server: health for orchestration and a read-only events endpoint.

Views never echo settings, URLs with passwords or stack traces.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import faust
from faust.web import Request, Response, View
from sqlalchemy import Engine

from db.store import EventFilter, query_canonical_events, store_reachable
from streams.dashboard import broker_reachable, consumer_lag

if TYPE_CHECKING:
    from streams.settings import Settings
    from streams.stall import StreamHealth
    from streams.stats import PipelineStats

log = logging.getLogger(__name__)

MAX_PAGE = 500


def register_views(app: faust.App, *, settings: Settings, engine: Engine, stats: PipelineStats,
                   health: StreamHealth | None = None) -> None:
    """Attach the project's pages to the app's web server."""
    earliest: dict[Any, int] = {}  # consumer_lag's cache of never-committed partitions' earliest offsets

    @app.page("/healthz/live/")
    class Liveness(View):
        """Liveness only: the process and its event loop answer (restart the worker when this fails)."""

        async def get(self, request: Request) -> Response:
            return self.json({"live": True})

    @app.page("/healthz/")
    class Health(View):
        """Readiness: the store answers, Kafka answers, no rebalance in progress, and the stream is not
        stalled (commits moved within ``EVENTPIPE_STALL_MINUTES`` wherever there is lag); 503 otherwise."""

        async def get(self, request: Request) -> Response:
            store_ok = await asyncio.get_running_loop().run_in_executor(None, store_reachable, engine)
            broker_ok = await broker_reachable(app, settings)
            assigned = len(app.consumer.assignment()) if app.consumer else 0
            stall = await _stall_state(app, health, earliest)
            ready = store_ok and broker_ok and not app.rebalancing and not stall["stalled"]
            body = {"live": True, "ready": ready, "role": settings.worker_role, "store": store_ok,
                    "broker": broker_ok, "assigned_partitions": assigned, "stalled": stall["stalled"],
                    "stalled_why": stall["why"], "waiting": stall["waiting"],
                    "articles_in": stats.articles_in, "articles_stored": stats.articles_stored,
                    "events_out": stats.events_out, "dead_letters": stats.dead_letters}
            return self.json(body, status=200 if ready else 503)

    @app.page("/api/events/")
    class Events(View):
        """Canonical events as JSON; query parameters are parsed into a typed filter (never SQL)."""

        async def get(self, request: Request) -> Response:
            try:
                flt = _filter_from_query(request.query)
            except ValueError as exc:
                return self.json({"error": str(exc)}, status=400)
            try:
                rows = await asyncio.get_running_loop().run_in_executor(None, query_canonical_events, engine, flt)
            except Exception:  # noqa: BLE001 - the client gets a short code; the details go to the log
                log.exception("/api/events/: query failed")
                return self.json({"error": "store unavailable"}, status=503)
            return self.json({"events": [_jsonable(r) for r in rows], "limit": flt.limit, "offset": flt.offset})


async def _stall_state(app: faust.App, health: StreamHealth | None, earliest: dict[Any, int]) -> dict[str, Any]:
    """``StreamHealth.assess`` on this worker's partitions; not stalled when the lag cannot be read."""
    if health is None:
        return {"stalled": False, "why": None, "waiting": {}}
    try:
        rows = await consumer_lag(app, earliest)
    except Exception as exc:  # noqa: BLE001 - Kafka did not answer in time; the broker probe says so
        log.warning("/healthz/: consumer lag unavailable: %s", type(exc).__name__)
        rows = []
    return health.assess(rows)


# Whole numbers the database compares safely (PostgreSQL integer and bigint; SQLite's 64 bits): a larger
# value from a query string gave an unhandled 500, and SQLite read ``LIMIT -1`` as "no limit".
MAX_OFFSET = 2**31 - 1
MAX_KILLED = 2**31 - 1
_WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")  # ASCII digits only: int() also takes "1_000", " 7" and "٣"


def _filter_from_query(query: Any) -> EventFilter:
    """The typed filter of a query string; ValueError with a message for the client for anything invalid."""
    since = query.get("since")
    min_killed = query.get("min_killed")
    changed_since = _timestamp("changed_since", query["changed_since"]) if query.get("changed_since") else None
    return EventFilter(
        since=_day("since", since) if since else None,
        changed_since=changed_since,
        country=query.get("country") or None,
        event_type=query.get("type") or None,
        min_killed=_whole_number("min_killed", min_killed, 0, MAX_KILLED) if min_killed else None,
        text=query.get("q") or None,
        limit=_whole_number("limit", query.get("limit", "100"), 1, MAX_PAGE),
        offset=_whole_number("offset", query.get("offset", "0"), 0, MAX_OFFSET),
    )


def _whole_number(name: str, raw: str, low: int, high: int) -> int:
    if not _WHOLE_NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _day(name: str, raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{name} must be a date, YYYY-MM-DD") from None


def _timestamp(name: str, raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{name} must be an ISO 8601 date or time, e.g. 2024-03-04T08:00:00+00:00") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}

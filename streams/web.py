"""Web views on the Faust web server: health for orchestration and a read-only events endpoint.

Views never echo settings, URLs with passwords or stack traces.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import faust
from faust.web import Request, Response, View
from sqlalchemy import Engine

from db.store import EventFilter, query_canonical_events, store_reachable
from streams.dashboard import broker_reachable

if TYPE_CHECKING:
    from streams.settings import Settings
    from streams.stats import PipelineStats

MAX_PAGE = 500


def register_views(app: faust.App, *, settings: Settings, engine: Engine, stats: PipelineStats) -> None:
    """Attach the project's pages to the app's web server."""

    @app.page("/healthz/live/")
    class Liveness(View):
        """Liveness only: the process and its event loop answer (restart the worker when this fails)."""

        async def get(self, request: Request) -> Response:
            return self.json({"live": True})

    @app.page("/healthz/")
    class Health(View):
        """Readiness: the store answers, Kafka answers, no rebalance in progress (503 otherwise)."""

        async def get(self, request: Request) -> Response:
            store_ok = await asyncio.get_running_loop().run_in_executor(None, store_reachable, engine)
            broker_ok = await broker_reachable(app, settings)
            assigned = len(app.consumer.assignment()) if app.consumer else 0
            ready = store_ok and broker_ok and not app.rebalancing
            body = {"live": True, "ready": ready, "store": store_ok, "broker": broker_ok,
                    "assigned_partitions": assigned,
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
            rows = await asyncio.get_running_loop().run_in_executor(None, query_canonical_events, engine, flt)
            return self.json({"events": [_jsonable(r) for r in rows], "limit": flt.limit, "offset": flt.offset})


def _filter_from_query(query: Any) -> EventFilter:
    since = query.get("since")
    min_killed = query.get("min_killed")
    changed_since = datetime.fromisoformat(query["changed_since"]) if query.get("changed_since") else None
    if changed_since is not None and changed_since.tzinfo is None:
        changed_since = changed_since.replace(tzinfo=UTC)
    return EventFilter(
        since=date.fromisoformat(since) if since else None,
        changed_since=changed_since,
        country=query.get("country") or None,
        event_type=query.get("type") or None,
        min_killed=int(min_killed) if min_killed else None,
        text=query.get("q") or None,
        limit=min(int(query.get("limit", 100)), MAX_PAGE),
        offset=max(int(query.get("offset", 0)), 0),
    )


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
